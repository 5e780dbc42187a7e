"""scripts/run-local.sh's Python half: the whole system on loopback under one directory,
started with the same fixtures the integration tests use, until SIGINT or SIGTERM.

Usage: python3 -m printlink_support.run_local [--dir _run] [--image-mib 8]
(PRINTLINK_BUILD_DIR names the meson build tree; scripts/run-local.sh sets it.)
"""

import argparse
import os
import shutil
import signal
import sys
import threading
from pathlib import Path

from .paths import build_dir, program
from .process import started_servers
from .stack import COMPONENT, FACTORY_VERSION, LATEST_VERSION, Stack


def _print_banner(stack: Stack, run_dir: Path):
    ctl = program("printlinkctl")
    page = f"{stack.cloud.url}/printers/{stack.printer.printer_id}"
    logins = run_dir / "logins.txt"
    logins.write_text("".join(f"{user} {password}\n" for user, password in stack.passwords.items()))
    os.chmod(logins, 0o600)
    def rel(path):
        """Short paths for what is under the current directory, absolute ones otherwise."""
        relative = os.path.relpath(path)
        return path if relative.startswith("..") else relative
    print(f"""
printlink is running on loopback (everything under {rel(run_dir)}/).

  Management page  {page}
  Logins           admin / {stack.passwords['admin']}   (may update firmware)
                   alice / {stack.passwords['alice']}   (role user: may not)
                   (also in {rel(logins)})
  The device       {COMPONENT} {FACTORY_VERSION}; the repository offers {LATEST_VERSION}
                   ({stack.nginx.url}/catalog.json)

  Watch the device:
    DBUS_SYSTEM_BUS_ADDRESS={stack.bus.address} {rel(ctl)} watch
  Print on its local queue:
    CUPS_SERVER={stack.cupsd.server} lp -d printer FILE

  Logs:""")
    for server in started_servers():
        print(f"    {server.name:<16} {rel(server.log_path)}")
    print(f"    {'cupsd error_log':<16} {rel(stack.cupsd.root / 'log/error_log')}")
    print(f"    {'nginx access':<16} {rel(stack.nginx.access_log)}")
    print("\nPress Ctrl-C to stop everything.", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default="_run", help="work directory (emptied first)")
    parser.add_argument("--image-mib", type=int, default=8, help="size of the published image")
    args = parser.parse_args()

    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())

    run_dir = Path(args.dir).resolve()
    if run_dir.exists():
        shutil.rmtree(run_dir)
    print(f"run-local: starting from build tree {build_dir()}", flush=True)
    stack = Stack(run_dir, image_size=args.image_mib << 20)
    try:
        stack.start()
    except Exception as error:  # show why, with the logs of whatever did start
        print(f"run-local: could not start: {error}", file=sys.stderr)
        for server in started_servers():
            print(server.log_tail(30), file=sys.stderr)
        return 1
    try:
        _print_banner(stack, run_dir)
        # A server seen down twice in a row is reported once (printlinkd is down for a
        # moment when the install runner restarts it after an update).
        down_checks = {}
        while not stop.wait(2.0):
            for server in started_servers():
                proc = getattr(server, "proc", None)
                down = proc is not None and proc.poll() is not None
                down_checks[server.name] = down_checks.get(server.name, 0) + 1 if down else 0
                if down_checks[server.name] == 2:
                    print(f"run-local: {server.name} exited ({proc.returncode}); "
                          f"see {server.log_path}", flush=True)
    finally:
        print("\nrun-local: stopping...", flush=True)
        stack.stop()
        print("run-local: stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
