"""The local queue's capabilities and state reach the cloud, and Identify-Printer reaches the
panel, on real parts: printlink-cloud, a private cupsd, a private system bus and printlinkd
configured with its printer URI and token. The cloud is read the way a person's client reads it
(Get-Printer-Attributes with HTTP Basic); the local queue is changed with lpadmin and
cupsdisable as an administrator would."""

import re
import subprocess
import threading
import time

from printlink_support import ipp_wire as ipp
from printlink_support.agent_bus import LINK
from printlink_support.paths import data_dir, program
from printlink_support.print_client import PrintClient
from printlink_support.waiting import wait_until

# Within a few seconds: the queue watcher reacts to cupsd's events, not a slow timer.
REACT = 8
IDENTIFY_PRINTER = 0x003C


def cloud_attributes(client: PrintClient, *names):
    response = client.call(ipp.GET_PRINTER_ATTRIBUTES,
                           ipp.Attribute("requested-attributes", ipp.KEYWORD, list(names)))
    assert response.ok, response
    return response


def values(response, name):
    return response.values(name, ipp.PRINTER_GROUP)


class Watch:
    """printlinkctl watch in the background, its lines collected as they come."""

    def __init__(self, stack):
        env = stack.bus.client_env()
        env["LC_ALL"] = "C.UTF-8"
        env.pop("LANGUAGE", None)
        self.proc = subprocess.Popen([str(program("printlinkctl")), "watch"],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, env=env)
        self.lines = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def test_capabilities_state_changes_and_identify(make_stack):
    stack = make_stack()
    stack.agent.wait_for(LINK, "State", lambda s: s == "online", 30, "the link to be online")
    alice = PrintClient(stack.printer.printer_uri, "alice", stack.passwords["alice"])

    # The raw queue the fixture made has no media; a PPD gives it sizes, duplex, color and
    # resolutions. That is a printer-config-changed event: the cloud must learn them without
    # the daemon being restarted.
    started = time.monotonic()
    stack.cupsd.run_client(["lpadmin", "-p", stack.cupsd.QUEUE,
                            "-P", data_dir() / "capabilities.ppd"])

    def has_media():
        r = cloud_attributes(alice, "media-supported", "sides-supported",
                             "print-color-mode-supported", "printer-resolution-supported",
                             "document-format-supported", "media-default")
        return r if "na_letter_8.5x11in" in values(r, "media-supported") else None
    r = wait_until(has_media, REACT, "the cloud to show the queue's media")
    assert time.monotonic() - started < REACT
    assert values(r, "media-supported") == ["iso_a4_210x297mm", "na_letter_8.5x11in"]
    assert values(r, "media-default") == ["iso_a4_210x297mm"]
    assert values(r, "sides-supported") == ["one-sided", "two-sided-long-edge",
                                            "two-sided-short-edge"]
    assert values(r, "print-color-mode-supported") == ["monochrome", "color"]
    assert len(values(r, "printer-resolution-supported")) == 2
    assert "application/pdf" in values(r, "document-format-supported")

    # The firmware attributes still go with them.
    fw = cloud_attributes(alice, "printer-firmware-name", "printer-firmware-string-version")
    assert values(fw, "printer-firmware-name") == ["MainController"]

    # Stopping the local queue: state, reason and message follow within seconds.
    stack.cupsd.run_client(["cupsdisable", "-r", "Paper jam in tray 2", stack.cupsd.QUEUE])

    def stopped():
        r = cloud_attributes(alice, "printer-state", "printer-state-reasons",
                             "printer-state-message")
        return r if r.value("printer-state", ipp.PRINTER_GROUP) == 5 else None
    r = wait_until(stopped, REACT, "the cloud to show the queue stopped")
    assert "paused" in values(r, "printer-state-reasons")
    assert r.value("printer-state-message", ipp.PRINTER_GROUP) == "Paper jam in tray 2"
    # Sparse: the update that carried it named the state attributes only, not the media.
    sparse = [line for line in stack.daemon.process.log_text().splitlines()
              if "sending changed attributes:" in line and "printer-state-message" in line]
    assert sparse, stack.daemon.process.log_text()
    assert "media-supported" not in sparse[-1] and "printer-firmware-name" not in sparse[-1]

    stack.cupsd.run_client(["cupsenable", stack.cupsd.QUEUE])
    r = wait_until(lambda: (lambda a: a if a.value("printer-state", ipp.PRINTER_GROUP) == 3
                            else None)(cloud_attributes(alice, "printer-state",
                                                        "printer-state-reasons")),
                   REACT, "the cloud to show the queue idle again")
    assert "paused" not in values(r, "printer-state-reasons")
    # Only what changed went with the later updates: the media stayed as they were.
    assert values(cloud_attributes(alice, "media-supported"), "media-supported") == \
        ["iso_a4_210x297mm", "na_letter_8.5x11in"]

    # Identify-Printer from a person: the panel hears it, the cloud's request is acknowledged.
    watch = Watch(stack)
    try:
        # Printed once its proxy (and so its signal match) is in place.
        wait_until(lambda: any(line.startswith("Watching printlinkd") for line in watch.lines),
                   REACT, "printlinkctl watch to start")
        response = alice.call(IDENTIFY_PRINTER,
                              ipp.Attribute("identify-actions", ipp.KEYWORD, ["sound"]),
                              ipp.Attribute("message", ipp.TEXT, "Where are you?"))
        assert response.ok, response
        wait_until(lambda: any("Identify requested (sound): Where are you?" in line
                               for line in watch.lines),
                   REACT, "printlinkctl watch to print the identify request")
    finally:
        watch.stop()
    monitor = stack.states.process.log_text()
    assert re.search(r"IdentifyRequested \(\['sound'\], 'Where are you\?'\)", monitor), monitor

    def acknowledged():
        reasons = values(cloud_attributes(alice, "printer-state-reasons"), "printer-state-reasons")
        return "identify-printer-requested" not in reasons
    wait_until(acknowledged, REACT, "the cloud to drop identify-printer-requested")
    log = stack.daemon.process.log_text()
    assert "identify requested: sound" in log
