"""The three installers behind `printlinkctl install-staged` ([installer] type = command,
swupdate, rauc) on the whole stack: the admin presses Update in printlink-cloud, printlinkd
downloads and stages the image, install-staged hands it to the REAL installer (Debian's
swupdate 2022.12 writing into plain files; Debian's RAUC 1.8 service on the stack's private
system bus, with file-backed slots and a script bootloader), its progress reaches printlinkd's
Firmware.PhaseProgress, and after the "reboot" `printlinkctl confirm-boot` decides: the version,
the health check, RAUC's booted slot. Fallbacks, lies, hangs and crashes end as
firmware-update-failed in the cloud, never as success."""

import os
import re
import signal
import subprocess
import textwrap
from pathlib import Path

import pytest

from printlink_support.agent_bus import BUS_NAME, FIRMWARE, OBJECT_PATH
from printlink_support.process import ServerProcess
from printlink_support.stack import COMPONENT, FACTORY_VERSION, LATEST_VERSION, MODEL
from printlink_support.waiting import wait_until

REACT = 30
FINISH = 90
HANG_LIMIT = 3  # installer.timeout_seconds for the hanging installers


# ---------------------------------------------------------------------------------------------
# Driving an update and reading what printlinkd and the cloud showed

def press_update(stack):
    admin = stack.session("admin")
    printer_id = stack.printer.printer_id

    def offered():
        return admin.printer_page(printer_id).component(COMPONENT).get("latest") == LATEST_VERSION
    wait_until(offered, REACT, "the page to offer the update", interval=0.2)
    assert admin.press_update(printer_id).status == 303
    return admin


def cloud_page_when(stack, admin, predicate, what, timeout=REACT):
    seen = {}

    def check():
        seen["page"] = admin.printer_page(stack.printer.printer_id)
        return predicate(seen["page"])
    wait_until(check, timeout, what, interval=0.2)
    return seen["page"]


def expect_updated(stack, admin):
    page = cloud_page_when(stack, admin, lambda p: p.state == "Ready" and p.component(COMPONENT).get("version")
                           == LATEST_VERSION, "the cloud to show Ready with the new version", FINISH)
    assert page.update_failed is None
    stack.agent.wait_for_firmware_state("idle", timeout=REACT)
    assert stack.agent.components()[COMPONENT][0] == LATEST_VERSION
    assert stack.agent.last_error() == ""


def expect_failed(stack, admin, *words, new_version_written=False):
    """The update ends failed, LastError holding every one of words, and the cloud shows the
    failure (firmware-update-failed), with the old version still installed unless the new one
    was written and only the confirmation said no."""
    stack.agent.wait_for_firmware_state("failed", timeout=FINISH)
    error = stack.agent.last_error()
    for word in words:
        assert word in error, f"{word!r} not in LastError {error!r}"
    page = cloud_page_when(stack, admin, lambda p: p.update_failed, "the cloud to show the failure", FINISH)
    expected = LATEST_VERSION if new_version_written else FACTORY_VERSION
    assert page.component(COMPONENT).get("version") == expected
    assert stack.agent.components()[COMPONENT][0] == expected
    return error


_FIRMWARE_CHANGE = re.compile(r"PropertiesChanged \('" + re.escape(FIRMWARE) + r"', \{([^}]*)\}")


def install_progress(stack):
    """Every Firmware.PhaseProgress (the installer's own percent) printlinkd announced while
    its Phase was "install"."""
    phase, seen = "", []
    for changed in _FIRMWARE_CHANGE.findall(stack.states.process.log_text()):
        if m := re.search(r"'Phase': <'([a-z]*)'>", changed):
            phase = m.group(1)
        if (m := re.search(r"'PhaseProgress': <uint32 (\d+)>", changed)) and phase == "install":
            seen.append(int(m.group(1)))
    return seen


def expect_progress_seen(stack):
    distinct = sorted(set(install_progress(stack)))
    assert len([p for p in distinct if 0 < p < 100]) >= 2, f"install progress seen: {distinct}"
    return distinct


def install_runs_ended(stack, count=1):
    wait_until(lambda: len(stack.runner.runs) >= count, FINISH, "install-staged to end")
    return stack.runner.runs


