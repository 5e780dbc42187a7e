"""The whole system on loopback under one directory, started in dependency order and stopped
in reverse: the one way tests and scripts/run-local.sh bring printlink up."""

import contextlib
from pathlib import Path

from .agent_bus import FirmwareStateRecorder
from .cloud import Cloud
from .cupsd import Cupsd
from .daemon import Daemon, DeviceSettings
from .dbus_daemon import DbusDaemon
from .install_runner import InstallRunner
from .nginx import Nginx
from .repo import Repo

MODEL = "PL-100"
COMPONENT = "MainController"
FACTORY_VERSION = "82.70"
LATEST_VERSION = "83.00"


class Stack:
    def __init__(self, workdir: Path, *, image_size: int = 1 << 20, limit_rate: str = None,
                 allowed_operators=None, hold_install: bool = False, cloud_hold_seconds: int = None,
                 notify_wait_seconds: int = None, registration: bool = False,
                 device_code_seconds: int = None, configure_device=None, image_data: bytes = None,
                 installer_keys: dict = None, installer_timeout_seconds: int = 120, bus_policies=(),
                 on_reboot=None, confirm_boot: bool = True):
        """allowed_operators: update-operating-user-uri values the device accepts; None means
        "*". Callables are given the Cloud, for values that name its users' URIs.
        registration: the device starts unregistered, its configuration naming the cloud only
        as registration_url, and self.printer is None until a test registers it;
        device_code_seconds then shortens the life of the cloud's user codes.
        configure_device(settings, stack): changes printlinkd's DeviceSettings before its
        first start (another installer, a cloud URI through a test's own relay)."""
        self.dir = Path(workdir)
        self.image_size = image_size
        self.limit_rate = limit_rate
        self.allowed_operators = allowed_operators
        self.hold_install = hold_install
        self.cloud_hold_seconds = cloud_hold_seconds
        self.notify_wait_seconds = notify_wait_seconds
        self.registration = registration
        self.device_code_seconds = device_code_seconds
        self.configure_device = configure_device
        # The installer side (tests/integration/test_installers.py): the published image's
        # bytes, [installer] keys, more bus policies (RAUC's), what a "reboot" changes, and
        # whether printlink-confirm.service runs after it.
        self.image_data = image_data
        self.installer_keys = installer_keys
        self.installer_timeout_seconds = installer_timeout_seconds
        self.bus_policies = bus_policies
        self.on_reboot = on_reboot
        self.confirm_boot = confirm_boot
        self._exit = contextlib.ExitStack()
        self.passwords = {}

    def start(self):
        with contextlib.ExitStack() as starting:
            self._start_all(starting)
            self._exit = starting.pop_all()
        return self

    def stop(self):
        self._exit.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def _start_all(self, stack: contextlib.ExitStack):
        self.dir.mkdir(parents=True, exist_ok=True)
        # The bus first: cupsd's D-Bus notifier tells printlinkd of queue changes on it.
        self.bus = stack.enter_context(DbusDaemon(self.dir / "bus", extra_policies=self.bus_policies))
        # The printlink backend reads the device's configuration for its install.lock.
        self.cupsd = stack.enter_context(Cupsd(self.dir / "cups", self.bus.address,
                                               printlink_config=self.dir / "device" / "printlink.conf"))

        self.repo = Repo(self.dir / "firmware").create()
        self.image = self.repo.publish(COMPONENT, LATEST_VERSION, MODEL, self.image_size,
                                       data=self.image_data)
        self.nginx = stack.enter_context(Nginx(self.dir / "nginx", self.repo.dir, self.limit_rate))

        self.cloud = stack.enter_context(Cloud(
            self.dir / "cloud", hold_seconds=self.cloud_hold_seconds,
            device_poll_seconds=1 if self.registration else None,
            device_code_seconds=self.device_code_seconds))
        self.passwords["admin"] = self.cloud.add_user("admin", "admin")
        self.passwords["alice"] = self.cloud.add_user("alice", "user")
        self.printer = None if self.registration else self.cloud.add_printer("Office PL-100", MODEL)

        operators = self.allowed_operators(self.cloud) if callable(self.allowed_operators) \
            else (self.allowed_operators or ["*"])
        settings = DeviceSettings(
            printer_uri=self.printer.printer_uri if self.printer else None,
            token=self.printer.token if self.printer else None,
            registration_url=self.cloud.url if self.registration else None,
            user_uri=self.cloud.user_uri("admin"), cups_server=self.cupsd.server,
            queue=Cupsd.QUEUE, catalog_url=f"{self.nginx.url}/catalog.json",
            catalog_key_file=self.repo.public_key, model=MODEL,
            components={COMPONENT: FACTORY_VERSION}, allowed_operators=operators,
            notify_wait_seconds=self.notify_wait_seconds, installer_keys=self.installer_keys,
            installer_timeout_seconds=self.installer_timeout_seconds)
        if self.configure_device:
            self.configure_device(settings, self)
        self.daemon = Daemon(self.dir / "device", self.bus.address, settings)
        self.daemon.prepare()
        self.states = stack.enter_context(
            _started(FirmwareStateRecorder(self.bus.address, self.dir / "device" / "firmware-states.log")))
        stack.enter_context(self.daemon)
        self.runner = stack.enter_context(
            InstallRunner(self.daemon, self.dir / "install-runner.log", hold=self.hold_install,
                          on_reboot=self.on_reboot, confirm_boot=self.confirm_boot))

    @property
    def agent(self):
        return self.daemon.agent

    def session(self, user: str):
        """A logged-in browser session for one of the stack's users."""
        return self.cloud.session().login(user, self.passwords[user])


@contextlib.contextmanager
def _started(thing):
    thing.start()
    try:
        yield thing
    finally:
        thing.stop()
