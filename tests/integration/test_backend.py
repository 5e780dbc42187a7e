"""The printlink CUPS backend in a real cupsd 2.4.2: a queue printlink:record://<dir> prints
through the recording backend behind it, byte for byte; while the installer holds
install.lock its jobs are held (not failed, not retried), stay held across a cupsd restart,
and print once when released. Releasing them after an update is printlinkd's part
(test_jobs_during_update.py)."""

import fcntl
import os
import re
from contextlib import contextmanager
from pathlib import Path

import pytest

from printlink_support import ipp_wire as ipp
from printlink_support.cupsd import Cupsd
from printlink_support.waiting import wait_until

HOLD_REASON = "printlink-held-for-firmware-update-report"  # common/backend_hold_reason.h
QUEUE = "wrapped"
REACT = 30

# What the backend reads of printlink's configuration: [device] runtime_dir. The rest only
# makes it a configuration printlinkd would accept.
_CONFIG = """[cloud]
printer_uri = ipps://cloud.example/ipp/print/42
[device]
model = PL-100
queue = {queue}
runtime_dir = {runtime}
[firmware]
catalog_url = https://repo.example/fw/catalog.json
catalog_key_file = /etc/printlink/catalog-key.pub.pem
[component:MainController]
version_file = /var/lib/printlink/MainController.version
"""


class Device:
    def __init__(self, cupsd: Cupsd, lock_path: Path, out: Path, tmp: Path):
        self.cupsd = cupsd
        self.lock_path = lock_path
        self.out = out
        self.tmp = tmp

    def submit(self, document: bytes, name: str) -> int:
        path = self.tmp / name
        path.write_bytes(document)
        answer = self.cupsd.run_client(["lp", "-d", QUEUE, path]).stdout
        return int(re.search(rf"request id is {QUEUE}-(\d+)", answer).group(1))

    def job(self, job_id: int) -> ipp.IppResponse:
        answer = self.cupsd.job(job_id)
        assert answer.ok, answer
        return answer

    def state(self, job_id: int) -> int:
        return self.job(job_id).value("job-state")

    def recorded(self) -> list:
        return [p.read_bytes() for p in sorted(self.out.glob("job-*.bin"))]

    @contextmanager
    def installer_running(self):
        """What printlinkctl install-staged does for the whole install: an exclusive flock on
        <runtime_dir>/install.lock, let go when it ends."""
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            yield
        finally:
            os.close(fd)


@pytest.fixture
def device(tmp_path):
    runtime = tmp_path / "run"
    runtime.mkdir()
    config = tmp_path / "printlink.conf"
    config.write_text(_CONFIG.format(queue=QUEUE, runtime=runtime))
    out = tmp_path / "wrapped-jobs"
    out.mkdir()
    with Cupsd(tmp_path / "cups", printlink_config=config) as cupsd:
        cupsd.add_queue(QUEUE, f"printlink:record://{out}")
        yield Device(cupsd, runtime / "install.lock", out, tmp_path)


def test_a_job_prints_through_the_real_backend_behind_it(device):
    document = bytes(range(256)) * 512 + b"\x00end\n"  # raw bytes: any change would show
    job = device.submit(document, "through.bin")
    wait_until(lambda: device.state(job) == ipp.JOB_COMPLETED, REACT, "the job completed")

    assert device.recorded() == [document]
    assert len(device.cupsd.jobs_listed(QUEUE)) == 1
    log = device.cupsd.error_log()
    assert f"printlink: handing the job to {device.cupsd.runtime}/bin/backend/record" in log, log[-3000:]
    assert HOLD_REASON not in device.cupsd.printer_reasons(QUEUE)


def test_during_a_flash_a_job_is_held_not_failed_and_prints_once_released(device):
    document = b"printed after the flash\n" * 100
    with device.installer_running():
        job = device.submit(document, "held.txt")
        wait_until(lambda: device.state(job) == ipp.JOB_PENDING_HELD, REACT, "the job held")

        # Held the way cupsd holds a job until someone releases it: not failed, not stopped,
        # not retried (JobRetryInterval is 2 s here), nothing sent to the printer.
        held = device.job(job)
        assert held.value("job-hold-until") == "indefinite"
        assert held.values("job-state-reasons") == ["job-hold-until-specified"]
        assert HOLD_REASON in held.values("job-printer-state-reasons")
        assert HOLD_REASON in device.cupsd.printer_reasons(QUEUE)
        assert "printer wrapped is idle." in device.cupsd.run_client(["lpstat", "-p", QUEUE]).stdout
        assert device.recorded() == []
        log = device.cupsd.error_log()
        assert "firmware is being updated. The job is held" in log, log[-3000:]  # cupsd escapes the '
        assert "Backend returned status 3 (hold job)" in log

        # A flash reboots the printer: the held job and its mark survive cupsd's restart.
        device.cupsd.stop()
        device.cupsd.start()
        assert device.state(job) == ipp.JOB_PENDING_HELD
        assert HOLD_REASON in device.job(job).values("job-printer-state-reasons")

    # The installer is gone, but the backend releases nothing by itself (printlinkd does).
    assert device.state(job) == ipp.JOB_PENDING_HELD
    device.cupsd.run_client(["lp", "-i", f"{QUEUE}-{job}", "-H", "resume"])
    wait_until(lambda: device.state(job) == ipp.JOB_COMPLETED, REACT, "the released job completed")
    assert device.recorded() == [document]
    assert len(device.cupsd.jobs_listed(QUEUE)) == 1
    # The next run of the backend took the hold's reason off the queue.
    assert HOLD_REASON not in device.cupsd.printer_reasons(QUEUE)
