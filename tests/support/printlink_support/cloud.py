"""printlink-cloud on a temporary SQLite file and a loopback port, with its administrative
commands (add-user, add-printer) run against the same database."""

import secrets
import subprocess
from pathlib import Path

from .net import free_port, port_accepts
from .paths import program
from .process import ServerProcess
from .web_session import WebSession


class RegisteredPrinter:
    def __init__(self, name: str, printer_id: str, token: str, printer_uri: str):
        self.name = name
        self.printer_id = printer_id
        self.token = token
        self.printer_uri = printer_uri

    def __repr__(self):  # never show the token
        return f"<printer {self.name} id={self.printer_id} uri={self.printer_uri}>"


class Cloud:
    def __init__(self, workdir: Path, hold_seconds: int = None, port: int = None,
                 device_poll_seconds: int = None, device_code_seconds: int = None):
        """device_poll_seconds, device_code_seconds: the device grant's interval and code
        lifetime (docs/protocol.md §8), shortened for tests that register a device."""
        self.dir = Path(workdir)
        self.db = self.dir / "cloud.db"
        self.port = port or free_port()
        self.hold_seconds = hold_seconds
        self.device_poll_seconds = device_poll_seconds
        self.device_code_seconds = device_code_seconds
        self.process = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def user_uri(self, name: str) -> str:
        return f"{self.url}/users/{name}"

    def start(self):
        self.dir.mkdir(parents=True, exist_ok=True)
        argv = [program("printlink-cloud"), "serve", "--db", self.db,
                "--listen", f"127.0.0.1:{self.port}", "--public-url", self.url]
        if self.hold_seconds is not None:
            argv += ["--hold-seconds", str(self.hold_seconds)]
        if self.device_poll_seconds is not None:
            argv += ["--device-poll-seconds", str(self.device_poll_seconds)]
        if self.device_code_seconds is not None:
            argv += ["--device-code-seconds", str(self.device_code_seconds)]
        self.process = ServerProcess("printlink-cloud", argv, self.dir / "cloud.log")
        self.process.start()
        ready_line = f"printlink-cloud: listening on {self.url}"
        self.process.wait_ready(
            lambda: ready_line in self.process.log_text() and port_accepts(self.port),
            20, f"'{ready_line}'")
        return self

    def stop(self):
        if self.process:
            self.process.stop()

    def restart(self, crash: bool = False):
        """Stops and starts again on the same port and database: gracefully as a deploy
        would, or with crash=True by kill -9, as a crashed host would."""
        if crash and self.process:
            self.process.kill()
        else:
            self.stop()
        return self.start()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def add_user(self, name: str, role: str, password: str = None) -> str:
        """Creates a cloud account; returns its password (generated when not given)."""
        password = password or secrets.token_urlsafe(12)
        self._admin(["add-user", "--db", self.db, "--name", name, "--role", role],
                    stdin=password + "\n")
        return password

    def add_printer(self, name: str, model: str) -> RegisteredPrinter:
        out = self._admin(["add-printer", "--db", self.db, "--name", name, "--model", model,
                           "--public-url", self.url])
        fields = {}
        for line in out.splitlines():
            key, sep, value = line.partition("=")
            if sep:
                fields[key.strip()] = value.strip()
        missing = {"printer-id", "token", "printer-uri"} - fields.keys()
        if missing:
            raise AssertionError(f"add-printer printed no {sorted(missing)}")
        return RegisteredPrinter(name, fields["printer-id"], fields["token"], fields["printer-uri"])

    def session(self) -> WebSession:
        return WebSession(self.url)

    def _admin(self, args, stdin: str = None) -> str:
        argv = [str(program("printlink-cloud"))] + [str(a) for a in args]
        result = subprocess.run(argv, input=stdin, capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            # add-printer prints a token on success only, so the failure output is safe to show.
            raise AssertionError(f"printlink-cloud {args[0]} failed ({result.returncode}):\n"
                                 f"{result.stdout}{result.stderr}")
        return result.stdout
