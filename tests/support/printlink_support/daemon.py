"""printlinkd with a configuration written into a work directory: a device whose firmware
components live in version files (MainController 82.70 by default), whose installer is
tests/data/test-installer and whose "reboot" is noticed by InstallRunner."""

import os
import shutil
from pathlib import Path

from .agent_bus import AgentBus
from .paths import data_dir, program
from .process import ServerProcess


class DeviceSettings:
    """What printlinkd's configuration says (common/config.h); fill in what a test needs."""

    def __init__(self, *, printer_uri: str = None, token: str = None, user_uri: str, cups_server: str,
                 queue: str, catalog_url: str, catalog_key_file: Path, model: str = "PL-100",
                 registration_url: str = None,
                 components: dict = None, allowed_operators=("*",), notify_wait_seconds: int = None,
                 retry_min_seconds: int = 1, retry_max_seconds: int = 2,
                 check_interval_seconds: int = 3600, installer_timeout_seconds: int = 120,
                 drain_timeout_seconds: int = 60, installer: str = "test-installer",
                 firmware_policy: dict = None, installer_keys: dict = None):
        # No printer_uri: the device is registered by printlinkctl register (registration_url
        # is then the cloud it uses by default).
        self.printer_uri = printer_uri
        self.token = token
        self.registration_url = registration_url
        self.user_uri = user_uri
        self.cups_server = cups_server
        self.queue = queue
        self.catalog_url = catalog_url
        self.catalog_key_file = Path(catalog_key_file)
        self.model = model
        self.components = dict(components or {"MainController": "82.70"})
        self.allowed_operators = list(allowed_operators)
        self.notify_wait_seconds = notify_wait_seconds
        self.retry_min_seconds = retry_min_seconds
        self.retry_max_seconds = retry_max_seconds
        self.check_interval_seconds = check_interval_seconds
        self.installer_timeout_seconds = installer_timeout_seconds
        self.drain_timeout_seconds = drain_timeout_seconds
        # A script in tests/data, given the device root: test-installer, or stepped-installer
        # for a flash in steps that a test can stop between two of them.
        self.installer = installer
        # More [firmware] keys (maintenance_window, minimum_version, require_panel_confirmation).
        self.firmware_policy = dict(firmware_policy or {})
        # [installer] keys that replace or add to the ones above (type, swupdate_args, ...).
        self.installer_keys = dict(installer_keys or {})


class Daemon:
    def __init__(self, workdir: Path, bus_address: str, settings: DeviceSettings):
        self.dir = Path(workdir)
        self.bus_address = bus_address
        self.settings = settings
        self.config_path = self.dir / "printlink.conf"
        self.state_dir = self.dir / "state"
        self.runtime_dir = self.dir / "run"
        self.device_root = self.dir / "device"     # the installer's "flash": slots + versions
        self.trigger_file = self.runtime_dir / "install-requested"
        self.restart_flag = self.device_root / "restart-requested"
        # What a registration leaves in the state directory (daemon/registration/).
        self.token_path = self.state_dir / "cloud-token"
        self.registration_path = self.state_dir / "registration.json"
        self.uuids_path = self.state_dir / "output-device-uuids"
        self.agent = AgentBus(bus_address)
        self.process = ServerProcess("printlinkd", [program("printlinkd"), "--config", self.config_path],
                                     self.dir / "printlinkd.log", env=self.env())
        self._prepared = False

    def env(self) -> dict:
        env = dict(os.environ)
        env["DBUS_SYSTEM_BUS_ADDRESS"] = self.bus_address
        env["CUPS_SERVER"] = self.settings.cups_server
        return env

    def version_file(self, component: str) -> Path:
        return self.device_root / "versions" / component

    def installed_version(self, component: str = "MainController") -> str:
        return self.version_file(component).read_text().strip()

    def slot(self, component: str = "MainController") -> Path:
        """Where test-installer writes the image it flashes."""
        return self.device_root / "slots" / f"{component}.img"

    def installs_log(self) -> str:
        path = self.device_root / "installs.log"
        return path.read_text() if path.exists() else ""

    def partial_downloads(self):
        return sorted((self.state_dir / "download").glob("*.part"))

    def prepare(self):
        """Writes the configuration, the token and the factory firmware versions once."""
        for d in (self.state_dir, self.runtime_dir, self.device_root / "versions"):
            d.mkdir(parents=True, exist_ok=True)
        token_file = None
        if self.settings.token is not None:
            token_file = self.dir / "token"
            token_file.write_text(self.settings.token + "\n")
            os.chmod(token_file, 0o600)
        for component, version in self.settings.components.items():
            self.version_file(component).write_text(version + "\n")
        self.config_path.write_text(self._config_text(token_file))
        self._prepared = True

    def start(self, timeout: float = 20):
        if not self._prepared:
            self.prepare()
        self.process.start()
        self.process.wait_ready(self.agent.name_has_owner, timeout, "org.printlink.Agent1 owned on the bus")
        return self

    def stop(self):
        self.process.stop()

    def kill(self):
        """kill -9, as a crash or a power cut would end it."""
        self.process.kill()

    def restart(self, reboot: bool = False, while_down=None):
        """Stops and starts again. reboot=True also empties the runtime directory, as a
        reboot empties /run; while_down() runs in between (what the boot itself changes)."""
        self.stop()
        if reboot:
            shutil.rmtree(self.runtime_dir, ignore_errors=True)
            self.runtime_dir.mkdir(parents=True)
        if while_down:
            while_down()
        return self.start()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def _config_text(self, token_file: Path) -> str:
        s = self.settings
        cloud = [f"user_uri={s.user_uri}",
                 f"retry_min_seconds={s.retry_min_seconds}", f"retry_max_seconds={s.retry_max_seconds}"]
        if s.printer_uri is not None:
            cloud.append(f"printer_uri={s.printer_uri}")
        if token_file is not None:
            cloud.append(f"token_file={token_file}")
        if s.registration_url is not None:
            cloud.append(f"registration_url={s.registration_url}")
        if s.notify_wait_seconds is not None:
            cloud.append(f"notify_wait_seconds={s.notify_wait_seconds}")
        lines = ["# Written by tests/support/printlink_support/daemon.py", "[cloud]", *cloud, "",
                 "[device]", f"model={s.model}", f"cups_server={s.cups_server}", f"queue={s.queue}",
                 f"state_dir={self.state_dir}", f"runtime_dir={self.runtime_dir}", "",
                 "[firmware]", f"catalog_url={s.catalog_url}", f"catalog_key_file={s.catalog_key_file}",
                 f"check_interval_seconds={s.check_interval_seconds}",
                 # The first check happens at start, without the fleet-wide random delay.
                 "check_jitter_seconds=0",
                 "allowed_operators=" + ";".join(s.allowed_operators),
                 *(f"{key}={value}" for key, value in s.firmware_policy.items()), ""]
        for component in s.components:
            lines += [f"[component:{component}]", f"version_file={self.version_file(component)}", ""]
        installer = {"command": f"{data_dir() / s.installer} {self.device_root}",
                     "restart_command": f"{data_dir() / 'request-restart'} {self.restart_flag}",
                     "trigger_file": str(self.trigger_file),
                     "timeout_seconds": str(s.installer_timeout_seconds),
                     "drain_timeout_seconds": str(s.drain_timeout_seconds), **s.installer_keys}
        lines += ["[installer]", *[f"{key}={value}" for key, value in installer.items()], ""]
        return "\n".join(lines)
