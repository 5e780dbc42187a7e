"""Device registration against the real printlink-cloud process (docs/protocol.md §8): the
RFC 8628 device authorization grant by HTTP, approval in the web UI as a browser does it,
Register-Output-Device on /ipp/system, the printer's IPP endpoint with the new token,
revocation by the CLI; expired and denied codes; a restart in the middle of the flow."""

import json
import struct
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from printlink_support.cloud import Cloud
from printlink_support.net import port_accepts
from printlink_support.paths import program
from printlink_support.process import ServerProcess

DEVICE_UUID = "urn:uuid:5a5a5a5a-1111-4222-8333-444444444444"
GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code"


class RegistrationCloud(Cloud):
    """The Cloud fixture with short grant timings, so polling and expiry take seconds."""

    def __init__(self, workdir, code_seconds=600):
        super().__init__(workdir)
        self.code_seconds = code_seconds

    def start(self):
        self.dir.mkdir(parents=True, exist_ok=True)
        argv = [program("printlink-cloud"), "serve", "--db", self.db,
                "--listen", f"127.0.0.1:{self.port}", "--public-url", self.url,
                "--device-poll-seconds", "1", "--device-code-seconds", str(self.code_seconds)]
        self.process = ServerProcess("printlink-cloud", argv, self.dir / "cloud.log")
        self.process.start()
        ready = f"printlink-cloud: listening on {self.url}"
        self.process.wait_ready(lambda: ready in self.process.log_text() and port_accepts(self.port),
                                20, f"'{ready}'")
        return self


def post(url, body: bytes, content_type: str, token: str = None):
    req = urllib.request.Request(url, data=body, method="POST")
    req.add_header("Content-Type", content_type)
    if token is not None:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def oauth(cloud, path, **form):
    status, body = post(cloud.url + path, urllib.parse.urlencode(form).encode(),
                        "application/x-www-form-urlencoded")
    return status, json.loads(body)


def poll(cloud, device_code):
    return oauth(cloud, "/oauth/token", grant_type=GRANT_TYPE, device_code=device_code,
                 client_id="printlink-device")


def attribute(tag, name, value: bytes):
    name = name.encode()
    return struct.pack(">BH", tag, len(name)) + name + struct.pack(">H", len(value)) + value


def ipp_request(operation, target_name, target_uri, *extra):
    return (struct.pack(">BBHi", 2, 0, operation, 1) + b"\x01"
            + attribute(0x47, "attributes-charset", b"utf-8")
            + attribute(0x48, "attributes-natural-language", b"en")
            + attribute(0x45, target_name, target_uri.encode())
            + b"".join(extra) + b"\x03")


def parse_ipp(data: bytes):
    """(status-code, {name: first value}) for the simple value tags this test reads."""
    status = struct.unpack(">H", data[2:4])[0]
    values, pos = {}, 8
    while pos < len(data):
        tag = data[pos]
        pos += 1
        if tag <= 0x0F:  # a delimiter: the next group, or the end
            if tag == 0x03:
                break
            continue
        name_len = struct.unpack(">H", data[pos:pos + 2])[0]
        name = data[pos + 2:pos + 2 + name_len].decode()
        pos += 2 + name_len
        value_len = struct.unpack(">H", data[pos:pos + 2])[0]
        raw = data[pos + 2:pos + 2 + value_len]
        pos += 2 + value_len
        if not name:  # another value, or a collection member's name (0x4A) or value
            values.setdefault("members", []).append(raw.decode("utf-8", "replace"))
        elif name not in values:
            if tag in (0x21, 0x23):
                values[name] = struct.unpack(">i", raw)[0]
            elif tag == 0x22:
                values[name] = raw == b"\x01"
            else:
                values[name] = raw.decode("utf-8", "replace")
    return status, values


def register(cloud, token):
    body = ipp_request(0x005F, "system-uri", cloud.url + "/ipp/system",
                       attribute(0x45, "output-device-uuid", DEVICE_UUID.encode()),
                       attribute(0x44, "printer-service-type", b"print"))
    return post(cloud.url + "/ipp/system", body, "application/ipp", token)


def approve(cloud, user_code, decision="approve", user="alice", password="alice-pw"):
    session = cloud.session().login(user, password)
    page = session.get("/device?user_code=" + urllib.parse.quote(user_code))
    assert page.status == 200, page.body[:300]
    form = next(f for f in page.page().forms() if "user_code" in f.fields())
    fields = form.fields()
    fields.update({"decision": decision, "printer_name": "Reception"})
    return session.post("/device", fields)


@pytest.fixture
def cloud(tmp_path):
    c = RegistrationCloud(tmp_path / "cloud")
    c.start()
    c.add_user("alice", "admin", "alice-pw")
    yield c
    c.stop()


def test_grant_survives_a_restart_then_registers_prints_and_is_revoked(cloud):
    status, codes = oauth(cloud, "/oauth/device_authorization", client_id="printlink-device")
    assert status == 200
    assert codes["verification_uri"] == cloud.url + "/device"
    assert codes["interval"] == 1
    assert poll(cloud, codes["device_code"]) == (400, {"error": "authorization_pending"})

    cloud.restart()  # the pending code is in the database
    time.sleep(1.1)
    assert poll(cloud, codes["device_code"]) == (400, {"error": "authorization_pending"})
    decided = approve(cloud, codes["user_code"])
    assert decided.status == 200 and 'data-decision="approved"' in decided.body

    cloud.restart(crash=True)  # approved but not yet fetched
    time.sleep(1.1)
    status, granted = poll(cloud, codes["device_code"])
    assert status == 200, granted
    assert granted["token_type"] == "Bearer"
    token = granted["access_token"]
    assert poll(cloud, codes["device_code"])[1] == {"error": "invalid_grant"}

    status, body = register(cloud, token)
    assert status == 200
    ipp_status, attrs = parse_ipp(body)
    assert ipp_status == 0, attrs
    printer_id = attrs["printer-id"]
    assert attrs["printer-uuid"].startswith("urn:uuid:")
    assert "xri-uri" in attrs["members"]
    assert f"{cloud.url}/ipp/print/{printer_id}" in attrs["members"]
    assert "oauth" in attrs["members"]

    printer_uri = f"{cloud.url}/ipp/print/{printer_id}"
    gpa = ipp_request(0x000B, "printer-uri", printer_uri)
    status, body = post(printer_uri, gpa, "application/ipp", token)
    assert status == 200
    assert parse_ipp(body)[0] == 0
    assert parse_ipp(body)[1]["printer-name"] == "Reception"

    cloud._admin(["revoke-printer-token", "--db", cloud.db, "--printer-id", str(printer_id)])
    assert post(printer_uri, gpa, "application/ipp", token)[0] == 401
    assert register(cloud, token)[0] == 401


def test_denied_and_expired_codes(tmp_path):
    cloud = RegistrationCloud(tmp_path / "cloud", code_seconds=2)
    cloud.start()
    try:
        cloud.add_user("bob", "operator", "bob-pw")
        _, denied = oauth(cloud, "/oauth/device_authorization", client_id="printlink-device")
        assert approve(cloud, denied["user_code"], "deny", "bob", "bob-pw").status == 200
        assert poll(cloud, denied["device_code"]) == (400, {"error": "access_denied"})

        _, expiring = oauth(cloud, "/oauth/device_authorization", client_id="printlink-device")
        time.sleep(2.5)
        assert poll(cloud, expiring["device_code"]) == (400, {"error": "expired_token"})
        late = approve(cloud, expiring["user_code"], "approve", "bob", "bob-pw")
        assert late.status == 410 and "has expired" in late.body
    finally:
        cloud.stop()
