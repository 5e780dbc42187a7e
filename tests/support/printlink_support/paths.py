"""Where the source tree and the meson build tree are, and the binaries inside them.

meson's test() sets PRINTLINK_SOURCE_DIR and PRINTLINK_BUILD_DIR; run by hand, the source
tree is found from this file and the build tree defaults to <source>/build.
"""

import os
from pathlib import Path

# Where each program lands in the build tree (the directory of its meson.build).
_BUILD_LOCATIONS = {
    "printlinkd": "daemon/printlinkd",
    "printlinkctl": "tools/printlinkctl/printlinkctl",
    "printlink-fwrepo": "tools/fwrepo/printlink-fwrepo",
    "printlink-cloud": "cloud/printlink-cloud",
    "printlink": "backend/printlink",  # the CUPS backend
}


class MissingBuildArtifact(RuntimeError):
    """A program or generated file the tests need is not in the build tree."""


def source_dir() -> Path:
    env = os.environ.get("PRINTLINK_SOURCE_DIR")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[3]


def build_dir() -> Path:
    env = os.environ.get("PRINTLINK_BUILD_DIR")
    if env:
        return Path(env).resolve()
    return source_dir() / "build"


def data_dir() -> Path:
    return source_dir() / "tests" / "data"


def program(name: str) -> Path:
    """The built program `name`; a clear error if it was not built."""
    build = build_dir()
    expected = build / _BUILD_LOCATIONS.get(name, name)
    if expected.is_file() and os.access(expected, os.X_OK):
        return expected
    # A part moved within the tree still counts: look for it by name once.
    for root, _dirs, files in os.walk(build):
        if name in files:
            candidate = Path(root) / name
            if os.access(candidate, os.X_OK):
                return candidate
    raise MissingBuildArtifact(
        f"{name} is not built: expected {expected} (build dir {build}; "
        f"run 'ninja -C {build}' first)")


def agent_bus_policy() -> Path:
    """The D-Bus policy file for org.printlink.Agent1 as the build generated it."""
    policy = build_dir() / "dbus" / "org.printlink.Agent1.conf"
    if not policy.is_file():
        raise MissingBuildArtifact(f"D-Bus policy not generated: {policy}")
    return policy
