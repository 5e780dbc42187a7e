"""Firmware updates that meet bad input (issue 5): a disk that fills up during the download,
and a repository whose catalog is signed by a key the printer does not know. Either way the
update is refused or ends `failed` with a reason in D-Bus (Firmware.LastError) and in the
cloud (firmware-update-failed + printer-state-message), and nothing is left half-installed."""

import os
import subprocess

import pytest

from printlink_support.agent_bus import FIRMWARE
from printlink_support.paths import program
from printlink_support.stack import COMPONENT, FACTORY_VERSION, LATEST_VERSION, MODEL
from printlink_support.waiting import wait_until

REACT = 30
FINISH = 90
IMAGE_SIZE = 4 << 20


@pytest.fixture
def tmpfs():
    """tmpfs(path, size) mounts a small tmpfs at path (a full disk on demand); every mount is
    undone after the test, lazily, so a process still holding a file there cannot stop it."""
    mounted = []

    def mount(path, size):
        path.mkdir(parents=True, exist_ok=True)
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)],
                       check=True)
        mounted.append(path)
        return path

    yield mount
    for path in reversed(mounted):
        subprocess.run(["umount", "--lazy", str(path)], check=False)


def remount(path, size):
    subprocess.run(["mount", "-o", f"remount,size={size}", str(path)], check=True)


def wait_for_page(session, printer_id, predicate, what, timeout=REACT):
    seen = {}

    def check():
        seen["page"] = session.printer_page(printer_id)
        return predicate(seen["page"])
    wait_until(check, timeout, what, interval=0.2)
    return seen["page"]


def offers_update(page) -> bool:
    return page.component(COMPONENT).get("latest") == LATEST_VERSION and page.has_update_button


def assert_nothing_installed(stack):
    assert stack.daemon.installed_version(COMPONENT) == FACTORY_VERSION
    assert not stack.daemon.slot(COMPONENT).exists(), "the installer wrote a slot"
    assert stack.daemon.installs_log() == ""
    assert stack.runner.runs == [], f"install-staged ran: {stack.runner.runs}"
    staged = stack.daemon.state_dir / "staged"
    assert not staged.exists() or list(staged.iterdir()) == [], "an image was staged"


# --- a full disk ---------------------------------------------------------------------------

def test_a_full_disk_fails_the_download_frees_the_space_and_a_later_update_works(tmpfs, make_stack):
    state = {}

    def small_state_dir(settings, stack):
        # The whole state directory, so download/ and staged/ stay one file system (rename).
        state["dir"] = tmpfs(stack.dir / "device" / "state", "1m")

    stack = make_stack(image_size=IMAGE_SIZE, configure_device=small_state_dir)
    state_dir = state["dir"]
    assert stack.daemon.state_dir == state_dir
    printer_id = stack.printer.printer_id
    admin = stack.session("admin")
    wait_for_page(admin, printer_id, offers_update, "the page to offer 83.00")

    assert admin.press_update(printer_id).status == 303
    stack.agent.wait_for_firmware_state("failed", timeout=REACT)
    error = stack.agent.last_error()
    assert "the disk is full" in error, error
    assert "partial download was removed" in error, error

    # The cloud is told why, and the page offers the update again.
    page = wait_for_page(admin, printer_id, lambda p: p.update_failed, "the page to show the failure")
    assert "the disk is full" in page.update_failed, page.summary()
    assert page.state != "Updating"
    # Not left full: the partial file is gone, the space is back, the queue prints.
    assert stack.daemon.partial_downloads() == []
    fs = os.statvfs(state_dir)
    assert fs.f_bavail * fs.f_frsize > 768 * 1024, "the disk was left full"
    assert not stack.cupsd.queue_paused()
    assert stack.nginx.requests_for(stack.image.uri_path), "the image was never fetched"
    assert_nothing_installed(stack)
    # One attempt, not three: a full disk is not a network hiccup.
    assert len(stack.nginx.requests_for(stack.image.uri_path)) == 1

    # Space again: the next update downloads from the start and installs.
    remount(state_dir, "16m")
    page = wait_for_page(admin, printer_id, offers_update, "the page to offer 83.00 again")
    assert admin.press_update(printer_id).status == 303
    wait_for_page(admin, printer_id,
                  lambda p: p.state == "Ready" and p.component(COMPONENT).get("version") == LATEST_VERSION,
                  "the page to show Ready with 83.00", timeout=FINISH)
    stack.agent.wait_for_firmware_state("idle", timeout=REACT)
    assert stack.agent.last_error() == ""
    assert stack.daemon.slot(COMPONENT).read_bytes() == stack.image.data
    assert stack.daemon.installed_version(COMPONENT) == LATEST_VERSION


