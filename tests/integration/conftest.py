"""pytest glue for the integration tests: a factory for the whole stack (one per test, in
the test's temporary directory, always stopped), and the logs of every server a failing
test started attached to its report."""

import os
import sys
from pathlib import Path

import pytest

_SUPPORT = Path(os.environ.get("PRINTLINK_SOURCE_DIR", Path(__file__).resolve().parents[2])) / "tests" / "support"
if str(_SUPPORT) not in sys.path:
    sys.path.insert(0, str(_SUPPORT))

from printlink_support.process import forget_started, started_servers  # noqa: E402
from printlink_support.stack import Stack  # noqa: E402


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        for server in started_servers():
            report.sections.append((f"log of {server.name}", server.log_tail(150)))


@pytest.fixture(autouse=True)
def _logs_of_this_test_only():
    forget_started()
    yield


@pytest.fixture
def make_stack(tmp_path):
    """make_stack(**options) starts cupsd, dbus-daemon, nginx with a signed repository,
    printlink-cloud, printlinkd and the install runner; see printlink_support.stack.Stack."""
    stacks = []

    def make(**options):
        stack = Stack(tmp_path / f"stack{len(stacks)}", **options)
        stack.start()
        stacks.append(stack)
        return stack

    yield make
    for stack in reversed(stacks):
        stack.stop()
