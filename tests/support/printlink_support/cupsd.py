"""A private cupsd (ENV.md §3): own ServerRoot under a work directory, a loopback port, and
one queue `printer` whose backend records every job it receives into a directory.

The printlink backend of the build is installed beside the recorder (mode 0700, as meson
installs it), so a test can add a queue `printlink:record://<dir>`; given printlink_config,
cupsd tells the backend where printlink's configuration is (SetEnv PRINTLINK_CONFIG), and
so where the installer's install.lock is.

Given a bus address, cupsd and its children see it as DBUS_SYSTEM_BUS_ADDRESS (PassEnv, a
cups-files.conf directive in CUPS 2.4), so a `dbus://` subscription's notifier emits its
org.cups.cupsd.Notifier signals on that private bus.

cupsd runs notifiers (and filters) as lp, which cannot pass through pytest's 0700 temporary
directories: ServerBin and TempDir (where the dbus notifier takes its lock file) live in a
world-traversable directory of their own under /tmp, removed by stop()."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from . import ipp_wire as ipp
from .ipp_http import IppConnection
from .net import free_port
from .paths import data_dir, program
from .process import ServerProcess

_SYSTEM_SERVERBIN = Path("/usr/lib/cups")

_CUPS_FILES_CONF = """\
ServerRoot {root}/etc
StateDir {root}/state
CacheDir {root}/cache
RequestRoot {root}/spool
TempDir {runtime}/tmp
ServerBin {runtime}/bin
ErrorLog {root}/log/error_log
AccessLog {root}/log/access_log
PageLog {root}/log/page_log
Printcap {root}/state/printcap
FileDevice Yes
SystemGroup root
User lp
Group lp
"""

# No authentication anywhere: the tests (and the daemon) pause, resume and cancel over TCP.
_CUPSD_CONF = """\
Listen 127.0.0.1:{port}
LogLevel debug
MaxLogSize 0
# Every request in access_log, reads included (the default logs only actions): the idle test
# counts them.
AccessLogLevel all
Browsing No
BrowseLocalProtocols none
WebInterface No
DefaultAuthType None
JobRetryInterval 2
ErrorPolicy retry-job
MaxSubscriptions 100
<Location />
  Order allow,deny
  Allow localhost
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""


