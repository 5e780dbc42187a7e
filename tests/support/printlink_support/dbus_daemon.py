"""A private system-type dbus-daemon (ENV.md §2) whose configuration includes the policy
file the build generated, so the tests exercise exactly the policy that ships.

It listens on an abstract socket: no path-length limit, and clients running as another user
(to test the policy) need no access to the test's private directories."""

import os
import secrets
import socket
from pathlib import Path

from .paths import agent_bus_policy
from .process import ServerProcess

# The shape of Debian's system.conf minus what needs a real system (user switch, fork,
# pidfile, syslog, service activation). Our policy is included after the defaults, as
# /usr/share/dbus-1/system.d files are.
_BUS_CONF = """\
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <auth>EXTERNAL</auth>
  <listen>unix:abstract={socket}</listen>
  <policy context="default">
    <allow user="*"/>
    <deny own="*"/>
    <deny send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_requested_reply="true" send_type="method_return"/>
    <allow send_requested_reply="true" send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
    <allow receive_type="signal"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Introspectable"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Properties"/>
  </policy>
  <include>{policy}</include>
{extra}</busconfig>
"""


class DbusDaemon:
    def __init__(self, workdir: Path, policy: Path = None, extra_policies=()):
        """extra_policies: more policy files, for other services on the bus (RAUC's)."""
        self.dir = Path(workdir)
        self.policy = Path(policy) if policy else None
        self.extra_policies = [Path(p) for p in extra_policies]
        self.socket_name = f"printlink-test-bus-{os.getpid()}-{secrets.token_hex(4)}"
        self.config = self.dir / "bus.conf"
        self.process = None

    @property
    def address(self) -> str:
        """The DBUS_SYSTEM_BUS_ADDRESS value for clients."""
        return f"unix:abstract={self.socket_name}"

    def client_env(self, base=None) -> dict:
        env = dict(base if base is not None else os.environ)
        env["DBUS_SYSTEM_BUS_ADDRESS"] = self.address
        return env

    def start(self):
        self.dir.mkdir(parents=True, exist_ok=True)
        policy = self.policy or agent_bus_policy()
        extra = "".join(f"  <include>{p}</include>\n" for p in self.extra_policies)
        self.config.write_text(_BUS_CONF.format(socket=self.socket_name, policy=policy, extra=extra))
        # The log gets warnings such as the harmless "Failed to set fd limit" (ENV.md trap 12).
        self.process = ServerProcess(
            "dbus-daemon",
            ["dbus-daemon", f"--config-file={self.config}", "--nofork", "--nopidfile"],
            self.dir / "dbus-daemon.log")
        self.process.start()
        self.process.wait_ready(self._accepts, 10, "bus socket accepting connections")
        return self

    def _accepts(self) -> bool:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            try:
                probe.connect("\0" + self.socket_name)
                return True
            except OSError:
                return False

    def stop(self):
        if self.process:
            self.process.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
