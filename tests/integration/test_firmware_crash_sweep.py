"""The firmware update's crash sweep on real parts (docs/architecture.md, "Crash safety"): for
each state of an update, printlinkd is killed with SIGKILL there and started again, and the
device must converge: the cloud ends at a truthful Ready (the new version if the installer ran
to the end, else the old one with the request handled) or at firmware-update-failed with a
message, never stuck Updating; nothing unverified is ever installed; a download resumes
instead of starting over; every local and cloud job submitted around the crash prints exactly
once. Two more cases kill the installer itself in the middle of a flash.

Every case starts its own stack (about a second), so no case sees another's leftovers. A case
is live where the state lasts long enough to be seen and killed in (a held Acknowledge, a
schedule, a slow download, a held install, a printing job, a held flash); `verifying` and
`staged` last one turn of printlinkd's loop, so those cases kill printlinkd at `scheduled` and,
while it is down, leave on disk exactly what a crash in that state leaves (the record's state
and the downloaded or staged image). The sweep's table goes to <build>/crash-sweep.md and to
the terminal."""

import dataclasses
import json
import os
import signal
import time
from pathlib import Path
from typing import Callable

import pytest

from printlink_support import ipp_wire as ipp
from printlink_support.agent_bus import FIRMWARE, BusCallFailed
from printlink_support.cupsd import Cupsd
from printlink_support.documents import one_page_pdf
from printlink_support.ipp_http import IppConnection
from printlink_support.paths import build_dir
from printlink_support.print_client import PrintClient
from printlink_support.stack import COMPONENT, FACTORY_VERSION, LATEST_VERSION
from printlink_support.tcp_gate import TcpGate
from printlink_support.waiting import WaitTimeout, wait_until

REACT = 30
FINISH = 90
SLOW_IMAGE = 6 << 20  # at 3 MiB/s the download takes two seconds: room to crash in it

UPDATING = "firmware-update-in-progress"
FAILED = "firmware-update-failed"
REQUESTED = "firmware-update-requested"
PRINTER_STATES = {3: "idle", 4: "processing", 5: "stopped"}


# ---------------------------------------------------------------------------------------------
# What the cloud shows, and what was printed


@dataclasses.dataclass
class CloudView:
    state: int
    reasons: list
    message: str
    version: str

    @property
    def updating(self) -> bool:
        return UPDATING in self.reasons


def cloud_view(stack) -> CloudView:
    client = PrintClient(stack.printer.printer_uri, "admin", stack.passwords["admin"])
    answer = client.call(ipp.GET_PRINTER_ATTRIBUTES, ipp.Attribute(
        "requested-attributes", ipp.KEYWORD,
        ["printer-state", "printer-state-reasons", "printer-state-message",
         "printer-firmware-string-version"]))
    assert answer.ok, answer
    return CloudView(answer.value("printer-state"),
                     [r for r in answer.values("printer-state-reasons") if r != "none"],
                     answer.value("printer-state-message", default=""),
                     answer.value("printer-firmware-string-version", default=""))


