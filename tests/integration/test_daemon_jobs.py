"""A cloud job printed by printlinkd on real parts (docs/protocol.md §7.5): an account prints
to printlink-cloud, printlinkd fetches the job and streams its document into the private
cupsd, whose record backend keeps the bytes and options; the local job's end reaches the
cloud. Also across a kill -9 of printlinkd, and a cancel in the cloud."""

import hashlib
import json
import os
import subprocess
from pathlib import Path

from printlink_support import ipp_wire as ipp
from printlink_support.agent_bus import LINK
from printlink_support.cupsd import Cupsd
from printlink_support.documents import pwg_raster_page
from printlink_support.paths import program
from printlink_support.print_client import PrintClient
from printlink_support.waiting import wait_until

REACT = 30


def _pdf(pages: int = 3) -> bytes:
    """A valid PDF with some bulk, so a streamed copy that lost or reordered a chunk shows."""
    objects = [b"<</Type/Catalog/Pages 2 0 R>>",
               b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
               b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<<>>>>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj" % number + body + b"endobj\n"
    for i in range(pages * 3000):  # ~200 KB of comments: several 64 KiB chunks
        out += b"%% filler line %08d of a larger document\n" % i
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def client(stack) -> PrintClient:
    return PrintClient(stack.printer.printer_uri, "alice", stack.passwords["alice"])


def print_pdf(stack, document: bytes, name: str) -> int:
    answer = client(stack).print_job(document, job_name=name, job_attributes=[
        ipp.Attribute("copies", ipp.INTEGER, 2),
        ipp.Attribute("sides", ipp.KEYWORD, "two-sided-long-edge")])
    assert answer.ok, answer
    return answer.value("job-id")


def cloud_job_state(stack, job_id: int) -> int:
    answer = client(stack).get_job_attributes(job_id, ["job-state", "job-state-reasons"])
    assert answer.ok, answer
    return answer.value("job-state")


def wait_cloud_state(stack, job_id: int, state: int, timeout=REACT):
    wait_until(lambda: cloud_job_state(stack, job_id) == state, timeout,
               f"cloud job {job_id} in state {state}", interval=0.2)


def active_jobs(stack):
    return stack.agent.get(LINK, "ActiveJobs")


def local_job_of(stack, cloud_job: int) -> int:
    """The local job id printlinkd shows on D-Bus for the cloud job (0 when none yet)."""
    for entry in active_jobs(stack):
        if entry[0] == cloud_job:
            return entry[1]
    return 0


def job_map(stack) -> dict:
    path = stack.daemon.state_dir / "jobs.json"
    return json.loads(path.read_text()) if path.exists() else {"jobs": []}


def queue(stack, enabled: bool):
    stack.cupsd.run_client(["cupsenable" if enabled else "cupsdisable", Cupsd.QUEUE])


def assert_printed_once(stack, job: int, document: bytes, timeout=REACT):
    """The cloud sees the job completed, and the local queue printed it exactly once."""
    wait_cloud_state(stack, job, ipp.JOB_COMPLETED, timeout)
    assert [p.read_bytes() for p in stack.cupsd.recorded_jobs()] == [document]
    listed = stack.cupsd.run_client(["lpstat", "-W", "all", "-o", Cupsd.QUEUE]).stdout
    assert len(listed.splitlines()) == 1, listed


def test_a_pdf_printed_in_the_cloud_comes_out_of_the_local_queue(make_stack):
    stack = make_stack()
    stack.agent.wait_for(LINK, "State", lambda s: s == "online", REACT)
    document = _pdf()
    job = print_pdf(stack, document, "report.pdf")

    wait_until(lambda: len(stack.cupsd.recorded_jobs()) == 1, REACT, "the job at the local queue")
    recorded = stack.cupsd.recorded_jobs()[0]
    assert recorded.read_bytes() == document
    copies, options, user = recorded.with_suffix(".options").read_text().splitlines()[:3]
    assert copies == "2", (copies, options)
    assert "sides=two-sided-long-edge" in options.split(), options
    # The local job is the cloud account's (job-originating-user-name), not printlinkd's.
    assert user == "alice", user
    listed = stack.cupsd.run_client(["lpstat", "-W", "all", "-o", Cupsd.QUEUE]).stdout
    assert listed.split()[1] == "alice", listed
    wait_cloud_state(stack, job, ipp.JOB_COMPLETED)
    wait_until(lambda: active_jobs(stack) == [], REACT, "no active job on D-Bus")


def test_a_kill_9_after_the_local_job_was_created_prints_once(make_stack):
    stack = make_stack()
    stack.agent.wait_for(LINK, "State", lambda s: s == "online", REACT)
    queue(stack, enabled=False)  # the local job waits: the crash comes while it exists
    document = _pdf(1)
    job = print_pdf(stack, document, "crash.pdf")
    wait_until(lambda: local_job_of(stack, job) > 0, REACT, "the local job on D-Bus")
    wait_until(lambda: any(j["step"] == "printing" for j in job_map(stack)["jobs"]), REACT,
               "the job recorded as printing")

    stack.daemon.kill()
    stack.daemon.start()
    queue(stack, enabled=True)

    assert_printed_once(stack, job, document)


def test_a_cloud_cancel_stops_the_local_job(make_stack):
    stack = make_stack()
    stack.agent.wait_for(LINK, "State", lambda s: s == "online", REACT)
    queue(stack, enabled=False)
    job = print_pdf(stack, _pdf(1), "cancel-me.pdf")
    wait_until(lambda: local_job_of(stack, job) > 0, REACT, "the local job on D-Bus")
    local = local_job_of(stack, job)
    env = stack.bus.client_env()
    env["LC_ALL"] = "C.UTF-8"
    status = subprocess.run([str(program("printlinkctl")), "status"], capture_output=True,
                            text=True, env=env, timeout=60)
    assert status.returncode == 0, status.stderr
    row = [line.split() for line in status.stdout.splitlines() if "cancel-me.pdf" in line]
    assert row and row[0][:2] == [str(job), str(local)], status.stdout

    answer = client(stack).cancel_job(job)
    assert answer.ok, answer
    wait_cloud_state(stack, job, ipp.JOB_CANCELED)
    completed = stack.cupsd.run_client(["lpstat", "-W", "completed", "-o", Cupsd.QUEUE]).stdout
    assert f"{Cupsd.QUEUE}-{local}" in completed, completed
    queue(stack, enabled=True)
    assert stack.cupsd.recorded_jobs() == []


def test_a_crash_between_the_local_create_job_and_the_map_write_prints_once(make_stack, tmp_path):
    """The local job exists, marked with the cloud job-uuid, but the map still says
    'fetched': printlinkd finds the marked job and does not create a second one."""
    stack = make_stack()
    stack.agent.wait_for(LINK, "State", lambda s: s == "online", REACT)
    stack.daemon.kill()
    queue(stack, enabled=False)
    document = _pdf(1)
    job = print_pdf(stack, document, "marked.pdf")
    uuid = client(stack).get_job_attributes(job, ["job-uuid"]).value("job-uuid")
    assert uuid
    # What printlinkd had done before the crash: Create-Job with the marker, and the document.
    path = tmp_path / "marked.pdf"
    path.write_bytes(document)
    stack.cupsd.run_client(["lp", "-d", Cupsd.QUEUE, "-o", f"printlink-cloud-job-uuid={uuid}",
                            str(path)])
    record = {"cloud-job-id": job, "job-uuid": uuid, "job-name": "marked.pdf", "step": "fetched",
              "local-job-id": 0, "reported-state": 0, "reported-impressions": -1,
              "cloud-canceled": False}
    (stack.daemon.state_dir / "jobs.json").write_text(json.dumps({"version": 1, "jobs": [record]}))

    stack.daemon.start()
    queue(stack, enabled=True)
    assert_printed_once(stack, job, document)


def test_restarts_of_cupsd_and_the_cloud_while_a_job_waits_print_it_once(make_stack):
    stack = make_stack()
    stack.agent.wait_for(LINK, "State", lambda s: s == "online", REACT)
    queue(stack, enabled=False)
    document = _pdf(1)
    job = print_pdf(stack, document, "restarts.pdf")
    wait_until(lambda: any(j["step"] == "printing" for j in job_map(stack)["jobs"]), REACT,
               "the job recorded as printing")

    stack.cloud.restart(crash=True)
    stack.cupsd.stop()
    stack.cupsd.start()  # the queue comes back enabled: the waiting job prints now
    queue(stack, enabled=True)

    assert_printed_once(stack, job, document, timeout=60)
    wait_until(lambda: job_map(stack)["jobs"] == [] or
               all(j["step"] == "reported-final" for j in job_map(stack)["jobs"]), REACT,
               "the job's end recorded")


def test_a_local_cancel_reaches_the_cloud_as_canceled_at_device(make_stack):
    stack = make_stack()
    stack.agent.wait_for(LINK, "State", lambda s: s == "online", REACT)
    queue(stack, enabled=False)
    job = print_pdf(stack, _pdf(1), "stop-here.pdf")
    wait_until(lambda: local_job_of(stack, job) > 0, REACT, "the local job on D-Bus")
    stack.cupsd.run_client(["cancel", f"{Cupsd.QUEUE}-{local_job_of(stack, job)}"])

    wait_cloud_state(stack, job, ipp.JOB_CANCELED)
    reasons = client(stack).get_job_attributes(job, ["job-state-reasons"]).values("job-state-reasons")
    assert "job-canceled-at-device" in reasons, reasons
    queue(stack, enabled=True)
    assert stack.cupsd.recorded_jobs() == []


def _kib(pid: int, field: str) -> int:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} for pid {pid}")


