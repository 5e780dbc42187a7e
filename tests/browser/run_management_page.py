"""Driver of the headless-Chromium test of printlink-cloud's management page (meson test
'browser/management-page').

It checks that node and Chromium are there (a missing browser is a failure, not a skip),
installs playwright-core into the build tree with `npm ci` when that copy is missing or older
than package-lock.json, starts printlink-cloud on a fresh SQLite file with the
tests/support fixture, creates the users and printers, reports each printer's device
attributes the way printlinkd would (fake_device.py), and runs management_page.test.js under
`node --test`. Everything it leaves is under <build>/tests/browser/: the npm install, the
cloud's work directory and log, and the screenshots.

Environment: PRINTLINK_SOURCE_DIR, PRINTLINK_BUILD_DIR (set by meson); PRINTLINK_CHROMIUM to
use another Chromium binary.
"""

import json
import os
import secrets
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "support"))

from printlink_support.cloud import Cloud  # noqa: E402
from printlink_support.paths import MissingBuildArtifact, build_dir  # noqa: E402
from printlink_support.process import started_servers  # noqa: E402

from printlink_support import ipp_wire as ipp  # noqa: E402

import fake_device  # noqa: E402
from fake_device import DeviceReport, FirmwareComponent  # noqa: E402

# Debian's binary first: /usr/bin/chromium is a shell wrapper that prints noise (ENV.md §7).
CHROMIUM_CANDIDATES = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"]
NODE_MIN_MAJOR = 18  # playwright-core 1.61.1 is the last release that runs on Debian 12's node 18
NODE_TEST_TIMEOUT = 240  # seconds; meson's own limit for the whole test is 300

# Text a hostile printer or device could put on the page; every slot must show it as text.
HOSTILE_NAME = '<script>window.__printlinkXss = "name"</script><b>Evil</b> & "Co"'
HOSTILE_MODEL = '<img src=x onerror="window.__printlinkXss = \'model\'"> PL-666'
HOSTILE_COMPONENT = '<i>Main"Ctl\'</i>&amp;'
HOSTILE_MESSAGE = '<script>window.__printlinkXss = "message"</script>image refused'


class SetupFailed(Exception):
    """The test could not be set up: a tool is missing or a step before the browser failed."""


def find_chromium() -> str:
    wanted = os.environ.get("PRINTLINK_CHROMIUM")
    for candidate in [wanted] if wanted else CHROMIUM_CANDIDATES:
        if Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise SetupFailed(
        f"Chromium not found (looked for {wanted or ' and '.join(CHROMIUM_CANDIDATES)}). "
        "Install it with: apt-get install -y --no-install-recommends chromium (ENV.md §7), "
        "or set PRINTLINK_CHROMIUM.")


def find_node() -> str:
    node = shutil.which("node")
    if not node:
        raise SetupFailed("node is not on PATH: apt-get install -y --no-install-recommends nodejs npm")
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
    major = int(version.lstrip("v").split(".")[0] or 0)
    if major < NODE_MIN_MAJOR:
        raise SetupFailed(f"node {version} is too old: node's test runner needs {NODE_MIN_MAJOR} or newer")
    return node


def ensure_node_modules(npm_dir: Path) -> Path:
    """playwright-core installed by `npm ci` from the checked-in lock, in the build tree (the
    source tree stays read-only). Reinstalls only when the lock changed or the last install
    did not finish. Returns the node_modules directory."""
    lock = HERE / "package-lock.json"
    modules = npm_dir / "node_modules"
    installed_from = npm_dir / "installed-from.package-lock.json"  # written after success
    fresh = (installed_from.is_file() and installed_from.read_bytes() == lock.read_bytes()
             and (modules / "playwright-core" / "package.json").is_file())
    if fresh:
        return modules
    npm = shutil.which("npm")
    if not npm:
        raise SetupFailed("npm is not on PATH: apt-get install -y --no-install-recommends npm")
    npm_dir.mkdir(parents=True, exist_ok=True)
    installed_from.unlink(missing_ok=True)  # an interrupted install is redone next time
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(HERE / name, npm_dir / name)
    print(f"npm ci in {npm_dir} (node_modules missing or stale)", flush=True)
    result = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
                            cwd=npm_dir, stdin=subprocess.DEVNULL, timeout=180)
    if result.returncode != 0:
        raise SetupFailed(f"npm ci failed with status {result.returncode} in {npm_dir}")
    shutil.copyfile(lock, installed_from)
    return modules


