"""A person at a browser, without the browser: urllib with a cookie jar, form login, pages
read through html_page, and the "Update firmware" button pressed by posting its form."""

import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request

from .html_page import HtmlPage


class Response:
    def __init__(self, status: int, headers, body: str, url: str):
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url

    @property
    def location(self):
        return self.headers.get("Location") if self.headers else None

    def page(self) -> HtmlPage:
        return HtmlPage(self.body)

    def __repr__(self):
        return f"<{self.status} {self.url}>"


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects are returned to the caller (as HTTPError), so a test sees the 303 itself."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class PrinterPage:
    """The management page of one printer (docs/protocol.md §6, patent Figures 9 and 10)."""

    def __init__(self, response: Response):
        self.response = response
        self.page = response.page()

    @property
    def name(self):
        return self.page.text("printer-name")

    @property
    def printer_id(self):
        return self.page.text("printer-id")

    @property
    def model(self):
        return self.page.text("printer-model")

    @property
    def state(self):
        return self.page.text("printer-state")

    @property
    def registered_at(self):
        return self.page.text("registered-at")

    @property
    def components(self) -> dict:
        return self.page.component_rows()

    def component(self, name: str) -> dict:
        return self.components.get(name) or {}

    @property
    def has_update_button(self) -> bool:
        return self.page.has("update-firmware")

    @property
    def update_pending(self) -> bool:
        return self.page.has("update-pending")

    @property
    def update_failed(self):
        """Text of #update-failed, or None when the page shows no failure."""
        return self.page.text("update-failed")

    @property
    def has_withdraw_button(self) -> bool:
        return self.page.has("withdraw-update")

    @property
    def update_progress(self):
        """The device's printer-state-message while an update runs (#update-progress)."""
        return self.page.text("update-progress")

    def summary(self) -> str:
        return (f"state={self.state!r} components={self.components} "
                f"button={self.has_update_button} pending={self.update_pending} "
                f"failed={self.update_failed!r} progress={self.update_progress!r} "
                f"withdraw={self.has_withdraw_button}")


class WebSession:
    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _KeepRedirects())

    def url(self, path: str) -> str:
        return urllib.parse.urljoin(self.base_url + "/", path)

    def request(self, method: str, path: str, form: dict = None) -> Response:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        req = urllib.request.Request(self.url(path), data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with self.opener.open(req, timeout=30) as response:
                return Response(response.status, response.headers,
                                response.read().decode("utf-8", "replace"), req.full_url)
        except urllib.error.HTTPError as error:
            body = error.read().decode("utf-8", "replace") if error.fp else ""
            return Response(error.code, error.headers, body, req.full_url)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, form: dict) -> Response:
        return self.request("POST", path, form)

    def get_following(self, path: str, hops: int = 5) -> Response:
        response = self.get(path)
        while response.status in (301, 302, 303, 307, 308) and response.location and hops:
            response = self.get(response.location)
            hops -= 1
        return response

    def try_login(self, username: str, password: str) -> Response:
        """Fills in and submits the login form; returns the raw answer (303 on success)."""
        form_page = self.get("/login")
        fields = {}
        action = "/login"
        if form_page.status == 200:
            form = next((f for f in form_page.page().forms()
                         if "password" in f.fields() or f.element.find(
                             lambda e: e.attrs.get("name") == "password")), None)
            if form is not None:
                fields = form.fields()
                action = form.action or action
        fields.update({"username": username, "password": password})
        return self.post(action, fields)

    def login(self, username: str, password: str) -> "WebSession":
        response = self.try_login(username, password)
        if response.status not in (302, 303) or not any(True for _ in self.cookies):
            raise AssertionError(f"login as {username} failed: {response.status} "
                                 f"{response.body[:500]}")
        return self

    def printer_page(self, printer_id: str) -> PrinterPage:
        response = self.get(f"/printers/{printer_id}")
        if response.status != 200:
            raise AssertionError(f"GET /printers/{printer_id} answered {response.status}: "
                                 f"{response.body[:500]}")
        return PrinterPage(response)

    def decide_device(self, user_code: str, decision: str = "approve",
                      printer_name: str = None) -> Response:
        """Approves or denies a device's user code on the verification page (docs/protocol.md
        §8), as an administrator does after opening the link the device showed."""
        page = self.get("/device?user_code=" + urllib.parse.quote(user_code))
        if page.status != 200:
            raise AssertionError(f"GET /device answered {page.status}: {page.body[:500]}")
        form = next((f for f in page.page().forms() if "user_code" in f.fields()), None)
        if form is None:
            raise AssertionError(f"no device form on the verification page: {page.body[:500]}")
        fields = form.fields()
        fields["decision"] = decision
        if printer_name is not None:
            fields["printer_name"] = printer_name
        return self.post(form.action or "/device", fields)

    def press_withdraw(self, printer_id: str) -> Response:
        """Presses "Withdraw update"; without the button, posts its fields anyway with the
        session's CSRF token, as a crafted request (or a stale page) would."""
        page = self.printer_page(printer_id).page
        form = page.form_containing("withdraw-update")
        fields = form.fields() if form is not None else {"csrf": page.any_field("csrf") or ""}
        return self.post(f"/printers/{printer_id}/firmware-withdraw", fields)

    def press_update(self, printer_id: str, component: str = "MainController",
                     when: str = "now", at: str = None) -> Response:
        """Presses "Update firmware" on the printer's page: posts the button's form with its
        CSRF field. When this user is not shown the button, posts the same fields anyway with
        the session's CSRF token from any form on the page, as a crafted request would."""
        page = self.printer_page(printer_id).page
        form = page.form_containing("update-firmware")
        if form is not None:
            fields = form.fields()
            action = form.action or f"/printers/{printer_id}/firmware-update"
        else:
            fields = {"csrf": page.any_field("csrf") or ""}
            action = f"/printers/{printer_id}/firmware-update"
        fields["component"] = component
        fields["when"] = when
        if at is not None:
            fields["at"] = at
        return self.post(action, fields)