# --- a catalog signed by an unknown key ---------------------------------------------------

def resign_with_an_unknown_key(stack, version: str):
    """What a compromised or misconfigured repository serves: the genuine image and a new
    `version`, in a catalog signed with a key of its own that the printer was never given.
    (printlink-fwrepo will not add to a catalog signed by another key, so it starts anew.)"""
    keys = stack.dir / "unknown-key"
    fwrepo = str(program("printlink-fwrepo"))
    subprocess.run([fwrepo, "keygen", "--out", str(keys)], check=True, capture_output=True)
    stack.repo.catalog_path.unlink()
    stack.repo.catalog_path.with_name("catalog.json.sig").unlink()
    rogue = stack.dir / f"rogue-{version}.bin"
    rogue.write_bytes(os.urandom(64 * 1024))
    for source, v in ((stack.image.source, LATEST_VERSION), (rogue, version)):
        subprocess.run([fwrepo, "publish", str(source), "--repo", str(stack.repo.dir),
                        "--key", str(keys / "catalog-key.pem"), "--name", COMPONENT,
                        "--version", v, "--model", MODEL], check=True, capture_output=True)
    assert stack.repo.catalog_entry(COMPONENT, version), "the rogue version was not published"
    return f"/images/{COMPONENT}-{version}.bin"


def test_a_catalog_signed_by_an_unknown_key_is_never_offered(make_stack):
    def rogue_repository(settings, stack):
        resign_with_an_unknown_key(stack, "84.00")

    stack = make_stack(configure_device=rogue_repository)
    # The first check (at start) refuses the catalog: the reason is on the bus and in the log.
    stack.agent.wait_for(FIRMWARE, "LastError", lambda e: "does not verify" in e, REACT,
                         "LastError to name the signature")
    assert "firmware check failed" in stack.agent.last_error()
    assert stack.agent.firmware_state() == "idle"
    assert stack.agent.components()[COMPONENT] == (FACTORY_VERSION, "")
    log = stack.daemon.process.log_text()
    assert "signature does not verify" in log, log[-2000:]

    # The cloud sees nothing newer and offers no update.
    page = stack.session("admin").printer_page(stack.printer.printer_id)
    assert not page.has_update_button, page.summary()
    assert page.component(COMPONENT).get("latest") == FACTORY_VERSION, page.summary()

    # A check asked for at the printer refuses it again; nothing is ever downloaded.
    stack.agent.call(FIRMWARE, "CheckNow")
    wait_until(lambda: len(stack.nginx.requests_for("/catalog.json")) >= 2, REACT, "a second check")
    assert stack.agent.firmware_state() == "idle"
    assert stack.nginx.requests_for(stack.image.uri_path) == []
    assert stack.nginx.requests_for(f"/images/{COMPONENT}-84.00.bin") == []
    assert_nothing_installed(stack)


def test_an_update_requested_after_the_catalog_was_resigned_fails_with_the_reason(make_stack):
    stack = make_stack()
    printer_id = stack.printer.printer_id
    admin = stack.session("admin")
    wait_for_page(admin, printer_id, offers_update, "the page to offer 83.00")
    assert stack.agent.firmware_state() == "available"

    # The repository changes hands between the device's last check and the button press.
    rogue_image = resign_with_an_unknown_key(stack, "84.00")
    assert admin.press_update(printer_id).status == 303

    stack.agent.wait_for_firmware_state("failed", timeout=REACT)
    error = stack.agent.last_error()
    assert "no verified firmware catalog" in error and "does not verify" in error, error
    page = wait_for_page(admin, printer_id, lambda p: p.update_failed, "the page to show the failure")
    assert "does not verify" in page.update_failed, page.summary()
    assert page.state != "Updating"
    # Nothing of the old offer remains either: the catalog it came from is no longer trusted.
    assert stack.agent.components()[COMPONENT] == (FACTORY_VERSION, "")
    assert stack.nginx.requests_for(stack.image.uri_path) == []
    assert stack.nginx.requests_for(rogue_image) == []
    assert stack.daemon.partial_downloads() == []
    assert not stack.cupsd.queue_paused()
    assert_nothing_installed(stack)
