"""Waiting for a condition with a deadline, failing with what was last seen."""

import time


class WaitTimeout(AssertionError):
    """The condition did not hold before the deadline."""


def wait_until(predicate, timeout: float, what: str, interval: float = 0.05):
    """Polls predicate() until it returns a truthy value, which is returned.

    On timeout raises WaitTimeout naming `what`. A predicate may raise to report a hard
    failure (for example, a server that died) instead of waiting for the deadline.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise WaitTimeout(f"timed out after {timeout:.1f} s waiting for {what}")
        time.sleep(interval)
