"""The harness itself, on the real servers: the other integration tests trust these
fixtures to print, to serve resumable downloads and to count their bytes, and to enforce
the shipped D-Bus policy, so each of those is checked here on its own."""

import subprocess
import urllib.request

from printlink_support.cupsd import Cupsd
from printlink_support.dbus_daemon import DbusDaemon
from printlink_support.nginx import Nginx
from printlink_support.waiting import wait_until

AS_NOBODY = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


def test_cupsd_queue_records_what_it_prints(tmp_path):
    document = tmp_path / "page.txt"
    document.write_bytes(b"printed through the private cupsd\n")
    with Cupsd(tmp_path / "cups") as cupsd:
        assert "printer is idle" in cupsd.queue_status()
        assert "request id is printer-" in cupsd.run_client(["lp", "-d", Cupsd.QUEUE, document]).stdout
        jobs = wait_until(cupsd.recorded_jobs, 20, "the job to reach the backend")
        assert [job.read_bytes() for job in jobs] == [document.read_bytes()]
        cupsd.run_client(["cupsdisable", Cupsd.QUEUE])
        assert cupsd.queue_paused()


def test_nginx_serves_ranges_with_etag_and_counts_bytes(tmp_path):
    root = tmp_path / "www"
    (root / "images").mkdir(parents=True)
    (root / "images" / "a.bin").write_bytes(bytes(range(256)) * 4096)  # 1 MiB
    with Nginx(tmp_path / "nginx", root) as nginx:
        whole = urllib.request.urlopen(f"{nginx.url}/images/a.bin")
        assert whole.status == 200 and whole.headers["Accept-Ranges"] == "bytes" and whole.headers["ETag"]
        assert len(whole.read()) == 1 << 20
        tail = urllib.request.urlopen(urllib.request.Request(
            f"{nginx.url}/images/a.bin", headers={"Range": "bytes=1000000-"}))
        assert tail.status == 206 and len(tail.read()) == (1 << 20) - 1000000
        records = wait_until(lambda: len(nginx.requests_for("/images/a.bin")) == 2 and
                             nginx.requests_for("/images/a.bin"), 5, "both requests in the log")
        assert [(r.status, r.range) for r in records] == [(200, "-"), (206, "bytes=1000000-")]
        assert nginx.bytes_served("/images/a.bin") == (1 << 20) + (1 << 20) - 1000000


def test_the_shipped_bus_policy_lets_only_root_own_the_name(tmp_path):
    with DbusDaemon(tmp_path / "bus") as bus:
        def request_name(prefix):
            return subprocess.run(
                prefix + ["gdbus", "call", "--address", bus.address, "--dest", "org.freedesktop.DBus",
                          "--object-path", "/org/freedesktop/DBus",
                          "--method", "org.freedesktop.DBus.RequestName", "org.printlink.Agent1", "0"],
                capture_output=True, text=True, timeout=30)
        refused = request_name(AS_NOBODY)
        assert refused.returncode != 0 and "AccessDenied" in refused.stderr, refused
        owned = request_name([])
        assert owned.returncode == 0 and owned.stdout.strip() == "(uint32 1,)", owned
