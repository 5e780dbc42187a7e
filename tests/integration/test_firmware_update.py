"""The cloud-initiated firmware update of patent JP7790926B2, end to end on real parts:
printlink-cloud (web page + IPP), printlinkd, a private cupsd, a private system bus with the
shipped policy, nginx serving a repository signed by printlink-fwrepo, and
`printlinkctl install-staged` run the way printlink-install.path runs it."""

import time

import pytest

from printlink_support.agent_bus import FIRMWARE, LINK
from printlink_support.stack import COMPONENT, FACTORY_VERSION, LATEST_VERSION
from printlink_support.waiting import WaitTimeout, wait_until

# How long the device may take for what it does on loopback (generous: CI machines are slow).
REACT = 30
FINISH = 90


def wait_for_page(session, printer_id, predicate, what, timeout=REACT):
    """Reloads the printer's management page until predicate(page) holds, like a person
    pressing F5; returns that page."""
    seen = {}

    def check():
        seen["page"] = session.printer_page(printer_id)
        return predicate(seen["page"])
    try:
        wait_until(check, timeout, what, interval=0.2)
    except WaitTimeout as error:
        summary = seen["page"].summary() if "page" in seen else "(no page read)"
        raise WaitTimeout(f"{error}; page: {summary}") from None
    return seen["page"]


def offers_update(page) -> bool:
    row = page.component(COMPONENT)
    return (row.get("version") == FACTORY_VERSION and row.get("latest") == LATEST_VERSION
            and page.has_update_button)


def shows_updated(page) -> bool:
    return (page.state == "Ready" and page.component(COMPONENT).get("version") == LATEST_VERSION
            and not page.has_update_button)


def assert_nothing_installed(stack, image_fetched=False):
    daemon = stack.daemon
    assert daemon.installed_version(COMPONENT) == FACTORY_VERSION
    assert not daemon.slot(COMPONENT).exists(), "the installer wrote a slot"
    assert daemon.installs_log() == ""
    assert stack.runner.runs == [], f"install-staged ran: {stack.runner.runs}"
    assert stack.agent.components()[COMPONENT][0] == FACTORY_VERSION
    if not image_fetched:
        assert stack.nginx.requests_for(stack.image.uri_path) == [], "the image was downloaded"


def test_admin_presses_update_and_the_printer_installs_it(make_stack):
    stack = make_stack(hold_install=True)
    printer_id = stack.printer.printer_id
    admin = stack.session("admin")

    # Figure 14: the page shows the device's firmware, the latest version and the button.
    page = wait_for_page(admin, printer_id, offers_update, "the page to offer 83.00")
    assert page.name == "Office PL-100"
    assert page.printer_id == printer_id
    assert "PL-100" in page.model
    assert page.state == "Ready"
    assert page.registered_at
    assert page.component(COMPONENT)["name"] == COMPONENT
    assert stack.agent.firmware_state() == "available"

    response = admin.press_update(printer_id)
    assert response.status == 303, response.body[:500]

    # The device acknowledges, downloads, verifies, stages and asks for the installer
    # (held here so the in-between state can be seen).
    stack.agent.wait_for_firmware_state("draining", "installing", timeout=REACT)
    wait_until(stack.runner.triggered, REACT, "the install trigger file")
    assert stack.agent.get(FIRMWARE, "Target") == [COMPONENT, LATEST_VERSION]
    assert stack.agent.get(FIRMWARE, "RequestedBy") == stack.cloud.user_uri("admin")
    page = wait_for_page(admin, printer_id, lambda p: p.state == "Updating" and not p.has_update_button,
                         "the page to show Updating without the button")
    assert stack.daemon.installed_version(COMPONENT) == FACTORY_VERSION

    stack.runner.release()
    page = wait_for_page(admin, printer_id, shows_updated, "the page to show Ready with 83.00",
                         timeout=FINISH)
    assert page.update_failed is None
    stack.agent.wait_for_firmware_state("idle", timeout=REACT)
    assert stack.agent.components()[COMPONENT][0] == LATEST_VERSION
    assert stack.agent.last_error() == ""

    # What was flashed is exactly what was published, installed once, after one restart.
    assert stack.daemon.slot(COMPONENT).read_bytes() == stack.image.data
    assert stack.daemon.installed_version(COMPONENT) == LATEST_VERSION
    assert stack.daemon.installs_log().splitlines() == [f"{COMPONENT} {LATEST_VERSION} {stack.image.sha256}"]
    assert stack.runner.errors == []
    # The runner counts the restart once printlinkd owns its bus name again, which may come
    # a moment after the restarted daemon has already told the cloud.
    wait_until(lambda: stack.runner.restarts >= 1, REACT, "the runner to count the restart")
    assert stack.runner.restarts == 1
    assert [run.returncode for run in stack.runner.runs] == [0]
    assert stack.nginx.bytes_served(stack.image.uri_path) == stack.image.size
    states = stack.states.states()
    for earlier, later in (("downloading", "draining"), ("draining", "installing")):
        assert earlier in states and later in states and states.index(earlier) < states.index(later), states


