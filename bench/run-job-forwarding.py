#!/usr/bin/python3
"""Starts the real parts through tests/support (printlink-cloud, a private cupsd whose queue
records every job with tests/data/record-backend, a private bus, nginx, printlinkd with a
printer URI and token) and measures cloud jobs forwarded into the local queue
(docs/protocol.md §7.5), with `lp` straight to the same cupsd as the peer in the same run:

1. latency: N one-page PDF Print-Jobs (default 100) sent one after another by an account
   (HTTP Basic); for each, the time from sending Print-Job to the local cupsd having accepted
   the job. The signal is the local job's own record: Get-Job-Attributes for the next local
   job-id, polled over one kept-alive connection, until the job exists and has its document
   (`number-of-documents` >= 1, i.e. printlinkd's Send-Document was taken). The bench polls;
   the product does not. Peer: `lp` of the same PDF, the time until it exits with its
   request id (lp ends after cupsd took the document).
2. throughput: one document of MEGABYTES (default 200, random bytes behind a PDF header)
   printed through the cloud: the time from sending Print-Job to the record backend having
   written every byte (its job-<id>.bin appears only when complete), MB/s, and printlinkd's
   peak RSS growth (VmHWM after minus VmRSS before, the peak reset with clear_refs 5 first).
   Peer: `lp` of the same file, the time to the same backend output.

Usage: bench/run-job-forwarding.py [JOBS [MEGABYTES]]   (PRINTLINK_BUILD_DIR, default ./build)
"""

import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

source_dir = Path(__file__).resolve().parent.parent
os.environ.setdefault("PRINTLINK_SOURCE_DIR", str(source_dir))
os.environ.setdefault("PRINTLINK_BUILD_DIR", str(source_dir / "build"))
sys.path.insert(0, str(source_dir / "tests" / "support"))

from printlink_support import ipp_wire as ipp  # noqa: E402
from printlink_support.agent_bus import LINK  # noqa: E402
from printlink_support.cupsd import Cupsd  # noqa: E402
from printlink_support.documents import one_page_pdf  # noqa: E402
from printlink_support.print_client import PrintClient  # noqa: E402
from printlink_support.stack import Stack  # noqa: E402

JOB_TIMEOUT = 60.0  # seconds one job may take before the bench gives up
POLL = 0.001  # between two polls of the local queue (each poll is itself ~0.5 ms)


class LocalQueue:
    """Asks the private cupsd about its jobs over one kept-alive HTTP connection, so that a
    poll costs one request and not a TCP handshake."""

    def __init__(self, cupsd: Cupsd):
        self.cupsd = cupsd
        self.printer_uri = f"ipp://{cupsd.server}/printers/{Cupsd.QUEUE}"
        self.connection = http.client.HTTPConnection("127.0.0.1", cupsd.port, timeout=10)
        self.request_id = 0

    def _call(self, operation: int, *attributes: ipp.Attribute) -> ipp.IppResponse:
        self.request_id += 1
        body = ipp.encode(operation, [ipp.Group(ipp.OPERATION_GROUP, [
            ipp.Attribute("attributes-charset", ipp.CHARSET, "utf-8"),
            ipp.Attribute("attributes-natural-language", ipp.NATURAL_LANGUAGE, "en"),
            ipp.Attribute("printer-uri", ipp.URI, self.printer_uri),
            ipp.Attribute("requesting-user-name", ipp.NAME, "bench"),
            *attributes])], self.request_id)
        self.connection.request("POST", f"/printers/{Cupsd.QUEUE}", body,
                                {"Content-Type": "application/ipp"})
        return ipp.decode(self.connection.getresponse().read())

    def last_job_id(self) -> int:
        answer = self._call(ipp.GET_JOBS, ipp.Attribute("which-jobs", ipp.KEYWORD, "all"),
                            ipp.Attribute("requested-attributes", ipp.KEYWORD, ["job-id"]))
        return max([a.value for a in answer if a.name == "job-id"], default=0)

    def documents(self, job_id: int):
        """The job's number-of-documents, None while the job does not exist."""
        answer = self._call(ipp.GET_JOB_ATTRIBUTES, ipp.Attribute("job-id", ipp.INTEGER, job_id),
                            ipp.Attribute("requested-attributes", ipp.KEYWORD,
                                          ["number-of-documents"]))
        return (answer.value("number-of-documents") or 0) if answer.ok else None

    def wait_accepted(self, job_id: int, started: float):
        """Seconds from 'started' to the moment job_id is first seen (printlinkd's Create-Job
        taken), and to the moment it is seen holding its document (Send-Document taken)."""
        created = None
        while True:
            documents = self.documents(job_id)
            now = time.monotonic() - started
            if documents is not None and created is None:
                created = now
            if documents:
                return created, now
            if now > JOB_TIMEOUT:
                raise TimeoutError(f"local job {job_id} never had its document\n"
                                   f"{self.cupsd.process.log_tail()}")
            time.sleep(POLL)

    def wait_recorded(self, job_id: int, started: float) -> float:
        """Seconds from 'started' to the record backend's complete output for job_id."""
        output = self.cupsd.jobs_dir / f"job-{job_id}.bin"
        while not output.exists():
            if time.monotonic() - started > JOB_TIMEOUT * 10:
                raise TimeoutError(f"local job {job_id} never recorded")
            time.sleep(0.005)
        return time.monotonic() - started


