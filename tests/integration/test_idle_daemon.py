"""An online printlinkd with nothing to do sleeps in its long poll (DESIGN §7: no periodic
wake-ups beyond it): no spinning main loop, no repeated repository checks, and no requests to
the local cupsd (queue changes come as cupsd's D-Bus notifier signals, not by asking)."""

import os
import time

from printlink_support.agent_bus import LINK

MEASURE_SECONDS = 5


def cpu_seconds(pid: int) -> float:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def test_an_idle_online_daemon_sleeps(make_stack):
    stack = make_stack()
    stack.agent.wait_for(LINK, "State", lambda s: s == "online", 30, "the link to be online")
    stack.agent.wait_for_firmware_state("available", timeout=30)
    time.sleep(1)

    pid = stack.daemon.process.pid
    cpu_before = cpu_seconds(pid)
    repository_requests_before = len(stack.nginx.records())
    cupsd_requests_before = len(stack.cupsd.access_log().splitlines())
    time.sleep(MEASURE_SECONDS)
    used = cpu_seconds(pid) - cpu_before

    assert used < 0.05 * MEASURE_SECONDS, f"idle printlinkd used {used:.2f} s of CPU in {MEASURE_SECONDS} s"
    assert len(stack.nginx.records()) == repository_requests_before, stack.nginx.records()
    # Get-Notifications (or anything else) on the local queue while idle would be a poll.
    cupsd_requests = stack.cupsd.access_log().splitlines()[cupsd_requests_before:]
    assert cupsd_requests == [], cupsd_requests
    assert stack.agent.link_state() == "online"
