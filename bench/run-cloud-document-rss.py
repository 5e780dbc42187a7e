#!/usr/bin/python3
"""Starts printlink-cloud on loopback through tests/support, and nginx as the peer (WebDAV PUT
into its root, then GET: nginx also takes a body into a temporary file and renames it), then
runs build/bench/cloud-document-rss: one generated document (200 MB by default, random bytes,
written to a temporary file that is removed afterwards) sent with Print-Job and fetched with
Fetch-Document, then PUT to and GET from nginx. Prints time and peak RSS growth per transfer.

Usage: bench/run-cloud-document-rss.py [MEGABYTES]   (default 200; PRINTLINK_BUILD_DIR,
default ./build)
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

source_dir = Path(__file__).resolve().parent.parent
os.environ.setdefault("PRINTLINK_SOURCE_DIR", str(source_dir))
build_dir = Path(os.environ.setdefault("PRINTLINK_BUILD_DIR", str(source_dir / "build"))).resolve()
sys.path.insert(0, str(source_dir / "tests" / "support"))

from printlink_support.cloud import Cloud  # noqa: E402
from printlink_support.nginx import Nginx  # noqa: E402
from printlink_support.waiting import wait_until  # noqa: E402

BENCH = build_dir / "bench" / "cloud-document-rss"


def write_document(path: Path, megabytes: int):
    with open(path, "wb") as out:
        for _ in range(megabytes):
            out.write(os.urandom(1_000_000))


def nginx_worker(master_pid: int) -> int:
    def worker():
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
        return int(children[0]) if children else None
    return wait_until(worker, 10, "the nginx worker")


def main() -> int:
    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory(prefix="printlink-document-rss-") as work:
        work = Path(work)
        document = work / "document.bin"
        write_document(document, megabytes)
        started = time.monotonic()
        shutil.copyfile(document, work / "copy.bin")
        os.sync()
        copied = time.monotonic() - started
        (work / "copy.bin").unlink()
        cloud = Cloud(work / "cloud")
        nginx = None
        with cloud:
            password = cloud.add_user("bench", "user")
            printer = cloud.add_printer("Bench", "PL-100")
            credentials = work / "credentials"  # stays in the temporary directory
            credentials.write_text(f"bench\n{password}\n{printer.token}\n")
            argv = [str(BENCH), "--file", str(document), "--url", cloud.url,
                    "--printer-id", str(printer.printer_id), "--credentials", str(credentials),
                    "--cloud-pid", str(cloud.process.pid)]
            if shutil.which("nginx"):
                nginx = Nginx(work / "nginx", work / "nginx" / "www", max_upload="300m").start()
                argv += ["--peer-url", f"{nginx.url}/upload/document.bin",
                         "--peer-pid", str(nginx_worker(nginx.process.pid))]
            else:
                print("nginx is not installed: no peer figures", file=sys.stderr)
            try:
                status = subprocess.call(argv, timeout=600)
            finally:
                if nginx:
                    nginx.stop()
        print(f"{'cp + sync (peer)':<16} {'copy the file':<24} {copied:7.2f} s  "
              f"{megabytes / copied:7.1f} MB/s")
        return status


if __name__ == "__main__":
    sys.exit(main())
