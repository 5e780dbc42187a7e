"""The shipped D-Bus policy on the running daemon: everyone may read printlinkd's state,
only root (and the admin group) may act on it."""

import json
import subprocess

from printlink_support.agent_bus import BUS_NAME, FIRMWARE, LINK, OBJECT_PATH

AS_NOBODY = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


def busctl(stack, *args, as_user=()):
    return subprocess.run([*as_user, "busctl", f"--address={stack.bus.address}", "--json=short", *args],
                          capture_output=True, text=True, timeout=30)


def test_anyone_reads_the_state_but_only_root_acts(make_stack):
    stack = make_stack()
    stack.agent.wait_for(LINK, "State", lambda s: s == "online", 30, "the link to be online")

    for interface, name in ((FIRMWARE, "State"), (FIRMWARE, "Components"), (LINK, "State")):
        read = busctl(stack, "get-property", BUS_NAME, OBJECT_PATH, interface, name, as_user=AS_NOBODY)
        assert read.returncode == 0, read.stderr
        assert json.loads(read.stdout)["data"] == stack.agent.get(interface, name)

    for method in ("CheckNow", "Cancel", "Claim"):
        refused = busctl(stack, "call", BUS_NAME, OBJECT_PATH, FIRMWARE, method, as_user=AS_NOBODY)
        denied = any(word in refused.stderr for word in ("AccessDenied", "Access denied", "Rejected send"))
        assert refused.returncode != 0 and denied, (method, refused.stderr)
    assert stack.agent.firmware_state() == "available", "a refused call changed the state"

    # ConfirmBoot says the new firmware booted well: root's printlinkctl confirm-boot only.
    refused = busctl(stack, "call", BUS_NAME, OBJECT_PATH, FIRMWARE, "ConfirmBoot", "bs", "true", "",
                     as_user=AS_NOBODY)
    assert refused.returncode != 0 and any(
        word in refused.stderr for word in ("AccessDenied", "Access denied", "Rejected send")), refused.stderr
    # Root reaches printlinkd, which answers for itself: no update waits for confirmation.
    answered = busctl(stack, "call", BUS_NAME, OBJECT_PATH, FIRMWARE, "ConfirmBoot", "bs", "true", "")
    assert answered.returncode != 0 and "no firmware update waits" in answered.stderr, answered.stderr
    assert stack.agent.firmware_state() == "available"

    allowed = busctl(stack, "call", BUS_NAME, OBJECT_PATH, FIRMWARE, "CheckNow")
    assert allowed.returncode == 0, allowed.stderr

    # Registration acts too: refused by the bus for anyone else, before printlinkd sees it.
    for method, signature in (("Register", ["s", stack.cloud.url]), ("Unregister", [])):
        refused = busctl(stack, "call", BUS_NAME, OBJECT_PATH, LINK, method, *signature,
                         as_user=AS_NOBODY)
        denied = any(word in refused.stderr for word in ("AccessDenied", "Access denied", "Rejected send"))
        assert refused.returncode != 0 and denied, (method, refused.stderr)
    # Root reaches printlinkd, which answers for itself: this device's printer URI is configured.
    answered = busctl(stack, "call", BUS_NAME, OBJECT_PATH, LINK, "Register", "s", stack.cloud.url)
    assert answered.returncode != 0 and "printer_uri" in answered.stderr, answered.stderr
    assert stack.agent.link_state() == "online"
