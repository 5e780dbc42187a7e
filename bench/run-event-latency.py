#!/usr/bin/python3
"""Starts the whole system through tests/support and runs build/bench/event-latency against it.

The device is configured to refuse the operator, so every press ends at once in `failed` and
the cloud offers the button again; what is measured is only the event path:
button POST -> cloud records firmware-update-requested -> held Get-Notifications answered ->
printlinkd -> D-Bus PropertiesChanged(State=requested).

Usage: bench/run-event-latency.py [PRESSES]     (PRINTLINK_BUILD_DIR, default ./build)
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

source_dir = Path(__file__).resolve().parent.parent
os.environ.setdefault("PRINTLINK_SOURCE_DIR", str(source_dir))
build_dir = Path(os.environ.setdefault("PRINTLINK_BUILD_DIR", str(source_dir / "build"))).resolve()
sys.path.insert(0, str(source_dir / "tests" / "support"))

from printlink_support.stack import COMPONENT, Stack  # noqa: E402


def main() -> int:
    presses = sys.argv[1] if len(sys.argv) > 1 else "50"
    with tempfile.TemporaryDirectory(prefix="printlink-bench-") as work:
        with Stack(Path(work), allowed_operators=["https://nobody.invalid/users/nobody"]) as stack:
            stack.agent.wait_for_firmware_state("available", timeout=30)
            password_file = Path(work) / "admin.password"
            password_file.write_text(stack.passwords["admin"] + "\n")
            env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=stack.bus.address)
            return subprocess.call([
                str(build_dir / "bench" / "event-latency"), "--cloud", stack.cloud.url,
                "--printer-id", stack.printer.printer_id, "--component", COMPONENT,
                "--user", "admin", "--password-file", str(password_file), "--presses", presses,
            ], env=env)


if __name__ == "__main__":
    sys.exit(main())