def withdraw_between_claim_and_flash(stack):
    """Makes the update stop being "installing" after install-staged claimed the image and
    before it asks whether to begin, deterministically: printlinkd is stopped (SIGSTOP) while
    install-staged's Claim and then another root client's Finish(false) queue up on its
    socket, in that order (a bus monitor sees both go by), and it is continued. The
    withdrawal method itself is another task; Finish(false) moves the state the same way."""
    stack.agent.wait_for_firmware_state("draining", timeout=REACT)
    wait_until(stack.runner.triggered, REACT, "the install trigger file")
    monitor = subprocess.Popen(
        # timeout: a monitor that never sees what it waits for ends, and so does the wait.
        ["timeout", str(REACT), "dbus-monitor", "--address", stack.bus.address,
         f"type='method_call',destination='{BUS_NAME}',interface='{FIRMWARE}'"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    daemon_pid = stack.daemon.process.pid
    finish = None
    try:
        lines = iter(monitor.stdout.readline, "")
        wait_for_line(lines, "member=NameLost", "dbus-monitor to become a monitor")
        os.kill(daemon_pid, signal.SIGSTOP)
        stack.runner.release()
        wait_for_line(lines, "member=Claim", "install-staged's Claim")
        finish = subprocess.Popen(
            ["busctl", f"--address={stack.bus.address}", "call", BUS_NAME, OBJECT_PATH, FIRMWARE,
             "Finish", "bs", "false", "withdrawn at the printer"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        wait_for_line(lines, "member=Finish", "the withdrawing Finish")
    finally:
        os.kill(daemon_pid, signal.SIGCONT)
        monitor.kill()
        monitor.wait()
    assert finish.wait(timeout=REACT) == 0, finish.stdout.read()
    run = install_runs_ended(stack)[0]
    assert run.returncode == 0, run.output
    assert "withdrawn before the flash began" in run.output, run.output
    assert stack.agent.firmware_state() == "failed"
    assert install_progress(stack) in ([], [0]), "the installer reported progress"


def wait_for_line(lines, text, what):
    # dbus-monitor prints as the bus routes; the read ends when the text appears (or the
    # pytest-level timeout of the meson test ends a hang).
    for line in lines:
        if text in line:
            return line
    raise AssertionError(f"dbus-monitor ended before {what}")


_MONITORING_POLICY = """\
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<!-- The withdrawal tests watch the bus with dbus-monitor (BecomeMonitor), as root. -->
<busconfig>
  <policy user="root">
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Monitoring"/>
  </policy>
</busconfig>
"""


@pytest.fixture
def monitoring(tmp_path):
    """A bus policy file letting root's dbus-monitor become a monitor."""
    path = tmp_path / "monitoring-policy.conf"
    path.write_text(_MONITORING_POLICY)
    return path


# ---------------------------------------------------------------------------------------------
# A test CA and signer (both installers verify signatures)

def make_pki(directory: Path):
    directory.mkdir(parents=True, exist_ok=True)

    def openssl(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=directory)
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
            "-days", "3650", "-subj", "/CN=printlink test CA")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "signer.key", "-out", "signer.csr",
            "-subj", "/CN=printlink test signer")
    (directory / "signer.ext").write_text(
        "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=emailProtection\n")
    openssl("x509", "-req", "-in", "signer.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "signer.pem", "-days", "3650", "-extfile", "signer.ext")
    return directory


def version_file_of_first_stack(tmp_path: Path) -> Path:
    """Where printlinkd of make_stack()'s first stack reads the installed version (the .swu
    and the RAUC "boot" write it there; asserted against the stack once it runs)."""
    return tmp_path / "stack0" / "device" / "device" / "versions" / COMPONENT


# ---------------------------------------------------------------------------------------------
# SWUpdate

class Swu:
    """A signed .swu whose sw-description writes rootfs.img raw into a file (the "flash") and
    the version file with rawfile, as an update of a real printer's root and version would."""

    def __init__(self, directory: Path, pki: Path, version_file: Path):
        self.dir = directory
        self.pki = pki
        self.version_file = version_file
        self.dir.mkdir(parents=True, exist_ok=True)
        self.target = self.dir / "flash.img"
        self.rootfs = os.urandom(4 << 20)
        self.target.write_bytes(b"\0" * len(self.rootfs))  # raw wants an existing device

    def build(self, *, bad_hash=False, hang=False, writes_version=True) -> bytes:
        work = self.dir / "build"
        work.mkdir(exist_ok=True)
        (work / "rootfs.img").write_bytes(self.rootfs)
        (work / "version.txt").write_text(LATEST_VERSION + "\n")
        (work / "hang.sh").write_text("#!/bin/sh\nexec sleep 300\n")
        rootfs_hash = "1" * 64 if bad_hash else _sha256(work / "rootfs.img")
        images = [f'{{ filename = "rootfs.img"; type = "raw"; device = "{self.target}"; '
                  f'sha256 = "{rootfs_hash}"; }}']
        if writes_version:
            images.append(f'{{ filename = "version.txt"; type = "rawfile"; path = "{self.version_file}"; '
                          f'sha256 = "{_sha256(work / "version.txt")}"; '
                          'properties: { create-destination = "true"; atomic-install = "true"; }; }')
        files = ["rootfs.img"] + (["version.txt"] if writes_version else [])
        scripts = ""
        if hang:
            scripts = (f'  scripts: ( {{ filename = "hang.sh"; type = "preinstall"; '
                       f'sha256 = "{_sha256(work / "hang.sh")}"; }} );\n')
            files.append("hang.sh")
        (work / "sw-description").write_text(
            f'software = {{\n  version = "{LATEST_VERSION}";\n  hardware-compatibility: [ "1.0" ];\n'
            f'  images: ( {", ".join(images)} );\n{scripts}}}\n')
        subprocess.run(["openssl", "cms", "-sign", "-in", "sw-description", "-out", "sw-description.sig",
                        "-signer", self.pki / "signer.pem", "-inkey", self.pki / "signer.key",
                        "-outform", "DER", "-nosmimecap", "-binary"], check=True, cwd=work)
        listing = "\n".join(["sw-description", "sw-description.sig", *files]) + "\n"
        cpio = subprocess.run(["cpio", "-o", "-H", "crc"], input=listing.encode(), cwd=work,
                              check=True, capture_output=True)
        return cpio.stdout

    def installer(self, **extra):
        return {"type": "swupdate", "swupdate_args": f"-k {self.pki / 'ca.pem'} -H printer:1.0", **extra}


def _sha256(path: Path) -> str:
    import hashlib
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def swu(tmp_path):
    return Swu(tmp_path / "swupdate", make_pki(tmp_path / "pki"), version_file_of_first_stack(tmp_path))


def test_swupdate_installs_and_its_progress_reaches_printlinkd(make_stack, swu):
    stack = make_stack(image_data=swu.build(), installer_keys=swu.installer())
    assert stack.daemon.version_file(COMPONENT) == swu.version_file
    admin = press_update(stack)
    expect_updated(stack, admin)
    assert swu.target.read_bytes() == swu.rootfs
    seen = expect_progress_seen(stack)
    assert seen[-1] == 100, seen
    assert [run.returncode for run in stack.runner.runs] == [0]


def test_swupdate_refusing_the_image_fails_the_update_with_its_reason(make_stack, swu):
    stack = make_stack(image_data=swu.build(bad_hash=True), installer_keys=swu.installer())
    admin = press_update(stack)
    expect_failed(stack, admin, "swupdate exited with 1", "HASH mismatch")
    assert swu.target.read_bytes() == b"\0" * len(swu.rootfs), "swupdate wrote a refused image"


def test_swupdate_that_hangs_is_stopped_at_the_time_limit(make_stack, swu):
    stack = make_stack(image_data=swu.build(hang=True), installer_keys=swu.installer(timeout_seconds=HANG_LIMIT))
    admin = press_update(stack)
    expect_failed(stack, admin, f"swupdate timed out after {HANG_LIMIT} s")
    assert not any("sleep 300" in cmd for cmd in _command_lines()), "the hanging script survived"


def test_swupdate_is_not_started_when_the_update_was_withdrawn(make_stack, swu, monitoring):
    stack = make_stack(image_data=swu.build(), installer_keys=swu.installer(), hold_install=True,
                       bus_policies=[monitoring])
    press_update(stack)
    withdraw_between_claim_and_flash(stack)
    assert swu.target.read_bytes() == b"\0" * len(swu.rootfs)
    assert swu.version_file.read_text().strip() == FACTORY_VERSION


def test_swupdate_success_without_the_new_version_is_caught_after_the_restart(make_stack, swu):
    # The .swu "lies": it installs fine but the version the device reports stays old.
    stack = make_stack(image_data=swu.build(writes_version=False), installer_keys=swu.installer())
    admin = press_update(stack)
    expect_failed(stack, admin, f"installed version {FACTORY_VERSION} is not the target {LATEST_VERSION}")
    assert swu.target.read_bytes() == swu.rootfs
    # Counted once printlinkd owns its name again, which may come after it has judged.
    wait_until(lambda: stack.runner.restarts == 1, REACT, "the runner to count the restart")


def _command_lines():
    lines = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                lines.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
            except OSError:
                pass
    return lines


# ---------------------------------------------------------------------------------------------
# RAUC

_RAUC_POLICY = """\
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<!-- RAUC's service on the test bus: root owns de.pengutronix.rauc and calls it. -->
<busconfig>
  <policy user="root">
    <allow own="de.pengutronix.rauc"/>
    <allow send_destination="de.pengutronix.rauc"/>
  </policy>
</busconfig>
"""

_BOOT_BACKEND = """\
#!/bin/sh
# RAUC's custom bootloader backend: the boot selection lives in files under $dir.
dir={dir}
echo "$*" >> "$dir/calls.log"
case "$1" in
  get-primary) cat "$dir/primary" ;;
  set-primary) echo "$2" > "$dir/primary" ;;
  get-state) cat "$dir/state.$2" 2>/dev/null || echo good ;;
  set-state) echo "$3" > "$dir/state.$2" ;;
  get-current) cat "$dir/current" ;;
  *) exit 1 ;;
esac
"""


class RaucDevice:
    """Two file-backed root slots (A holds the factory firmware), RAUC's service on the
    stack's bus, and a "boot" that starts it again on the slot the bootloader picks and
    writes the version file from what that slot holds (its first line)."""

    def __init__(self, directory: Path, pki: Path, version_file: Path):
        self.dir = directory
        self.pki = pki
        self.version_file = version_file
        self.slot_size = 4 << 20
        for d in ("slots", "mnt", "data", "boot"):
            (self.dir / d).mkdir(parents=True, exist_ok=True)
        self.slots = {"A": self.dir / "slots" / "rootfs.0.img", "B": self.dir / "slots" / "rootfs.1.img"}
        self.slots["A"].write_bytes((FACTORY_VERSION + "\n").encode().ljust(self.slot_size, b"\0"))
        self.slots["B"].write_bytes(b"\0" * self.slot_size)
        (self.dir / "boot" / "primary").write_text("A\n")
        (self.dir / "boot" / "current").write_text("A\n")
        backend = self.dir / "boot.sh"
        backend.write_text(_BOOT_BACKEND.format(dir=self.dir / "boot"))
        backend.chmod(0o755)
        self.conf = self.dir / "system.conf"
        self.conf.write_text(textwrap.dedent(f"""\
            [system]
            compatible={MODEL}
            bootloader=custom
            mountprefix={self.dir / 'mnt'}
            data-directory={self.dir / 'data'}
            [handlers]
            bootloader-custom-backend={backend}
            [keyring]
            path={self.pki / 'ca.pem'}
            [slot.rootfs.0]
            device={self.slots['A']}
            type=raw
            bootname=A
            [slot.rootfs.1]
            device={self.slots['B']}
            type=raw
            bootname=B
            """))
        self.policy = self.dir / "rauc-policy.conf"
        self.policy.write_text(_RAUC_POLICY)
        self.rootfs = (LATEST_VERSION + "\n").encode() + os.urandom(2 << 20)
        self.booted = "A"
        self.force_boot = None  # a bootloader that falls back: always boot this slot
        self.service = None
        self.bus_address = None

    def bundle(self, *, compatible=MODEL, hang=False) -> bytes:
        src = self.dir / "bundle-src"
        src.mkdir(exist_ok=True)
        (src / "rootfs.img").write_bytes(self.rootfs)
        hooks = ""
        if hang:
            hook = src / "hook.sh"
            hook.write_text('#!/bin/sh\ncase "$1" in install-check) exec sleep 300 ;; esac\nexit 0\n')
            hook.chmod(0o755)
            hooks = "[hooks]\nfilename=hook.sh\nhooks=install-check\n"
        (src / "manifest.raucm").write_text(
            f"[update]\ncompatible={compatible}\nversion={LATEST_VERSION}\n[bundle]\nformat=plain\n"
            f"{hooks}[image.rootfs]\nfilename=rootfs.img\n")
        out = self.dir / "update.raucb"
        out.unlink(missing_ok=True)
        subprocess.run(["rauc", "bundle", f"--cert={self.pki / 'signer.pem'}", f"--key={self.pki / 'signer.key'}",
                        str(src), str(out)], check=True, capture_output=True)
        return out.read_bytes()

    def start(self, bus_address: str):
        self.bus_address = bus_address
        env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=bus_address)
        self.service = ServerProcess(
            "rauc", ["rauc", f"--conf={self.conf}", "service", f"--override-boot-slot={self.booted}"],
            self.dir / f"rauc-{self.booted}.log", env=env)
        self.service.start()
        self.service.wait_ready(self._owns_name, 20, "de.pengutronix.rauc owned on the bus")

    def _owns_name(self) -> bool:
        result = subprocess.run(["busctl", f"--address={self.bus_address}", "status", "de.pengutronix.rauc"],
                                capture_output=True)
        return result.returncode == 0

    def stop(self):
        if self.service and self.service.proc:
            # Its own session: a hook still sleeping goes with it.
            try:
                os.killpg(self.service.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.service.proc.wait()
        # A RAUC killed mid-install leaves its bundle mounted under mountprefix: a later
        # RAUC could not mount there again, and the test directory could not be removed.
        prefix = str(self.dir / "mnt") + "/"
        for line in Path("/proc/self/mounts").read_text().splitlines():
            mount_point = line.split()[1].replace("\\040", " ")
            if mount_point.startswith(prefix):
                subprocess.run(["umount", "--lazy", mount_point], check=False)

    def reboot(self):
        """The stack's on_reboot: RAUC starts again on the slot the bootloader boots."""
        self.stop()
        self.booted = self.force_boot or (self.dir / "boot" / "primary").read_text().strip()
        (self.dir / "boot" / "current").write_text(self.booted + "\n")
        first_line = self.slots[self.booted].read_bytes().split(b"\n", 1)[0].decode()
        self.version_file.write_text(first_line + "\n")
        self.start(self.bus_address)

    def boot_state(self, bootname: str) -> str:
        path = self.dir / "boot" / f"state.{bootname}"
        return path.read_text().strip() if path.exists() else ""

    def calls(self) -> list:
        path = self.dir / "boot" / "calls.log"
        return path.read_text().splitlines() if path.exists() else []


@pytest.fixture
def rauc(tmp_path):
    device = RaucDevice(tmp_path / "rauc", make_pki(tmp_path / "pki"), version_file_of_first_stack(tmp_path))
    yield device
    device.stop()


def rauc_stack(make_stack, rauc, bundle, more_policies=(), **options):
    stack = make_stack(image_data=bundle, installer_keys={"type": "rauc", **options.pop("installer", {})},
                       bus_policies=[rauc.policy, *more_policies], on_reboot=rauc.reboot, **options)
    assert stack.daemon.version_file(COMPONENT) == rauc.version_file
    rauc.start(stack.bus.address)
    return stack


def test_rauc_installs_boots_the_new_slot_and_marks_it_good(make_stack, rauc):
    stack = rauc_stack(make_stack, rauc, rauc.bundle())
    admin = press_update(stack)
    expect_updated(stack, admin)
    assert rauc.slots["B"].read_bytes()[:len(rauc.rootfs)] == rauc.rootfs
    assert rauc.booted == "B"
    assert "set-state B good" in rauc.calls(), rauc.calls()
    assert rauc.boot_state("B") == "good"
    seen = expect_progress_seen(stack)
    assert seen[-1] == 100, seen
    assert [run.returncode for run in stack.runner.confirm_runs] == [0]


def test_rauc_falling_back_to_the_old_slot_is_a_failure(make_stack, rauc):
    rauc.force_boot = "A"  # the new slot does not come up; the bootloader boots A again
    stack = rauc_stack(make_stack, rauc, rauc.bundle())
    admin = press_update(stack)
    expect_failed(stack, admin, "booted slot A", "fell back")
    assert rauc.slots["B"].read_bytes()[:len(rauc.rootfs)] == rauc.rootfs, "RAUC did write B"
    assert not any(call.startswith("set-state") and call.endswith(" good") for call in rauc.calls()), rauc.calls()
    assert [run.returncode for run in stack.runner.confirm_runs] == [1]


def test_rauc_refusing_the_bundle_fails_with_its_last_error(make_stack, rauc):
    stack = rauc_stack(make_stack, rauc, rauc.bundle(compatible="OtherPrinter"))
    admin = press_update(stack)
    error = expect_failed(stack, admin, "RAUC failed")
    assert "ompatible" in error, error
    assert rauc.slots["B"].read_bytes() == b"\0" * rauc.slot_size


def test_rauc_that_hangs_is_given_up_at_the_time_limit(make_stack, rauc):
    stack = rauc_stack(make_stack, rauc, rauc.bundle(hang=True),
                       installer={"timeout_seconds": HANG_LIMIT})
    admin = press_update(stack)
    expect_failed(stack, admin, f"RAUC did not finish within {HANG_LIMIT} s")
    assert rauc.slots["B"].read_bytes() == b"\0" * rauc.slot_size


def test_rauc_is_not_started_when_the_update_was_withdrawn(make_stack, rauc, monitoring):
    stack = rauc_stack(make_stack, rauc, rauc.bundle(), more_policies=[monitoring], hold_install=True)
    press_update(stack)
    withdraw_between_claim_and_flash(stack)
    assert rauc.slots["B"].read_bytes() == b"\0" * rauc.slot_size
    assert rauc.calls() == [], rauc.calls()


# ---------------------------------------------------------------------------------------------
# The command installer (tests/data/test-installer), the health check and the confirm timeout

def test_command_progress_reaches_printlinkd(make_stack):
    stack = make_stack()
    admin = press_update(stack)
    expect_updated(stack, admin)
    assert install_progress(stack) == [10, 70, 100]


def test_command_that_fails_fails_the_update(make_stack):
    stack = make_stack(installer_keys={"command": "echo 'PROGRESS 5 starting'; echo 'flash: no space' >&2; exit 4"})
    admin = press_update(stack)
    expect_failed(stack, admin, "the installer exited with 4: flash: no space")


def test_command_that_crashes_fails_the_update(make_stack):
    stack = make_stack(installer_keys={"command": "kill -SEGV $$"})
    admin = press_update(stack)
    expect_failed(stack, admin, "the installer killed by signal 11")


def test_command_that_hangs_is_stopped_at_the_time_limit(make_stack):
    stack = make_stack(installer_keys={"command": "exec sleep 300", "timeout_seconds": HANG_LIMIT})
    admin = press_update(stack)
    expect_failed(stack, admin, f"the installer timed out after {HANG_LIMIT} s")


def test_command_is_not_started_when_the_update_was_withdrawn(make_stack, monitoring):
    stack = make_stack(hold_install=True, bus_policies=[monitoring])
    press_update(stack)
    withdraw_between_claim_and_flash(stack)
    assert stack.daemon.installs_log() == ""
    assert not stack.daemon.slot(COMPONENT).exists()


def test_a_failing_health_check_after_the_restart_is_a_failure(make_stack, tmp_path):
    check = tmp_path / "health-check"
    check.write_text("#!/bin/sh\necho 'paper path sensor not responding' >&2\nexit 2\n")
    check.chmod(0o755)
    stack = make_stack(installer_keys={"health_check_command": str(check)})
    admin = press_update(stack)
    expect_failed(stack, admin, "health check failed", "paper path sensor not responding",
                  new_version_written=True)
    # The image was written and the version changed: only the health check said no.
    assert stack.daemon.installed_version(COMPONENT) == LATEST_VERSION


def test_a_passing_health_check_lets_the_update_succeed(make_stack, tmp_path):
    ran = tmp_path / "health-check-ran"
    stack = make_stack(installer_keys={"health_check_command": f"touch {ran}"})
    admin = press_update(stack)
    expect_updated(stack, admin)
    assert ran.exists()


def test_no_confirmation_within_the_limit_is_a_failure(make_stack, tmp_path):
    stack = make_stack(installer_keys={"health_check_command": "true", "confirm_timeout_seconds": 3},
                       confirm_boot=False)
    admin = press_update(stack)
    expect_failed(stack, admin, "not confirmed within 3 s", new_version_written=True)


def test_a_command_that_lies_about_success_is_caught_by_the_version_check(make_stack):
    stack = make_stack(installer_keys={"command": "echo 'PROGRESS 100 done (not really)'"})
    admin = press_update(stack)
    expect_failed(stack, admin, f"installed version {FACTORY_VERSION} is not the target {LATEST_VERSION}")