def test_a_user_without_the_update_right_is_refused(make_stack):
    stack = make_stack()
    printer_id = stack.printer.printer_id
    wait_for_page(stack.session("admin"), printer_id, offers_update, "the page to offer 83.00")

    alice = stack.session("alice")
    page = alice.printer_page(printer_id)
    assert page.component(COMPONENT).get("latest") == LATEST_VERSION
    assert not page.has_update_button, "the button is shown to a user without the update right"
    # Her own session's CSRF token, so the refusal is about the right, not the token.
    assert page.page.any_field("csrf"), "no CSRF token on the page for a logged-in user"

    response = alice.press_update(printer_id)
    assert response.status == 403, f"{response.status}: {response.body[:300]}"

    # Long enough for the device to react to an event (it does so within milliseconds).
    time.sleep(3)
    assert stack.agent.firmware_state() == "available"
    assert stack.agent.get(FIRMWARE, "RequestedBy") == ""
    assert_nothing_installed(stack)
    admin_page = stack.session("admin").printer_page(printer_id)
    assert admin_page.has_update_button and not admin_page.update_pending


def test_the_device_refuses_an_operator_it_does_not_allow(make_stack):
    stack = make_stack(allowed_operators=lambda cloud: [cloud.user_uri("service-engineer")])
    printer_id = stack.printer.printer_id
    admin = stack.session("admin")
    wait_for_page(admin, printer_id, offers_update, "the page to offer 83.00")

    response = admin.press_update(printer_id)
    assert response.status == 303, response.body[:500]

    stack.agent.wait_for_firmware_state("failed", timeout=REACT)
    assert "admin" in stack.agent.last_error(), stack.agent.last_error()
    page = wait_for_page(admin, printer_id, lambda p: p.update_failed, "the page to show the failure")
    assert not page.state == "Updating"
    time.sleep(1)
    assert_nothing_installed(stack)


def test_a_tampered_image_is_never_installed(make_stack):
    stack = make_stack()
    # Same size, other bytes, catalog and signature untouched: only the SHA-256 can tell.
    stack.repo.tamper(stack.image)
    printer_id = stack.printer.printer_id
    admin = stack.session("admin")
    wait_for_page(admin, printer_id, offers_update, "the page to offer 83.00")

    response = admin.press_update(printer_id)
    assert response.status == 303, response.body[:500]

    stack.agent.wait_for_firmware_state("failed", timeout=REACT)
    assert stack.agent.last_error()
    page = wait_for_page(admin, printer_id, lambda p: p.update_failed, "the page to show the failure")
    assert page.state != "Updating"
    assert stack.nginx.requests_for(stack.image.uri_path), "the image was never fetched"
    time.sleep(1)
    assert_nothing_installed(stack, image_fetched=True)
    staged = list((stack.daemon.state_dir / "staged").glob("*")) if (stack.daemon.state_dir / "staged").exists() else []
    assert staged == [], f"a tampered image was staged: {staged}"