def test_a_pwg_raster_job_lands_in_the_queue_with_its_ticket(make_stack):
    stack = make_stack()
    stack.agent.wait_for(LINK, "State", lambda s: s == "online", REACT)
    document = pwg_raster_page()
    answer = client(stack).print_job(document, document_format="image/pwg-raster",
                                     job_name="scan.pwg", job_attributes=[
                                         ipp.Attribute("media", ipp.KEYWORD, "iso_a4_210x297mm"),
                                         ipp.Attribute("print-color-mode", ipp.KEYWORD, "monochrome")])
    assert answer.ok, answer
    job = answer.value("job-id")

    assert_printed_once(stack, job, document)
    copies, options, user = stack.cupsd.recorded_jobs()[0].with_suffix(".options").read_text().splitlines()[:3]
    assert copies == "1", copies
    assert {"media=iso_a4_210x297mm", "print-color-mode=monochrome"} <= set(options.split()), options
    assert user == "alice", user
    # cupsd typed the document itself: it took it as PWG raster.
    assert "image/pwg-raster" in stack.cupsd.error_log(), "cupsd did not see a PWG raster"


def _sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def test_a_200_mb_document_is_streamed_not_held_in_memory(make_stack):
    """The document goes from the cloud's answer to cupsd in 64 KiB chunks: printlinkd's peak
    RSS (VmHWM, its peak reset first, bench/run-job-forwarding.py's measure) grows by less
    than 4 MiB for 200 MB."""
    stack = make_stack()
    stack.agent.wait_for(LINK, "State", lambda s: s == "online", REACT)
    pid = stack.daemon.process.pid
    document = b"%PDF-1.4\n" + os.urandom(200_000_000)
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # VmHWM := VmRSS
    before = _kib(pid, "VmHWM")
    job = print_pdf(stack, document, "large.pdf")

    wait_cloud_state(stack, job, ipp.JOB_COMPLETED, timeout=120)
    growth = _kib(pid, "VmHWM") - before
    recorded = stack.cupsd.recorded_jobs()
    assert len(recorded) == 1 and recorded[0].stat().st_size == len(document)
    assert _sha256(recorded[0]) == hashlib.sha256(document).hexdigest()
    assert growth < 4 * 1024, f"printlinkd's peak RSS grew by {growth} KiB for 200 MB"
