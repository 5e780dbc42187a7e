"""A child server process with its own log file, started and stopped by PID.

Every server runs in its own session (start_new_session), so a Ctrl-C in a terminal reaches
only the Python process that owns it, which then stops the servers in order.
"""

import os
import signal
import subprocess
import time
from pathlib import Path

from .waiting import WaitTimeout, wait_until

# Every server (and other log writer) started in this Python process, so a failing test
# can show their logs. Anything with .name, .log_path and .log_tail() may be registered.
_started = []


def register_log(owner):
    if owner not in _started:
        _started.append(owner)


def started_servers():
    return list(_started)


def forget_started():
    _started.clear()


def log_tail_of(path: Path, lines: int = 80) -> str:
    try:
        text = Path(path).read_text(errors="replace").splitlines()[-lines:]
    except FileNotFoundError:
        text = ["(no log written)"]
    return f"--- last lines of {path} ---\n" + "\n".join(text)


class ServerDied(AssertionError):
    """A server exited while it was expected to run."""


class ServerProcess:
    def __init__(self, name: str, argv, log_path: Path, env=None, cwd=None):
        self.name = name
        self.argv = [str(a) for a in argv]
        self.log_path = Path(log_path)
        self.env = env
        self.cwd = cwd
        self.proc = None

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def start(self):
        if self.running():
            raise RuntimeError(f"{self.name} is already running (pid {self.pid})")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            log.write(f"--- {time.strftime('%H:%M:%S')} starting: {' '.join(self.argv)}\n".encode())
            log.flush()
            self.proc = subprocess.Popen(
                self.argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                env=self.env, cwd=self.cwd, start_new_session=True)
        register_log(self)
        return self

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def check_alive(self):
        """Raises ServerDied (with the log's tail) if the process has exited."""
        if self.proc is not None and self.proc.poll() is not None:
            raise ServerDied(f"{self.name} exited with status {self.proc.returncode}\n"
                             f"{self.log_tail()}")

    def wait_ready(self, predicate, timeout: float, what: str):
        """Waits for predicate() while the process stays alive. A server that never gets
        ready is killed before the error is raised: nobody else will stop it."""
        def alive_and_ready():
            self.check_alive()
            return predicate()
        try:
            return wait_until(alive_and_ready, timeout, f"{self.name}: {what}")
        except WaitTimeout as error:
            self.kill()
            raise WaitTimeout(f"{error}\n{self.log_tail()}") from None
        except BaseException:
            self.kill()
            raise

    def stop(self, timeout: float = 15.0):
        """SIGTERM, then SIGKILL if it does not exit in time. Returns the exit status."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        return self.proc.returncode

    def kill(self):
        """SIGKILL, as a crash or power cut would end it."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        return self.proc.returncode if self.proc else None

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, lines: int = 80) -> str:
        return log_tail_of(self.log_path, lines)