class Cupsd:
    QUEUE = "printer"

    def __init__(self, workdir: Path, bus_address: str = None, printlink_config: Path = None):
        self.root = Path(workdir)
        self.printlink_config = printlink_config
        self.port = free_port()
        self.jobs_dir = self.root / "jobs"
        self.bus_address = bus_address
        self.runtime = None  # ServerBin and TempDir, made by start()
        env = None
        if bus_address:
            env = dict(os.environ)
            env["DBUS_SYSTEM_BUS_ADDRESS"] = bus_address
        self.process = ServerProcess(
            "cupsd",
            ["cupsd", "-f", "-c", self.root / "etc/cupsd.conf", "-s", self.root / "etc/cups-files.conf"],
            self.root / "log/cupsd.out", env=env)

    @property
    def server(self) -> str:
        """The CUPS_SERVER value clients use."""
        return f"127.0.0.1:{self.port}"

    def client_env(self) -> dict:
        env = dict(os.environ)
        env["CUPS_SERVER"] = self.server
        return env

    def start(self):
        self._write_tree()
        subprocess.run(["cupsd", "-t", "-c", self.root / "etc/cupsd.conf",
                        "-s", self.root / "etc/cups-files.conf"],
                       check=True, capture_output=True)
        self.process.start()
        self.process.wait_ready(self._scheduler_running, 20, "scheduler running")
        try:
            self.run_client(["lpadmin", "-p", self.QUEUE, "-E", "-v", f"record://{self.jobs_dir}"])
        except BaseException:
            self.stop()  # a half-started fixture is not handed out, so nobody else would
            raise
        return self

    def stop(self):
        self.process.stop()
        if self.runtime:
            shutil.rmtree(self.runtime, ignore_errors=True)
            self.runtime = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def run_client(self, argv, check=True) -> subprocess.CompletedProcess:
        """Runs a CUPS client command (lp, lpstat, lpadmin, ...) against this cupsd."""
        result = subprocess.run([str(a) for a in argv], env=self.client_env(),
                                capture_output=True, text=True, timeout=30)
        if check and result.returncode != 0:
            raise AssertionError(f"{' '.join(map(str, argv))} failed ({result.returncode}): "
                                 f"{result.stdout}{result.stderr}\n{self.process.log_tail()}")
        return result

    def queue_status(self) -> str:
        """`lpstat -p printer` output, e.g. 'printer printer is idle.  enabled since ...'."""
        return self.run_client(["lpstat", "-p", self.QUEUE]).stdout

    def queue_paused(self) -> bool:
        return "disabled" in self.queue_status()

    def add_queue(self, name: str, device_uri: str):
        """One more enabled queue, e.g. printlink:record://<dir> through the printlink backend."""
        self.run_client(["lpadmin", "-p", name, "-E", "-v", device_uri])

    def request(self, operation: int, target: str, *attributes: ipp.Attribute) -> ipp.IppResponse:
        """One IPP request to this cupsd; target is a path such as /printers/<queue> or
        /jobs/<id>, named in the request as printer-uri or job-uri."""
        uri = f"ipp://localhost:{self.port}{target}"
        attribute = "job-uri" if target.startswith("/jobs/") else "printer-uri"
        group = ipp.Group(ipp.OPERATION_GROUP, [
            ipp.Attribute("attributes-charset", ipp.CHARSET, "utf-8"),
            ipp.Attribute("attributes-natural-language", ipp.NATURAL_LANGUAGE, "en"),
            ipp.Attribute(attribute, ipp.URI, uri),
            ipp.Attribute("requesting-user-name", ipp.NAME, "root"),
            *attributes])
        return IppConnection(f"http://{self.server}{target}", None).send(operation, [group])

    def job(self, job_id: int) -> ipp.IppResponse:
        """Get-Job-Attributes (all of them) for one job."""
        return self.request(ipp.GET_JOB_ATTRIBUTES, f"/jobs/{job_id}",
                        ipp.Attribute("requested-attributes", ipp.KEYWORD, "all"))

    def printer_reasons(self, queue: str) -> list:
        answer = self.request(ipp.GET_PRINTER_ATTRIBUTES, f"/printers/{queue}",
                          ipp.Attribute("requested-attributes", ipp.KEYWORD, "printer-state-reasons"))
        return answer.values("printer-state-reasons")

    def jobs_listed(self, queue: str, which: str = "all") -> list:
        """The `lpstat -W <which> -o <queue>` lines: one per job cupsd knows."""
        return self.run_client(["lpstat", "-W", which, "-o", queue]).stdout.splitlines()

    def recorded_jobs(self):
        """The jobs the queue's backend received, oldest first."""
        return sorted(self.jobs_dir.glob("job-*.bin"), key=lambda p: int(p.stem.split("-")[1]))

    def access_log(self) -> str:
        """One line per request cupsd answered (AccessLogLevel all), with the IPP operation's name."""
        path = self.root / "log/access_log"
        return path.read_text(errors="replace") if path.exists() else ""

    def error_log(self) -> str:
        path = self.root / "log/error_log"
        return path.read_text(errors="replace") if path.exists() else ""

    def _scheduler_running(self) -> bool:
        # lpstat -r exits 0 either way; only its words tell.
        result = self.run_client(["lpstat", "-r"], check=False)
        return result.returncode == 0 and "scheduler is running" in result.stdout

    def _write_tree(self):
        for sub in ("etc/ppd", "state", "cache", "spool", "log"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        self.runtime = Path(tempfile.mkdtemp(prefix="printlink-cupsd-"))
        os.chmod(self.runtime, 0o755)
        for sub in ("tmp", "bin/backend", "bin/filter"):
            (self.runtime / sub).mkdir(parents=True, exist_ok=True)
        # Children run as lp; they must reach the spool, so the tree is traversable.
        os.chmod(self.root, 0o755)
        os.chmod(self.root / "spool", 0o710)
        os.chmod(self.runtime / "tmp", 0o1777)
        self.jobs_dir.mkdir(parents=True, exist_ok=True)
        files_conf = _CUPS_FILES_CONF.format(root=self.root, runtime=self.runtime)
        if self.bus_address:
            # cupsd clears its children's environment; the dbus notifier needs the bus.
            files_conf += "PassEnv DBUS_SYSTEM_BUS_ADDRESS\n"
        if self.printlink_config:
            files_conf += f"SetEnv PRINTLINK_CONFIG {self.printlink_config}\n"
        (self.root / "etc/cups-files.conf").write_text(files_conf)
        (self.root / "etc/cupsd.conf").write_text(_CUPSD_CONF.format(port=self.port))
        # ServerBin is private so the recording backend can sit beside the system's ones.
        for entry in _SYSTEM_SERVERBIN.iterdir():
            if entry.name in ("backend", "filter"):
                continue
            link = self.runtime / "bin" / entry.name
            if not link.exists():
                link.symlink_to(entry)
        for backend in (_SYSTEM_SERVERBIN / "backend").iterdir():
            link = self.runtime / "bin/backend" / backend.name
            if not link.exists():
                link.symlink_to(backend)
        recorder = self.runtime / "bin/backend/record"
        shutil.copyfile(data_dir() / "record-backend", recorder)
        # Mode 0700 and owned by the user running cupsd: cupsd refuses group- or
        # world-writable backends, and runs a 0700 one as root so it can write anywhere.
        os.chmod(recorder, 0o700)
        wrapper = self.runtime / "bin/backend/printlink"
        shutil.copyfile(program("printlink"), wrapper)
        os.chmod(wrapper, 0o700)  # as meson installs it: root, to run root-only backends
