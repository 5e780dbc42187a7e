"""Reading printlinkd over D-Bus the way any client would (busctl on the private bus), and
recording every Firmware.State it announces (gdbus monitor), so tests can assert the path
an update took, not only where it ended."""

import json
import re
import subprocess
from pathlib import Path

from .process import ServerProcess
from .waiting import WaitTimeout, wait_until

BUS_NAME = "org.printlink.Agent1"
OBJECT_PATH = "/org/printlink/Agent1"
LINK = "org.printlink.Agent1.Link"
FIRMWARE = "org.printlink.Agent1.Firmware"


class BusCallFailed(AssertionError):
    pass


class AgentBus:
    def __init__(self, address: str):
        self.address = address

    def _busctl(self, *args, check=True):
        argv = ["busctl", f"--address={self.address}", "--json=short", *[str(a) for a in args]]
        result = subprocess.run(argv, capture_output=True, text=True, timeout=30)
        if check and result.returncode != 0:
            raise BusCallFailed(f"{' '.join(argv)} failed ({result.returncode}): "
                                f"{result.stderr.strip()}")
        return result

    def name_has_owner(self) -> bool:
        result = self._busctl("call", "org.freedesktop.DBus", "/org/freedesktop/DBus",
                              "org.freedesktop.DBus", "NameHasOwner", "s", BUS_NAME)
        return json.loads(result.stdout)["data"][0] is True

    def get(self, interface: str, name: str):
        """A property's value as JSON data: str, int, list for structs and arrays."""
        result = self._busctl("get-property", BUS_NAME, OBJECT_PATH, interface, name)
        return json.loads(result.stdout)["data"]

    def call(self, interface: str, method: str, signature: str = "", *args):
        """Calls a method; returns the raw result (BusCallFailed carries the error name)."""
        argv = ["call", BUS_NAME, OBJECT_PATH, interface, method]
        if signature:
            argv += [signature, *args]
        result = self._busctl(*argv)
        return json.loads(result.stdout)["data"] if result.stdout.strip() else None

    # The properties the tests read most.
    def firmware_state(self) -> str:
        return self.get(FIRMWARE, "State")

    def link_state(self) -> str:
        return self.get(LINK, "State")

    def last_error(self) -> str:
        return self.get(FIRMWARE, "LastError")

    def components(self) -> dict:
        """{name: (installed, latest)} from Firmware.Components."""
        return {name: (installed, latest) for name, installed, latest in self.get(FIRMWARE, "Components")}

    def snapshot(self) -> str:
        """Everything a failing test wants to know, on one line."""
        try:
            return (f"link={self.link_state()!r} firmware={self.firmware_state()!r} "
                    f"components={self.components()} last_error={self.last_error()!r} "
                    f"progress={self.get(FIRMWARE, 'Progress')} phase={self.get(FIRMWARE, 'Phase')!r}")
        except BusCallFailed as error:
            return f"(printlinkd not readable on the bus: {error})"

    def wait_for(self, interface: str, name: str, predicate, timeout: float, what: str = None):
        """Waits until predicate(value) holds for the property; returns the value."""
        last = {}

        def check():
            try:
                last["value"] = self.get(interface, name)
            except BusCallFailed as error:
                last["value"] = f"<unreadable: {error}>"
                return False
            return predicate(last["value"])
        try:
            wait_until(check, timeout, what or f"{interface}.{name}", interval=0.1)
        except WaitTimeout as error:
            raise WaitTimeout(f"{error}; last value {last.get('value')!r}; {self.snapshot()}") from None
        return last["value"]

    def wait_for_firmware_state(self, *states, timeout: float = 60):
        return self.wait_for(FIRMWARE, "State", lambda v: v in states, timeout,
                             f"Firmware.State in {states}")


_STATE_CHANGE = re.compile(r"PropertiesChanged \('" + re.escape(FIRMWARE) + r"', \{[^}]*'State': <'([a-z-]+)'>")


class FirmwareStateRecorder:
    """Keeps every Firmware.State announced in PropertiesChanged, across daemon restarts."""

    def __init__(self, address: str, log_path: Path):
        self.process = ServerProcess(
            "gdbus-monitor",
            ["gdbus", "monitor", "--address", address, "--dest", BUS_NAME,
             "--object-path", OBJECT_PATH],
            log_path)

    def start(self):
        self.process.start()
        return self

    def stop(self):
        self.process.stop(timeout=5)

    def states(self):
        return _STATE_CHANGE.findall(self.process.log_text())
