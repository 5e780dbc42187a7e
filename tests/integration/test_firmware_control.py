"""Who decides when a firmware update runs, on real parts (printlink-cloud, printlinkd, a
private cupsd and bus, nginx, printlinkctl): a scheduled update across a printlinkd restart,
the maintenance window, the administrator's withdrawal before and after the installer claimed
the image, confirmation at the panel with `printlinkctl install`, and the download's progress
on the cloud's page."""

import datetime
import os
import subprocess
import time

from printlink_support.agent_bus import FIRMWARE
from printlink_support.paths import program
from printlink_support.stack import COMPONENT, FACTORY_VERSION, LATEST_VERSION
from printlink_support.waiting import wait_until

from test_firmware_update import FINISH, REACT, offers_update, shows_updated, wait_for_page


def utc_form_time(t: float) -> str:
    """What the page's datetime-local field (UTC) sends, to the second."""
    return datetime.datetime.fromtimestamp(int(t), datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def with_policy(**keys):
    """make_stack(configure_device=...) adding [firmware] keys to printlinkd's configuration."""
    return lambda settings, _stack: settings.firmware_policy.update(keys)


def printlinkctl(stack, *args, stdin: str = ""):
    return subprocess.run([str(program("printlinkctl")), *args], env=stack.daemon.env(),
                          input=stdin, capture_output=True, text=True, timeout=60)


def test_a_scheduled_update_fires_at_its_time_across_a_printlinkd_restart(make_stack):
    stack = make_stack()
    printer_id = stack.printer.printer_id
    admin = stack.session("admin")
    wait_for_page(admin, printer_id, offers_update, "the page to offer 83.00")

    at = int(time.time()) + 20
    response = admin.press_update(printer_id, when="at", at=utc_form_time(at))
    assert response.status == 303, response.body[:500]
    stack.agent.wait_for_firmware_state("scheduled", timeout=REACT)
    assert stack.agent.get(FIRMWARE, "ScheduledAt") == at * 1_000_000
    page = wait_for_page(admin, printer_id, lambda p: p.update_progress and "scheduled for" in p.update_progress,
                         "the page to show when the update starts")
    assert page.state == "Ready", page.summary()

    stack.daemon.restart()
    assert stack.agent.firmware_state() == "scheduled"
    assert stack.agent.get(FIRMWARE, "ScheduledAt") == at * 1_000_000
    assert time.time() < at, "the test took too long to restart printlinkd before the time"
    assert stack.nginx.requests_for(stack.image.uri_path) == [], "downloaded before its time"

    wait_for_page(admin, printer_id, shows_updated, "the page to show Ready with 83.00", timeout=FINISH)
    assert time.time() >= at
    assert stack.daemon.installed_version(COMPONENT) == LATEST_VERSION
    states = stack.states.states()
    assert states.index("scheduled") < states.index("downloading"), states


def test_an_update_outside_the_maintenance_window_waits_for_its_opening(make_stack):
    # A one-minute window twelve hours from now (local time): now is certainly outside it.
    opening = datetime.datetime.now().replace(second=0, microsecond=0) + datetime.timedelta(hours=12)
    closing = opening + datetime.timedelta(minutes=1)
    window = f"{opening:%H:%M}-{closing:%H:%M}"
    stack = make_stack(configure_device=with_policy(maintenance_window=window))
    printer_id = stack.printer.printer_id
    admin = stack.session("admin")
    wait_for_page(admin, printer_id, offers_update, "the page to offer 83.00")

    assert admin.press_update(printer_id).status == 303  # "now"
    stack.agent.wait_for_firmware_state("scheduled", timeout=REACT)
    starts = stack.agent.get(FIRMWARE, "ScheduledAt") // 1_000_000
    assert starts == int(opening.timestamp()), (starts, window)
    page = wait_for_page(admin, printer_id, lambda p: p.update_progress and "scheduled for" in p.update_progress,
                         "the page to show the window's opening")
    assert f"{datetime.datetime.fromtimestamp(starts, datetime.timezone.utc):%Y-%m-%d %H:%M} UTC" in page.update_progress
    assert stack.nginx.requests_for(stack.image.uri_path) == []


def test_a_withdrawal_before_the_flash_returns_the_printer_to_ready(make_stack):
    stack = make_stack(hold_install=True)
    printer_id = stack.printer.printer_id
    admin = stack.session("admin")
    wait_for_page(admin, printer_id, offers_update, "the page to offer 83.00")
    assert admin.press_update(printer_id).status == 303

    # Staged, drained, the installer asked for (and held): the queue is paused.
    stack.agent.wait_for_firmware_state("draining", timeout=REACT)
    wait_until(stack.runner.triggered, REACT, "the install trigger file")
    wait_until(stack.cupsd.queue_paused, REACT, "the local queue to be paused")
    page = wait_for_page(admin, printer_id, lambda p: p.state == "Updating" and p.has_withdraw_button,
                         "the page to offer Withdraw update while Updating")
    assert not page.has_update_button

    response = admin.press_withdraw(printer_id)
    assert response.status == 303, response.body[:500]

    stack.agent.wait_for_firmware_state("available", timeout=REACT)
    wait_until(lambda: not stack.cupsd.queue_paused(), REACT, "the local queue to be resumed")
    assert not stack.runner.triggered(), "the install trigger is still there"
    assert stack.agent.last_error() == ""
    assert stack.agent.get(FIRMWARE, "Target") == ["", ""]
    page = wait_for_page(admin, printer_id,
                         lambda p: p.state == "Ready" and p.page.has("update-withdrawn") and p.has_update_button,
                         "the page to show Ready, the withdrawal and the button again")
    assert not page.has_withdraw_button and page.update_failed is None
    assert "withdrawal-waiting" not in page.response.body

    stack.runner.release()  # nothing left for the installer to do
    time.sleep(1)
    assert stack.runner.runs == [], stack.runner.runs
    assert stack.daemon.installed_version(COMPONENT) == FACTORY_VERSION
    assert stack.agent.components()[COMPONENT][0] == FACTORY_VERSION
    assert not list((stack.daemon.state_dir / "staged").glob("*"))


def test_a_withdrawal_after_the_installer_claimed_the_image_is_refused(make_stack):
    stack = make_stack()
    gate = stack.daemon.device_root / "installer-gate"  # the installer waits for a line there
    os.mkfifo(gate)
    printer_id = stack.printer.printer_id
    admin = stack.session("admin")
    wait_for_page(admin, printer_id, offers_update, "the page to offer 83.00")
    assert admin.press_update(printer_id).status == 303

    stack.agent.wait_for_firmware_state("installing", timeout=REACT)
    page = wait_for_page(admin, printer_id, lambda p: p.page.has("withdraw-too-late"),
                         "the page to say the update can no longer be withdrawn")
    assert not page.has_withdraw_button

    response = admin.press_withdraw(printer_id)  # a stale page's button, or a crafted post
    assert response.status == 409, f"{response.status}: {response.body[:500]}"
    message = response.page().text("message")
    assert "can no longer be withdrawn" in message and "installer" in message, message
    assert stack.agent.firmware_state() == "installing"

    with open(gate, "w") as opened:
        opened.write("go\n")
    wait_for_page(admin, printer_id, shows_updated, "the page to show Ready with 83.00", timeout=FINISH)
    assert stack.daemon.installed_version(COMPONENT) == LATEST_VERSION


def test_panel_confirmation_with_printlinkctl_install(make_stack):
    stack = make_stack(configure_device=with_policy(require_panel_confirmation="true"))
    printer_id = stack.printer.printer_id
    admin = stack.session("admin")
    wait_for_page(admin, printer_id, offers_update, "the page to offer 83.00")
    assert admin.press_update(printer_id).status == 303

    stack.agent.wait_for_firmware_state("awaiting-confirmation", timeout=REACT)
    assert stack.agent.get(FIRMWARE, "Progress") == 70
    assert stack.agent.get(FIRMWARE, "Phase") == "confirm"
    assert not stack.cupsd.queue_paused()
    assert not stack.runner.triggered()
    page = wait_for_page(admin, printer_id,
                         lambda p: p.update_progress and "waiting for confirmation" in p.update_progress,
                         "the page to show that the printer waits for confirmation")
    assert page.state == "Ready", page.summary()  # still printing

    declined = printlinkctl(stack, "install", stdin="n\n")
    assert declined.returncode == 3, declined.stdout + declined.stderr
    assert LATEST_VERSION in declined.stdout and FACTORY_VERSION in declined.stdout, declined.stdout
    assert "Install now? [y/N]" in declined.stdout
    assert stack.agent.firmware_state() == "awaiting-confirmation"

    confirmed = printlinkctl(stack, "install", "--yes")
    assert confirmed.returncode == 0, confirmed.stdout + confirmed.stderr
    wait_for_page(admin, printer_id, shows_updated, "the page to show Ready with 83.00", timeout=FINISH)
    assert stack.daemon.installed_version(COMPONENT) == LATEST_VERSION
    states = stack.states.states()
    assert states.index("awaiting-confirmation") < states.index("draining"), states

    nothing = printlinkctl(stack, "install", "--yes")
    assert nothing.returncode == 1 and "no firmware update is waiting" in nothing.stderr, nothing.stderr


def test_the_cloud_page_shows_the_download_progress(make_stack):
    size = 6 << 20
    stack = make_stack(image_size=size, limit_rate="2m", hold_install=True)  # about 3 s
    printer_id = stack.printer.printer_id
    admin = stack.session("admin")
    wait_for_page(admin, printer_id, offers_update, "the page to offer 83.00")
    assert admin.press_update(printer_id).status == 303

    seen = []

    def progress_until_staged():
        text = admin.printer_page(printer_id).update_progress
        if text and text not in seen:
            seen.append(text)
        return stack.agent.firmware_state() == "draining"
    wait_until(progress_until_staged, FINISH, "the download to finish", interval=0.1)
    downloading = [t for t in seen if ": downloading, " in t]
    assert len(downloading) >= 2, seen
    percents = [int(t.rsplit(" ", 1)[1].rstrip("%")) for t in downloading]
    assert all(p % 5 == 0 and 0 <= p <= 60 for p in percents), seen
    assert percents == sorted(percents) and percents[-1] > percents[0], seen
    assert any(0 < p < 60 for p in percents), seen
    assert all(t.startswith(f"Firmware update of {COMPONENT} to {LATEST_VERSION}") for t in downloading), seen