def start_a_slow_update_and_wait_for_part_of_it(stack, size):
    """Presses the button and returns the partial download once 30 % of the image is on disk."""
    admin = stack.session("admin")
    wait_for_page(admin, stack.printer.printer_id, offers_update, "the page to offer 83.00")
    assert admin.press_update(stack.printer.printer_id).status == 303

    def partial_at_least_30_percent():
        parts = stack.daemon.partial_downloads()
        return parts and parts[0].stat().st_size >= 0.3 * size and parts[0]
    return wait_until(partial_at_least_30_percent, REACT, "30 % of the image on disk", interval=0.02)


def test_a_crash_during_the_download_resumes_without_fetching_it_again(make_stack):
    size = 6 << 20
    # 2 MiB/s: the download takes about three seconds, long enough to crash in the middle.
    stack = make_stack(image_size=size, limit_rate="2m")
    printer_id = stack.printer.printer_id
    admin = stack.session("admin")
    part = start_a_slow_update_and_wait_for_part_of_it(stack, size)
    stack.daemon.kill()
    fetched_before_crash = part.stat().st_size
    assert fetched_before_crash < size, "the download finished before the crash"

    stack.daemon.start()
    wait_for_page(admin, printer_id, shows_updated, "the page to show Ready with 83.00", timeout=FINISH)
    stack.agent.wait_for_firmware_state("idle", timeout=REACT)

    requests = stack.nginx.requests_for(stack.image.uri_path)
    total = sum(r.body_bytes for r in requests)
    assert total < 1.1 * size, f"{total} bytes fetched for a {size}-byte image: {requests}"
    assert any(r.status == 206 and r.range.startswith("bytes=") for r in requests), requests
    assert stack.daemon.slot(COMPONENT).read_bytes() == stack.image.data
    assert stack.daemon.installed_version(COMPONENT) == LATEST_VERSION


@pytest.mark.parametrize("crash", [False, True], ids=["graceful", "kill-9"])
def test_the_device_reconnects_after_the_cloud_restarts_during_the_long_poll(make_stack, crash):
    stack = make_stack()
    printer_id = stack.printer.printer_id
    wait_for_page(stack.session("admin"), printer_id, offers_update, "the page to offer 83.00")
    assert stack.agent.link_state() == "online"

    # The device is holding a Get-Notifications now; the restart cuts it off.
    stack.cloud.restart(crash=crash)
    time.sleep(stack.daemon.settings.retry_max_seconds + 1)
    stack.agent.wait_for(LINK, "State", lambda s: s == "online", REACT, "the link to be online again")

    admin = stack.session("admin")
    assert admin.press_update(printer_id).status == 303
    wait_for_page(admin, printer_id, shows_updated, "the page to show Ready with 83.00", timeout=FINISH)
    stack.agent.wait_for_firmware_state("idle", timeout=REACT)
    assert stack.daemon.installed_version(COMPONENT) == LATEST_VERSION


def test_a_repository_that_vanishes_mid_download_is_resumed_when_it_returns(make_stack):
    size = 6 << 20
    stack = make_stack(image_size=size, limit_rate="2m")
    printer_id = stack.printer.printer_id
    admin = stack.session("admin")
    part = start_a_slow_update_and_wait_for_part_of_it(stack, size)
    stack.nginx.stop()
    wait_until(lambda: "download failed" in stack.daemon.process.log_text(), REACT,
               "printlinkd to log the failed download")
    kept = part.stat().st_size
    assert 0 < kept < size, "the partial download was not kept"
    assert stack.agent.firmware_state() == "downloading", stack.agent.snapshot()

    stack.nginx.start()
    wait_for_page(admin, printer_id, shows_updated, "the page to show Ready with 83.00", timeout=FINISH)
    stack.agent.wait_for_firmware_state("idle", timeout=REACT)
    resumed = [r for r in stack.nginx.requests_for(stack.image.uri_path) if r.status == 206]
    assert resumed and resumed[-1].range == f"bytes={kept}-", stack.nginx.requests_for(stack.image.uri_path)
    assert stack.daemon.slot(COMPONENT).read_bytes() == stack.image.data
