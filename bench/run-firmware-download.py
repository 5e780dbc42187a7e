#!/usr/bin/python3
"""The firmware download bar of DESIGN §6: a 1 GiB image from nginx, fetched by printlinkd
(press "Update firmware" on the cloud's page; the image is downloaded into the state directory,
verified and staged) against `curl` fetching the same file to the same disk in the same run.

Both are timed by the server: nginx's `$request_time` (first request byte read to last
response byte sent) for the image, so the figures compare the transfers themselves and not how
each client is started. curl runs three times before and three times after printlinkd (the median is compared), so a page cache warmed by either
helps both, and each transfer starts after a sync(), with no dirty pages of another's to
write back. Also printed: printlinkd's wall time from pressing the button to `staged` (event,
acknowledge, catalog, download, SHA-256 and signature check), the verify phase alone, and
printlinkd's peak RSS growth (VmHWM after minus VmRSS before, the peak reset with clear_refs 5
first).

Usage: bench/run-firmware-download.py [MEGABYTES]   (default 1024; PRINTLINK_BUILD_DIR, default
./build)
"""

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

from printlink_support.stack import Stack  # noqa: E402

STAGE_TIMEOUT = 600.0  # seconds the whole update may take before the bench gives up
POLL = 0.01            # between two reads of Firmware.State on the bus
CURL_RUNS_EACH_SIDE = 3  # curl runs before and after printlinkd's; the disk's speed varies


def status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/{pid}/status")


def served_seconds(stack: Stack, since: int) -> tuple[float, int, int]:
    """nginx's time, bytes and request count for the image, over the log records after `since`."""
    records = [r for r in stack.nginx.records()[since:] if r.uri == stack.image.uri_path]
    return sum(r.seconds for r in records), sum(r.body_bytes for r in records), len(records)


def curl_once(stack: Stack, target: Path) -> float:
    os.sync()  # each transfer starts with no other transfer's dirty pages to write back
    since = len(stack.nginx.records())
    subprocess.run(["curl", "-sS", "--fail", "-o", str(target), stack.nginx.url + stack.image.uri_path],
                   check=True)
    seconds, body, _ = served_seconds(stack, since)
    if body != stack.image_size or target.stat().st_size != stack.image_size:
        raise RuntimeError(f"curl fetched {target.stat().st_size} bytes, expected {stack.image_size}")
    target.unlink()
    return seconds


def wait_for_state(stack: Stack, wanted: set, started: float) -> float:
    while time.monotonic() - started < STAGE_TIMEOUT:
        state = stack.agent.firmware_state()
        if state in wanted:
            return time.monotonic()
        if state == "failed":
            raise RuntimeError(f"the update failed: {stack.agent.last_error()}")
        time.sleep(POLL)
    raise RuntimeError(f"no {sorted(wanted)} within {STAGE_TIMEOUT} s")


def main() -> int:
    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
    size = megabytes << 20
    with tempfile.TemporaryDirectory(prefix="printlink-firmware-download-") as work:
        work = Path(work)
        with Stack(work / "stack", image_size=size, hold_install=True) as stack:
            stack.agent.wait_for_firmware_state("available", timeout=60)
            printer_id = stack.printer.printer_id
            admin = stack.session("admin")
            curl_target = stack.daemon.state_dir / "curl-peer.bin"   # the same disk

            curl_runs = [curl_once(stack, curl_target) for _ in range(CURL_RUNS_EACH_SIDE)]

            daemon = stack.daemon.process.pid
            Path(f"/proc/{daemon}/clear_refs").write_text("5")
            rss_before = status_kib(daemon, "VmRSS")
            os.sync()
            since = len(stack.nginx.records())
            started = time.monotonic()
            response = admin.press_update(printer_id)
            if response.status != 303:
                raise RuntimeError(f"the button was refused: {response.status}")
            verifying = wait_for_state(stack, {"verifying", "staged", "draining", "installing"},
                                       started)
            staged = wait_for_state(stack, {"staged", "draining", "installing"}, started)
            growth = status_kib(daemon, "VmHWM") - rss_before
            daemon_seconds, body, requests = served_seconds(stack, since)
            if body != size:
                raise RuntimeError(f"printlinkd fetched {body} bytes in {requests} requests, "
                                   f"expected {size}")

            curl_runs += [curl_once(stack, curl_target) for _ in range(CURL_RUNS_EACH_SIDE)]

    # nginx counts in milliseconds and stops the clock when the last byte is handed to the
    # kernel (sendfile), so a run can read 0.000 s; such a run says nothing and is left out.
    curl_runs = [seconds for seconds in curl_runs if seconds > 0]
    curl_median = statistics.median(curl_runs)
    print(f"image: {megabytes} MiB from nginx on loopback; times are nginx's $request_time")
    print(f"{'curl -o, ' + str(len(curl_runs)) + ' runs':<34} median {curl_median:5.2f} s, "
          f"best {min(curl_runs):.2f} s, worst {max(curl_runs):.2f} s  "
          f"({size / curl_median / 1e6:.0f} MB/s at the median)")
    print(f"{'printlinkd download':<34} {daemon_seconds:6.2f} s  "
          f"({size / daemon_seconds / 1e6:.0f} MB/s) = {daemon_seconds / curl_median:.2f} x curl's "
          f"median, {daemon_seconds / min(curl_runs):.2f} x its best  (bar: <= 1.15 x)")
    print(f"{'printlinkd press -> staged':<34} {staged - started:6.2f} s  "
          f"(verify phase {staged - verifying:.2f} s)")
    print(f"{'printlinkd peak RSS growth':<34} {growth:6d} KiB from {rss_before / 1024:.1f} MiB  "
          f"(bar: < 4096 KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