def fresh_directory(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def report(device: fake_device.Device, **fields):
    fake_device.send(device, fake_device.update_output_device_attributes(device, DeviceReport(**fields)))


def provision(cloud: Cloud) -> dict:
    """Users, printers and their first device reports; returns the fixture for the JS test."""
    passwords = {"admin": cloud.add_user("admin", "admin"), "alice": cloud.add_user("alice", "user")}
    printers = {}
    for alias, name, model in (("main", "Office printer", "PL-100"),
                               ("hostile", HOSTILE_NAME, "PL-666")):
        registered = cloud.add_printer(name, model)
        printers[alias] = {
            "id": registered.printer_id, "name": name, "registered_model": model,
            "printer_uri": registered.printer_uri, "token": registered.token,
            "output_device_uuid": f"urn:uuid:{uuid.uuid4()}",
        }

    def device(alias):
        p = printers[alias]
        return fake_device.Device(p["printer_uri"], p["token"], p["output_device_uuid"])

    report(device("main"), state=ipp.PRINTER_IDLE, reasons=["none"], make_and_model="Example PL-100",
           firmware=[FirmwareComponent("MainController", "82.70", latest="83.00")])
    report(device("hostile"), state=ipp.PRINTER_STOPPED, reasons=["firmware-update-failed"],
           state_message=HOSTILE_MESSAGE, make_and_model=HOSTILE_MODEL,
           firmware=[FirmwareComponent(HOSTILE_COMPONENT, "1.0", latest="2.0")])
    return {
        "cloud_url": cloud.url,
        "users": {"admin": {"password": passwords["admin"], "role": "admin"},
                  "alice": {"password": passwords["alice"], "role": "user"}},
        "printers": printers,
        "hostile_text": {"name": HOSTILE_NAME, "model": HOSTILE_MODEL,
                         "component": HOSTILE_COMPONENT, "message": HOSTILE_MESSAGE},
    }


def write_private_json(path: Path, data: dict):
    """The fixture holds passwords and device tokens: readable by this user only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        json.dump(data, out, indent=2)


def run() -> int:
    chromium = find_chromium()
    node = find_node()
    out = build_dir() / "tests" / "browser"
    modules = ensure_node_modules(out / "npm")
    work = fresh_directory(out / "work")
    screenshots = fresh_directory(out / "screenshots")

    cloud = Cloud(work / "cloud")
    cloud.start()
    try:
        fixture_path = work / "fixture.json"
        write_private_json(fixture_path, provision(cloud))
        env = dict(os.environ,
                   NODE_PATH=str(modules),
                   PRINTLINK_BROWSER_FIXTURE=str(fixture_path),
                   PRINTLINK_CHROMIUM=chromium,
                   PRINTLINK_SCREENSHOT_DIR=str(screenshots),
                   PRINTLINK_PYTHON=sys.executable)
        argv = [node, "--test", "--test-reporter=spec", str(HERE / "management_page.test.js")]
        result = subprocess.run(argv, env=env, cwd=HERE, stdin=subprocess.DEVNULL,
                                timeout=NODE_TEST_TIMEOUT)
        cloud.process.check_alive()  # a crash during the test fails it even if the page looked fine
        if result.returncode != 0:
            for server in started_servers():
                print(server.log_tail(60), file=sys.stderr)
        print(f"screenshots: {screenshots}", flush=True)
        return result.returncode
    finally:
        cloud.stop()


def main() -> int:
    try:
        return run()
    except (SetupFailed, MissingBuildArtifact) as error:
        print(f"browser test cannot run: {error}", file=sys.stderr)
        return 1
    except (AssertionError, subprocess.TimeoutExpired, OSError) as error:
        print(f"browser test failed: {error}", file=sys.stderr)
        for server in started_servers():
            print(server.log_tail(60), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
