"""What printlink-install.path and printlink-install.service do under systemd, for tests and
run-local: when printlinkd creates its trigger file, run `printlinkctl install-staged` as
root with the bus address set; when the installer asked for a restart (the test
restart_command leaves a flag file), restart printlinkd the way a reboot would, then run
`printlinkctl confirm-boot` as printlink-confirm.service does at every boot.

Like a PathExists= unit, it runs again while the trigger file is still there after a run;
like systemd's trigger limit, it gives up after a few runs in a row and records why."""

import subprocess
import threading
import time
from pathlib import Path

from .paths import program
from .process import log_tail_of, register_log

_MAX_RUNS_WHILE_TRIGGER_STAYS = 5


class InstallRun:
    def __init__(self, returncode: int, output: str, started: float, ended: float):
        self.returncode = returncode
        self.output = output
        self.started = started
        self.ended = ended

    def __repr__(self):
        return f"<install-staged rc={self.returncode} {self.ended - self.started:.1f}s>"


class InstallRunner:
    name = "install-runner"

    def __init__(self, daemon, log_path: Path, hold: bool = False, on_reboot=None,
                 confirm_boot: bool = True):
        """hold=True leaves the trigger alone until release(), so a test can look at the
        device while the staged image waits (the cloud shows Updating then). on_reboot()
        runs while printlinkd is down for the "reboot" (what booting changes: a RAUC slot).
        confirm_boot=False leaves printlink-confirm.service out (as if it never ran)."""
        self.on_reboot = on_reboot
        self.confirm_boot = confirm_boot
        self.confirm_runs = []
        self.daemon = daemon
        self.log_path = Path(log_path)
        self.runs = []
        self.errors = []
        self.restarts = 0
        self._released = threading.Event()
        if not hold:
            self._released.set()
        self._stop = threading.Event()
        self._thread = None

    def log_tail(self, lines: int = 80) -> str:
        return log_tail_of(self.log_path, lines)

    def start(self):
        register_log(self)
        self._thread = threading.Thread(target=self._loop, name="install-runner", daemon=True)
        self._thread.start()
        return self

    def release(self):
        self._released.set()

    def stop(self):
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=180)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def triggered(self) -> bool:
        return self.daemon.trigger_file.exists()

    def _log(self, text: str):
        with open(self.log_path, "a") as log:
            log.write(f"--- {time.strftime('%H:%M:%S')} {text}\n")

    def _loop(self):
        runs_in_a_row = 0
        while not self._stop.is_set():
            if not (self._released.is_set() and self.triggered()):
                runs_in_a_row = 0
                self._stop.wait(0.05)
                continue
            if runs_in_a_row >= _MAX_RUNS_WHILE_TRIGGER_STAYS:
                if not self.errors:
                    self.errors.append(f"{self.daemon.trigger_file} still exists after "
                                       f"{runs_in_a_row} runs of install-staged")
                    self._log(self.errors[-1])
                self._stop.wait(0.2)
                continue
            self._run_once()
            runs_in_a_row += 1
            if self.daemon.restart_flag.exists():
                self.daemon.restart_flag.unlink()
                self._log("restart requested: restarting printlinkd as a reboot would")
                try:
                    self.daemon.restart(reboot=True, while_down=self.on_reboot)
                    self.restarts += 1
                    if self.confirm_boot:
                        self.confirm_runs.append(self._run_printlinkctl("confirm-boot"))
                except Exception as error:  # the test sees it in errors and in the log
                    self.errors.append(f"restart after install failed: {error}")
                    self._log(self.errors[-1])

    def _run_once(self):
        self.runs.append(self._run_printlinkctl("install-staged"))

    def _run_printlinkctl(self, command: str) -> InstallRun:
        argv = [str(program("printlinkctl")), command, "--config", str(self.daemon.config_path)]
        self._log("running " + " ".join(argv))
        started = time.monotonic()
        try:
            result = subprocess.run(argv, env=self.daemon.env(), capture_output=True, text=True,
                                    timeout=self.daemon.settings.installer_timeout_seconds + 30)
            returncode, output = result.returncode, result.stdout + result.stderr
        except subprocess.TimeoutExpired as error:
            returncode, output = -1, f"timed out: {error}"
        with open(self.log_path, "a") as log:
            log.write(output)
        self._log(f"{command} exited with {returncode}")
        return InstallRun(returncode, output, started, time.monotonic())