class JobLedger:
    """Jobs submitted around the crash, each with bytes of its own, so the record backend's
    output says which job printed how often."""

    def __init__(self, stack):
        self.stack = stack
        self.expected = {}  # label -> bytes
        self.cloud_jobs = {}  # label -> cloud job id
        self.incoming = {}  # label -> local job id of a Create-Job whose document is to come

    def local(self, label: str):
        """Print-Job straight to cupsd. Not lp: libcups copies the queue's defaults into the
        request, so an lp that read the queue during the update asks for job-hold-until
        indefinite itself, and that job stays held after it (docs/architecture.md, "Draining
        the local queue")."""
        data = f"local job {label}\n".encode() * 64
        connection = self._cupsd()
        answer = connection.send(ipp.PRINT_JOB, [connection.operation_group(
            "printer-uri", ipp.Attribute("requesting-user-name", ipp.NAME, "local-client"),
            ipp.Attribute("job-name", ipp.NAME, label),
            ipp.Attribute("document-format", ipp.MIME_MEDIA_TYPE, "application/octet-stream"))],
            data)
        assert answer.ok, f"cupsd refused local job {label}: {answer}"
        self.expected[label] = data

    def cloud(self, label: str):
        data = one_page_pdf() + f"% cloud job {label}\n".encode()
        client = PrintClient(self.stack.printer.printer_uri, "alice", self.stack.passwords["alice"])
        answer = client.print_job(data, job_name=label)
        assert answer.ok, f"the cloud refused cloud job {label}: {answer}"
        self.cloud_jobs[label] = answer.value("job-id")
        self.expected[label] = data

    def local_created(self, label: str):
        """A local client's Create-Job whose document comes later (send_document): a slow
        client, or printlinkd itself between a cloud job's local Create-Job and its
        Send-Document."""
        connection = self._cupsd()
        answer = connection.send(ipp.CREATE_JOB, [connection.operation_group(
            "printer-uri", ipp.Attribute("requesting-user-name", ipp.NAME, "slow-client"),
            ipp.Attribute("job-name", ipp.NAME, label))])
        assert answer.ok, f"cupsd refused Create-Job for {label}: {answer}"
        self.incoming[label] = answer.value("job-id")
        self.expected[label] = f"local job {label}, its document sent late\n".encode() * 64

    def send_document(self, label: str):
        connection = self._cupsd()
        answer = connection.send(ipp.SEND_DOCUMENT, [connection.operation_group(
            "printer-uri", ipp.Attribute("requesting-user-name", ipp.NAME, "slow-client"),
            ipp.Attribute("job-id", ipp.INTEGER, self.incoming[label]),
            ipp.Attribute("document-format", ipp.MIME_MEDIA_TYPE, "application/octet-stream"),
            ipp.Attribute("last-document", ipp.BOOLEAN, True))], self.expected[label])
        assert answer.ok, f"cupsd refused the document of {label}: {answer}"

    def _cupsd(self) -> IppConnection:
        return IppConnection(f"http://{self.stack.cupsd.server}/printers/{Cupsd.QUEUE}", None)

    def printed(self) -> dict:
        """label -> how many times its bytes came out of the queue."""
        outputs = [p.read_bytes() for p in self.stack.cupsd.recorded_jobs()]
        return {label: outputs.count(data) for label, data in self.expected.items()}

    def strangers(self) -> int:
        known = set(self.expected.values())
        return sum(1 for p in self.stack.cupsd.recorded_jobs() if p.read_bytes() not in known)

    def cloud_state(self, label: str) -> int:
        client = PrintClient(self.stack.printer.printer_uri, "alice", self.stack.passwords["alice"])
        return client.get_job_attributes(self.cloud_jobs[label], ["job-state"]).value("job-state")

    def settled(self) -> bool:
        """Every job printed, none still queued locally, every cloud job completed there."""
        if not all(self.printed().values()):
            return False
        if self.stack.cupsd.run_client(["lpstat", "-o", Cupsd.QUEUE], check=False).stdout.strip():
            return False
        return all(self.cloud_state(label) == ipp.JOB_COMPLETED for label in self.cloud_jobs)

    def describe(self) -> str:
        """What a failing test wants to know about the jobs."""
        queued = self.stack.cupsd.run_client(["lpstat", "-l", "-o", Cupsd.QUEUE], check=False)
        clouds = {label: self.cloud_state(label) for label in self.cloud_jobs}
        return f"printed {self.printed()}; cloud job states {clouds}; lpstat -l -o:\n{queued.stdout}"

    def wait_settled(self, timeout: float):
        try:
            wait_until(self.settled, timeout, "every job printed and completed", interval=0.2)
        except WaitTimeout as error:
            raise WaitTimeout(f"{error}; {self.describe()}") from None

    def tally(self) -> str:
        counts = self.printed()
        printed = sum(1 for n in counts.values() if n)
        lost = sum(1 for n in counts.values() if n == 0)
        duplicated = sum(n - 1 for n in counts.values() if n > 1) + self.strangers()
        return f"{printed}/{lost}/{duplicated}"


# ---------------------------------------------------------------------------------------------
# Driving the update into a state


