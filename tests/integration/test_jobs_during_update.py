"""Jobs that arrive while the firmware is being installed are held, not lost, and print
exactly once after the update, on the real stack (printlink-cloud, printlinkd, a private
cupsd, nginx, install-staged with test-installer stopped mid-flash at a gate):

- a local job (lp) and a cloud job (Print-Job to printlink-cloud, forwarded by printlinkd)
  to the device's queue, which printlinkd drained and holds;
- a local job to a second queue printlink:record://<dir>, which printlinkd does not manage:
  the printlink backend sees install.lock and holds it, and printlinkd's resume releases it."""

import os
import re

from printlink_support import ipp_wire as ipp
from printlink_support.agent_bus import FIRMWARE
from printlink_support.cupsd import Cupsd
from printlink_support.print_client import PrintClient
from printlink_support.stack import COMPONENT, LATEST_VERSION
from printlink_support.waiting import wait_until

HOLD_REASON = "printlink-held-for-firmware-update-report"  # common/backend_hold_reason.h
WRAPPED = "wrapped"
REACT = 30
FINISH = 90


def lp(stack, queue: str, document: bytes, name: str) -> int:
    path = stack.dir / name
    path.write_bytes(document)
    answer = stack.cupsd.run_client(["lp", "-d", queue, path]).stdout
    return int(re.search(rf"request id is {queue}-(\d+)", answer).group(1))


def local_state(stack, job: int) -> int:
    answer = stack.cupsd.job(job)
    assert answer.ok, answer
    return answer.value("job-state")


def cloud_client(stack) -> PrintClient:
    return PrintClient(stack.printer.printer_uri, "alice", stack.passwords["alice"])


def cloud_state(stack, job: int) -> int:
    answer = cloud_client(stack).get_job_attributes(job, ["job-state"])
    assert answer.ok, answer
    return answer.value("job-state")


def recorded(directory) -> list:
    return [p.read_bytes() for p in sorted(directory.glob("job-*.bin"))]


def open_gate(gate):
    with open(gate, "w") as fifo:  # test-installer is blocked reading it
        fifo.write("go\n")


def test_jobs_sent_during_the_flash_print_once_after_it(make_stack):
    stack = make_stack()
    wrapped_out = stack.dir / "wrapped-jobs"
    wrapped_out.mkdir()
    stack.cupsd.add_queue(WRAPPED, f"printlink:record://{wrapped_out}")
    gate = stack.daemon.device_root / "installer-gate"
    os.mkfifo(gate)
    stack.agent.wait_for_firmware_state("available", timeout=REACT)

    response = stack.session("admin").press_update(stack.printer.printer_id)
    assert response.status == 303, response.body[:500]
    # Installing: install-staged holds install.lock, test-installer waits at the gate.
    stack.agent.wait_for_firmware_state("installing", timeout=FINISH)
    wait_until(lambda: stack.agent.get(FIRMWARE, "Progress") == 5, REACT,
               "the installer's progress from the gate (PROGRESS 5)")
    assert stack.cupsd.queue_paused()

    local = b"%!PS\n% a local job sent during the flash\nshowpage\n"
    cloud = b"%PDF-1.4\n% a cloud job sent during the flash\n%%EOF\n"
    wrapped = b"raw bytes for the second queue, sent during the flash\n" * 50
    local_job = lp(stack, Cupsd.QUEUE, local, "local.ps")
    answer = cloud_client(stack).print_job(cloud, job_name="during-flash.pdf")
    assert answer.ok, answer
    cloud_job = answer.value("job-id")
    wrapped_job = lp(stack, WRAPPED, wrapped, "wrapped.bin")

    # The second queue is not paused: its job reaches the printlink backend, which holds it.
    wait_until(lambda: local_state(stack, wrapped_job) == ipp.JOB_PENDING_HELD, REACT,
               "the printlink backend to hold the job")
    held = stack.cupsd.job(wrapped_job)
    assert HOLD_REASON in held.values("job-printer-state-reasons")
    assert held.value("job-hold-until") == "indefinite"
    assert HOLD_REASON in stack.cupsd.printer_reasons(WRAPPED)
    # The cloud job reaches the local queue, and waits there like the local one.
    wait_until(lambda: len(stack.cupsd.jobs_listed(Cupsd.QUEUE, "not-completed")) == 2, REACT,
               "the cloud job in the local queue")
    assert local_state(stack, local_job) == ipp.JOB_PENDING_HELD
    assert recorded(stack.cupsd.jobs_dir) == [] and recorded(wrapped_out) == []

    open_gate(gate)
    stack.agent.wait_for_firmware_state("idle", timeout=FINISH)
    assert stack.agent.components()[COMPONENT][0] == LATEST_VERSION
    assert [run.returncode for run in stack.runner.runs] == [0]

    # After the restart printlinkd resumed the queue: every job printed, each exactly once.
    wait_until(lambda: cloud_state(stack, cloud_job) == ipp.JOB_COMPLETED, FINISH,
               "the cloud job completed")
    wait_until(lambda: local_state(stack, local_job) == ipp.JOB_COMPLETED, REACT,
               "the local job completed")
    wait_until(lambda: local_state(stack, wrapped_job) == ipp.JOB_COMPLETED, REACT,
               "the job the backend held completed")
    assert sorted(recorded(stack.cupsd.jobs_dir)) == sorted([local, cloud])
    assert recorded(wrapped_out) == [wrapped]
    assert len(stack.cupsd.jobs_listed(Cupsd.QUEUE)) == 2
    assert len(stack.cupsd.jobs_listed(WRAPPED)) == 1
    assert stack.cupsd.jobs_listed(Cupsd.QUEUE, "not-completed") == []
    assert stack.cupsd.jobs_listed(WRAPPED, "not-completed") == []
    assert HOLD_REASON not in stack.cupsd.printer_reasons(WRAPPED)
    assert not stack.cupsd.queue_paused()
    assert "released job" in stack.daemon.process.log_tail(400)