def lp(stack: Stack, path: Path) -> int:
    """Prints 'path' straight to the local queue; the job-id lp reports."""
    out = stack.cupsd.run_client(["lp", "-d", Cupsd.QUEUE, path]).stdout
    # "request id is printer-17 (1 file(s))"
    return int(out.split("request id is ")[1].split()[0].rsplit("-", 1)[1])


def percentile(samples, fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summary(name: str, seconds) -> str:
    ms = [s * 1000 for s in seconds]
    return (f"{name:<34} p50 {statistics.median(ms):7.1f} ms  p99 {percentile(ms, 0.99):7.1f} ms"
            f"  max {max(ms):7.1f} ms  (n={len(ms)})")


def status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def measure_latency(stack: Stack, local: LocalQueue, client: PrintClient, work: Path, jobs: int):
    document = one_page_pdf()
    pdf = work / "one-page.pdf"
    pdf.write_bytes(document)
    answered, created, cloud, direct, query = [], [], [], [], []
    for n in range(jobs):
        expected = local.last_job_id() + 1
        started = time.monotonic()
        answer = client.print_job(document, job_name=f"latency-{n}.pdf")
        answered.append(time.monotonic() - started)
        if not answer.ok:
            raise RuntimeError(f"Print-Job refused: {answer}")
        seen, accepted = local.wait_accepted(expected, started)
        created.append(seen)
        cloud.append(accepted)
        started = time.monotonic()
        client.get_job_attributes(answer.value("job-id"), ["job-state"])
        query.append(time.monotonic() - started)
        started = time.monotonic()
        lp(stack, pdf)
        direct.append(time.monotonic() - started)
    print(summary("cloud Print-Job answered", answered))
    print(summary("  -> local job created", created))
    print(summary("  -> local job has its document", cloud))
    print(summary("answered -> local job has document", [c - a for a, c in zip(answered, cloud)]))
    print(summary("cloud Get-Job-Attributes (Basic)", query))
    print(summary("lp -> job-id (peer)", direct))


def measure_throughput(stack: Stack, local: LocalQueue, client: PrintClient, work: Path,
                       megabytes: int):
    big = work / "document.pdf"
    with open(big, "wb") as out:
        out.write(b"%PDF-1.4\n")
        for _ in range(megabytes):
            out.write(os.urandom(1_000_000))
    size_mb = big.stat().st_size / 1e6
    document = big.read_bytes()
    daemon = stack.daemon.process.pid
    Path(f"/proc/{daemon}/clear_refs").write_text("5")
    rss_before = status_kib(daemon, "VmRSS")

    expected = local.last_job_id() + 1
    started = time.monotonic()
    answer = client.print_job(document, job_name="big.pdf", timeout=600)
    sent = time.monotonic() - started
    if not answer.ok:
        raise RuntimeError(f"Print-Job refused: {answer}")
    del document
    through_cloud = local.wait_recorded(expected, started)
    growth = status_kib(daemon, "VmHWM") - rss_before
    recorded = stack.cupsd.jobs_dir / f"job-{expected}.bin"
    if recorded.stat().st_size != big.stat().st_size:
        raise RuntimeError(f"recorded {recorded.stat().st_size} bytes, sent {big.stat().st_size}")
    print(f"{'cloud Print-Job -> backend wrote all':<36} {through_cloud:7.2f} s  "
          f"{size_mb / through_cloud:7.1f} MB/s  (Print-Job answered after {sent:.2f} s; "
          f"printlinkd peak RSS +{growth} KiB from {rss_before / 1024:.1f} MiB)")
    recorded.unlink()

    expected = local.last_job_id() + 1
    started = time.monotonic()
    job = lp(stack, big)
    direct = local.wait_recorded(job, started)
    if job != expected:
        print(f"(lp's job was {job}, not {expected})", file=sys.stderr)
    print(f"{'lp -> backend wrote all (peer)':<36} {direct:7.2f} s  {size_mb / direct:7.1f} MB/s")


def main() -> int:
    jobs = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    megabytes = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    with tempfile.TemporaryDirectory(prefix="printlink-job-forwarding-") as work:
        work = Path(work)
        with Stack(work / "stack") as stack:
            stack.agent.wait_for(LINK, "State", lambda s: s == "online", 30)
            local = LocalQueue(stack.cupsd)
            client = PrintClient(stack.printer.printer_uri, "alice", stack.passwords["alice"])
            measure_latency(stack, local, client, work, jobs)
            measure_throughput(stack, local, client, work, megabytes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