class Sweep:
    """One case's stack and what its steps share."""

    def __init__(self, stack):
        self.stack = stack
        self.jobs = JobLedger(stack)
        self.part_at_crash = 0

    @property
    def admin(self):
        return self.stack.session("admin")

    def wait_until_offered(self):
        self.stack.agent.wait_for_firmware_state("available", timeout=REACT)
        self.wait_cloud(lambda v: v.version == FACTORY_VERSION
                        and "firmware-update-available" in v.reasons,
                        "the cloud to show 82.70 with an update available")

    def press(self, **when):
        response = self.admin.press_update(self.stack.printer.printer_id, **when)
        assert response.status == 303, f"{response.status}: {response.body[:300]}"

    def record(self) -> dict:
        return json.loads((self.stack.daemon.state_dir / "firmware-state.json").read_text())

    def edit_record(self, **changes):
        record = self.record()
        record.update(changes)
        (self.stack.daemon.state_dir / "firmware-state.json").write_text(json.dumps(record))

    def partial(self) -> Path:
        return self.stack.daemon.state_dir / "download" / f"{COMPONENT}-{LATEST_VERSION}.part"

    def staged(self) -> Path:
        return self.stack.daemon.state_dir / "staged" / f"{COMPONENT}-{LATEST_VERSION}.bin"

    def wait_cloud(self, predicate, what: str, timeout=REACT) -> CloudView:
        seen = {}

        def check():
            seen["view"] = cloud_view(self.stack)
            return predicate(seen["view"])
        try:
            wait_until(check, timeout, what, interval=0.1)
        except WaitTimeout as error:
            raise WaitTimeout(f"{error}; the cloud shows {seen.get('view')}") from None
        return seen["view"]

    def wait_updating(self):
        self.wait_cloud(lambda v: v.updating and v.state == 5, "the cloud to show Updating")

    def flash_gate(self) -> Path:
        return self.stack.daemon.device_root / "flash-gate"

    def flash_paused(self) -> Path:
        return self.stack.daemon.device_root / "flash-paused"

    def open_flash_gate(self):
        """Lets the held installer write its last two quarters."""
        def writer():
            try:
                return os.open(self.flash_gate(), os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                return None  # ENXIO: the installer has not opened its end yet
        fd = wait_until(writer, REACT, "the installer waiting at its gate")
        os.write(fd, b"go\n")
        os.close(fd)

    def installer_pid(self) -> int:
        return int(self.flash_paused().read_text())


def cloud_through_a_gate(settings, stack):
    """printlinkd reaches the cloud through a TcpGate (stack.gate, stopped by the test), so a
    test can hold what it sends while letting the cloud's answers and events through."""
    stack.gate = TcpGate(stack.cloud.port).start()
    settings.printer_uri = settings.printer_uri.replace(f":{stack.cloud.port}/",
                                                        f":{stack.gate.port}/")


def stepped_installer(settings, stack):
    settings.installer = "stepped-installer"


# The ways into each state. Each returns once printlinkd is in the state (and the cloud shows
# what it should there); the case then submits jobs, kills printlinkd, and so on.

def reach_requested(sweep: Sweep):
    # The device hears the request (an event, cloud → device) but its Acknowledge-Update-Firmware
    # never arrives: it stays `requested`, as if it crashed right after persisting it.
    sweep.stack.gate.close()
    sweep.press()
    sweep.stack.agent.wait_for_firmware_state("requested", timeout=REACT)
    assert sweep.record()["state"] == "requested"
    sweep.wait_cloud(lambda v: REQUESTED in v.reasons, "the request still pending in the cloud")


def reach_scheduled(sweep: Sweep):
    at = time.gmtime(time.time() + 2 * 3600)
    sweep.press(when="at", at=time.strftime("%Y-%m-%dT%H:%M", at))
    sweep.stack.agent.wait_for_firmware_state("scheduled", timeout=REACT)
    sweep.wait_cloud(lambda v: REQUESTED not in v.reasons and not v.updating,
                     "the cloud to see the request acknowledged")
    assert sweep.record()["state"] == "scheduled" and sweep.record()["image"]["sha256"]


def reach_downloading(sweep: Sweep):
    sweep.press()
    size = sweep.stack.image.size

    def a_third_on_disk():
        part = sweep.partial()
        return part.exists() and part.stat().st_size >= size // 3
    wait_until(a_third_on_disk, REACT, "a third of the image on disk", interval=0.02)
    assert sweep.stack.agent.firmware_state() == "downloading"


def reach_updating_reported(sweep: Sweep):
    # hold_install: the trigger is written, but the installer is not started until release().
    sweep.press()
    wait_until(sweep.stack.runner.triggered, REACT, "the install trigger")
    sweep.stack.agent.wait_for_firmware_state("draining", timeout=REACT)
    sweep.wait_updating()


def reach_draining(sweep: Sweep):
    stack = sweep.stack
    hold = stack.cupsd.jobs_dir / "hold"
    hold.write_text("printing until the test removes this\n")
    sweep.jobs.local("printing")
    wait_until(lambda: list(stack.cupsd.jobs_dir.glob("job-*.bin.part")), REACT,
               "the local job printing")
    sweep.press()
    stack.agent.wait_for_firmware_state("draining", timeout=REACT)
    sweep.wait_updating()
    wait_until(lambda: "holding the jobs of queue" in stack.daemon.process.log_text(), REACT,
               "printlinkd to hold the queue's new jobs")
    # A client that created its job now and sends the document only once the update is over
    # (after_update_draining): the job is held by the pause but must not be released empty.
    sweep.jobs.local_created("document-after-the-update")


def reach_installing(sweep: Sweep):
    os.mkfifo(sweep.flash_gate())
    sweep.press()
    wait_until(sweep.flash_paused().exists, REACT, "the installer half-way through the flash")
    sweep.stack.agent.wait_for(FIRMWARE, "Progress", lambda p: p == 40, REACT,
                               "Firmware.Progress at 40 %")
    assert sweep.stack.agent.firmware_state() == "installing"
    sweep.wait_updating()


def reach_installer_killed(sweep: Sweep):
    # The installer is killed between two quarters; install-staged reports it.
    reach_installing(sweep)
    os.killpg(os.getpgid(sweep.installer_pid()), signal.SIGKILL)
    sweep.stack.agent.wait_for_firmware_state("failed", timeout=REACT)


def reach_install_service_killed(sweep: Sweep):
    # The whole install service dies (install-staged and the installer): nobody reports.
    reach_installing(sweep)
    group = os.getpgid(sweep.installer_pid())
    install_staged = int(Path(f"/proc/{group}/stat").read_text().rsplit(")", 1)[1].split()[1])
    assert b"install-staged" in Path(f"/proc/{install_staged}/cmdline").read_bytes()
    os.kill(install_staged, signal.SIGKILL)
    os.killpg(group, signal.SIGKILL)
    wait_until(lambda: sweep.stack.runner.runs and sweep.stack.runner.runs[-1].returncode < 0,
               REACT, "install-staged to be gone")
    assert sweep.stack.agent.firmware_state() == "installing"


# What to do while printlinkd is down (the disk a crash leaves), and after it is back.

def tamper(path: Path):
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    for i in range(middle, middle + 4096):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


def while_down_requested(sweep: Sweep):
    sweep.stack.gate.drop_all()  # the held Acknowledge dies with the process that sent it
    sweep.stack.gate.open()


def while_down_downloading(sweep: Sweep):
    sweep.part_at_crash = sweep.partial().stat().st_size
    assert sweep.part_at_crash < sweep.stack.image.size, "the download ended before the crash"


def while_down_downloading_tampered(sweep: Sweep):
    while_down_downloading(sweep)
    tamper(sweep.partial())


def crash_image_acknowledged(sweep: Sweep):
    # A crash after the cloud answered Acknowledge-Update-Firmware but before the answer was
    # recorded: the cloud's request is gone, the record still says `requested` with no target.
    sweep.edit_record(state="requested", component="", version="", **{
        "scheduled-at": None, "requested-by": "", "image": {"url": "", "sha256": "", "size": 0}})


def crash_image_verifying(sweep: Sweep, tampered: bool = False):
    # A crash in `verifying`: the record says so and the whole image is in the .part file.
    sweep.edit_record(state="verifying")
    sweep.partial().parent.mkdir(mode=0o700, exist_ok=True)
    sweep.partial().write_bytes(sweep.stack.image.data)
    if tampered:
        tamper(sweep.partial())


def crash_image_staged(sweep: Sweep, tampered: bool = False):
    # A crash in `staged`: the verified image renamed into staged/, the record says so.
    sweep.edit_record(state="staged")
    sweep.staged().parent.mkdir(mode=0o700, exist_ok=True)
    sweep.staged().write_bytes(sweep.stack.image.data)
    if tampered:
        tamper(sweep.staged())


def crash_image_renamed(sweep: Sweep):
    # A crash between the rename into staged/ and the record saying `staged`.
    sweep.edit_record(state="verifying")
    sweep.staged().parent.mkdir(mode=0o700, exist_ok=True)
    sweep.staged().write_bytes(sweep.stack.image.data)


def while_down_installer_finishes(sweep: Sweep):
    # The flash completes while printlinkd is down: install-staged cannot report it, runs the
    # restart command, and the runner "reboots", starting printlinkd again.
    sweep.open_flash_gate()
    wait_until(lambda: sweep.stack.runner.restarts >= 1, REACT, "the reboot after the install")


def after_restart_scheduled(sweep: Sweep):
    stack = sweep.stack
    scheduled_at = sweep.record()["scheduled-at"]
    # Back with the time still ahead: the schedule stands, nothing is fetched.
    stack.agent.wait_for_firmware_state("scheduled", timeout=REACT)
    assert stack.agent.get(FIRMWARE, "ScheduledAt") == scheduled_at * 1_000_000
    assert stack.nginx.requests_for(stack.image.uri_path) == []
    # Down again until past the time (a power cut through it): the update starts at once.
    stack.daemon.kill()
    sweep.edit_record(**{"scheduled-at": int(time.time()) - 60})
    stack.daemon.start()


def after_restart_updating_reported(sweep: Sweep):
    # The path unit starts install-staged at once: the trigger from before the crash is still
    # there, and printlinkd may not have drained again yet.
    sweep.stack.runner.release()


def after_restart_draining(sweep: Sweep):
    stack = sweep.stack
    # The job is still printing: the device drains again and does not install under it.
    stack.agent.wait_for_firmware_state("draining", timeout=REACT)
    sweep.wait_updating()
    assert stack.runner.runs == [], "install-staged ran while a job was printing"
    (stack.cupsd.jobs_dir / "hold").unlink()


def after_update_draining(sweep: Sweep):
    sweep.jobs.send_document("document-after-the-update")


def after_restart_installing(sweep: Sweep):
    # The installer still holds install.lock: the device waits for it rather than judging.
    sweep.stack.agent.wait_for_firmware_state("installing", timeout=REACT)
    sweep.wait_updating()
    sweep.open_flash_gate()


# ---------------------------------------------------------------------------------------------
# The cases


@dataclasses.dataclass
class Case:
    id: str
    reach: Callable
    how: str  # 'live' or 'disk image': how the crash was placed in the state
    expect: str  # 'updated', 'failed', or 'unchanged' (the old version, no failure)
    reason: str = ""  # a part of the failure's message
    while_down: Callable = None
    after_restart: Callable = None
    after_update: Callable = None  # once printlinkd and the cloud are at rest
    stack: dict = dataclasses.field(default_factory=dict)
    resumes_download: bool = False


CASES = [
    Case("requested", reach_requested, "live", "updated", while_down=while_down_requested,
         stack={"configure_device": cloud_through_a_gate}),
    Case("requested-answer-lost", reach_scheduled, "disk image", "unchanged",
         while_down=crash_image_acknowledged),
    Case("scheduled", reach_scheduled, "live", "updated", after_restart=after_restart_scheduled),
    Case("downloading", reach_downloading, "live", "updated", while_down=while_down_downloading,
         stack={"image_size": SLOW_IMAGE, "limit_rate": "3m"}, resumes_download=True),
    Case("downloading-part-tampered", reach_downloading, "live", "failed", "hash mismatch",
         while_down=while_down_downloading_tampered,
         stack={"image_size": SLOW_IMAGE, "limit_rate": "3m"}, resumes_download=True),
    Case("verifying", reach_scheduled, "disk image", "updated", while_down=crash_image_verifying),
    Case("verifying-image-renamed", reach_scheduled, "disk image", "updated",
         while_down=crash_image_renamed),
    Case("verifying-part-tampered", reach_scheduled, "disk image", "failed", "hash mismatch",
         while_down=lambda s: crash_image_verifying(s, tampered=True)),
    Case("staged", reach_scheduled, "disk image", "updated", while_down=crash_image_staged),
    Case("staged-image-tampered", reach_scheduled, "disk image", "failed", "does not match",
         while_down=lambda s: crash_image_staged(s, tampered=True)),
    Case("updating-reported", reach_updating_reported, "live", "updated",
         after_restart=after_restart_updating_reported, stack={"hold_install": True}),
    Case("draining", reach_draining, "live", "updated", after_restart=after_restart_draining,
         after_update=after_update_draining),
    Case("installing", reach_installing, "live", "updated",
         after_restart=after_restart_installing, stack={"configure_device": stepped_installer}),
    Case("installing-finished-while-down", reach_installing, "live", "updated",
         while_down=while_down_installer_finishes, stack={"configure_device": stepped_installer}),
    Case("installer-killed-mid-flash", reach_installer_killed, "live", "failed",
         "killed by signal 9", stack={"configure_device": stepped_installer}),
    Case("install-service-killed-mid-flash", reach_install_service_killed, "live", "failed",
         f"installed version {FACTORY_VERSION} is not the target {LATEST_VERSION}",
         stack={"configure_device": stepped_installer}),
]

COLUMNS = ["state killed in", "crash placed", "cloud at the end", "version", "reasons",
           "message", "image bytes fetched / size", "jobs printed/lost/duplicated", "seconds"]


@pytest.fixture(scope="module")
def sweep_table(pytestconfig):
    rows = {}
    yield rows
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for case in CASES:
        row = rows.get(case.id) or {"state killed in": case.id, "cloud at the end": "(not run)"}
        lines.append("| " + " | ".join(str(row.get(c, "")) for c in COLUMNS) + " |")
    text = "# Firmware update crash sweep\n\n" + "\n".join(lines) + "\n"
    (build_dir() / "crash-sweep.md").write_text(text)
    # Past pytest's capture, so the table shows in a normal (quiet) run and in meson's log.
    reporter = pytestconfig.pluginmanager.get_plugin("terminalreporter")
    capture = pytestconfig.pluginmanager.get_plugin("capturemanager")
    if reporter and capture:
        with capture.global_and_fixture_disabled():
            reporter.write_line("")
            for line in text.splitlines():
                reporter.write_line(line)


def settled(stack) -> bool:
    """printlinkd at rest and the cloud showing what it says, or False while it is not."""
    try:
        state = stack.agent.firmware_state()
        installed = stack.agent.components()[COMPONENT][0]
    except BusCallFailed:
        return False  # between a kill or restart and the bus name
    if state not in ("idle", "available", "failed"):
        return False
    view = cloud_view(stack)
    return (not view.updating and REQUESTED not in view.reasons and view.version == installed
            and (FAILED in view.reasons) == (state == "failed"))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_crash_in_each_state_of_the_update_converges(case, make_stack, sweep_table):
    started = time.monotonic()
    stack = make_stack(**case.stack)
    sweep = Sweep(stack)
    row = {"state killed in": case.id, "crash placed": case.how}
    sweep_table[case.id] = row
    try:
        sweep.wait_until_offered()
        case.reach(sweep)

        # Around the crash: jobs sent while printlinkd is in the state, and while it is down.
        sweep.jobs.local("before-crash-local")
        sweep.jobs.cloud("before-crash-cloud")
        stack.daemon.kill()
        sweep.jobs.local("while-down-local")
        sweep.jobs.cloud("while-down-cloud")
        if case.while_down:
            case.while_down(sweep)
        if not stack.daemon.process.running():  # a "reboot" may have started it already
            stack.daemon.start()
        if case.after_restart:
            case.after_restart(sweep)

        wait_until(lambda: settled(stack), FINISH, "printlinkd and the cloud at rest", interval=0.2)
        if case.after_update:
            case.after_update(sweep)
        sweep.jobs.wait_settled(REACT)
    finally:
        view = cloud_view(stack)
        fetched = stack.nginx.bytes_served(stack.image.uri_path)
        row.update({
            "cloud at the end": PRINTER_STATES.get(view.state, view.state)
            + (" (Updating)" if view.updating else ""),
            "version": view.version,
            "reasons": ", ".join(view.reasons) or "none",
            "message": view.message.replace("|", "/")[:90],
            "image bytes fetched / size": f"{fetched / stack.image.size:.2f}",
            "jobs printed/lost/duplicated": sweep.jobs.tally(),
            "seconds": f"{time.monotonic() - started:.1f}",
        })
        if getattr(stack, "gate", None):
            stack.gate.stop()

    daemon = stack.daemon
    installed = daemon.installed_version(COMPONENT)
    assert view.version == installed == stack.agent.components()[COMPONENT][0]
    assert not view.updating and view.state != 5, view
    if case.expect == "updated":
        assert stack.agent.firmware_state() in ("idle", "available"), stack.agent.snapshot()
        assert installed == LATEST_VERSION, view
        assert FAILED not in view.reasons, view
        assert stack.agent.last_error() == ""
        # Flashed once, exactly the published bytes.
        assert daemon.slot(COMPONENT).read_bytes() == stack.image.data
        assert daemon.installs_log().splitlines() == [
            f"{COMPONENT} {LATEST_VERSION} {stack.image.sha256}"]
    elif case.expect == "unchanged":
        assert stack.agent.firmware_state() == "available", stack.agent.snapshot()
        assert installed == FACTORY_VERSION and view.reasons == ["firmware-update-available"], view
        assert not daemon.slot(COMPONENT).exists() and daemon.installs_log() == ""
    else:
        assert stack.agent.firmware_state() == "failed", stack.agent.snapshot()
        assert installed == FACTORY_VERSION, view
        assert FAILED in view.reasons, view
        assert case.reason in view.message, view
        assert case.reason in stack.agent.last_error(), stack.agent.last_error()
        # Nothing was marked installed; a half-written slot is never taken for the new version.
        assert daemon.installs_log() == ""
        if daemon.slot(COMPONENT).exists():
            assert daemon.slot(COMPONENT).read_bytes() != stack.image.data
        assert not sweep.staged().exists(), "a refused image is still staged"
        assert not sweep.partial().exists(), "a refused download is still kept"
    assert stack.runner.errors == [], stack.runner.errors
    # What an administrator sees: Ready, the version, and the button again only after a failure.
    page = sweep.admin.printer_page(stack.printer.printer_id)
    assert page.state == "Ready" and page.component(COMPONENT).get("version") == installed, \
        page.summary()
    assert page.has_update_button == (case.expect != "updated"), page.summary()
    assert not stack.cupsd.queue_paused(), stack.cupsd.queue_status()

    counts = sweep.jobs.printed()
    assert all(n == 1 for n in counts.values()) and sweep.jobs.strangers() == 0, counts

    fetched = stack.nginx.bytes_served(stack.image.uri_path)
    if case.resumes_download:
        requests = stack.nginx.requests_for(stack.image.uri_path)
        resumed = [r for r in requests if r.status == 206]
        assert resumed and resumed[0].range == f"bytes={sweep.part_at_crash}-", requests
        assert stack.image.size <= fetched <= 1.1 * stack.image.size, requests
    elif case.how == "live":
        assert fetched in (0, stack.image.size), stack.nginx.requests_for(stack.image.uri_path)
