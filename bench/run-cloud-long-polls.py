#!/usr/bin/python3
"""Starts printlink-cloud on loopback through tests/support and runs build/bench/cloud-long-polls
against it, once per device count: N printers registered through the cloud's PrinterStore, N
connections each holding a Get-Notifications, then one event per printer.

The cloud holds polls for 600 s here (not its 50 s default) so the holding phase is measured
without the hold limit answering them. File descriptors: this script raises its own
RLIMIT_NOFILE so the cloud it starts inherits room for N connections.

Usage: bench/run-cloud-long-polls.py [N ...]   (default 1000; PRINTLINK_BUILD_DIR, default ./build)
"""

import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

source_dir = Path(__file__).resolve().parent.parent
os.environ.setdefault("PRINTLINK_SOURCE_DIR", str(source_dir))
build_dir = Path(os.environ.setdefault("PRINTLINK_BUILD_DIR", str(source_dir / "build"))).resolve()
sys.path.insert(0, str(source_dir / "tests" / "support"))

from printlink_support.cloud import Cloud  # noqa: E402

BENCH = build_dir / "bench" / "cloud-long-polls"


def raise_fd_limit(wanted: int):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = min(hard, max(soft, wanted))
    resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    if target < wanted:
        print(f"warning: the fd limit is {target}, {wanted} wanted", file=sys.stderr)


def run_once(devices: int) -> int:
    raise_fd_limit(devices + 256)
    with tempfile.TemporaryDirectory(prefix="printlink-long-polls-") as work:
        cloud = Cloud(Path(work) / "cloud", hold_seconds=600)
        with cloud:
            tokens = Path(work) / "tokens"  # device tokens: stays in the temporary directory
            subprocess.run([str(BENCH), "seed", "--db", str(cloud.db), "--printers", str(devices),
                            "--out", str(tokens)], check=True, timeout=300)
            print(f"--- {devices} devices", flush=True)
            return subprocess.call([str(BENCH), "run", "--url", cloud.url, "--tokens", str(tokens),
                                    "--cloud-pid", str(cloud.process.pid), "--hold-seconds", "10",
                                    "--deadline-seconds", "240"], timeout=300)


def main() -> int:
    counts = [int(a) for a in sys.argv[1:]] or [1000]
    status = 0
    for n in counts:
        status |= run_once(n)
    return status


if __name__ == "__main__":
    sys.exit(main())
