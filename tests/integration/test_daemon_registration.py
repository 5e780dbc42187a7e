"""Registration from the panel (patent Figure 1) on real parts: printlink-cloud, a private
system bus with the shipped policy, printlinkd with no printer URI in its configuration, and
`printlinkctl register` as a person runs it. The code it shows (and its QR code, read back by
zbarimg) is approved or denied on the cloud's verification page by a logged-in administrator,
or left to expire; the device ends online with a printer ID, keeps it across restarts, and
unregisters (docs/protocol.md §8, docs/dbus-api.md)."""

import json
import os
import re
import stat
import subprocess
import threading
import time

from printlink_support.agent_bus import LINK
from printlink_support.cloud import Cloud
from printlink_support.paths import program
from printlink_support.process import ServerProcess
from printlink_support.terminal_qr import decode
from printlink_support.waiting import wait_until

REACT = 30
# printlinkctl register's exit status per outcome (tools/printlinkctl/register_command.h).
REGISTERED, FAILED, DENIED, EXPIRED = 0, 1, 3, 4


class RegisterRun:
    """printlinkctl register in the background, its output read line by line as it comes."""

    def __init__(self, stack, *args):
        env = stack.bus.client_env()
        env["LC_ALL"] = "C.UTF-8"
        env.pop("LANGUAGE", None)
        self.proc = subprocess.Popen([str(program("printlinkctl")), "register", *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env=env)
        self.lines = []
        self.stderr = ""
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for_line(self, pattern, timeout=REACT):
        def found():
            if self.proc.poll() is not None and not self._reader.is_alive():
                raise AssertionError(f"printlinkctl ended ({self.proc.returncode}) before "
                                     f"{pattern!r}: {self.output()}")
            return any(re.search(pattern, line) for line in self.lines)
        wait_until(found, timeout, f"printlinkctl to print {pattern!r}", interval=0.05)

    def shown(self):
        """(verification URI, user code, QR code lines) as printed."""
        self.wait_for_line(r"^Waiting for approval: \d+:\d\d left$")
        lines = self.lines
        uri = lines[lines.index("To approve it, open this page as a cloud administrator:") + 1].strip()
        code = lines[lines.index("and enter the code:") + 1].strip()
        first = next(i for i, l in enumerate(lines) if l.startswith("Or scan this QR code")) + 1
        last = next(i for i, l in enumerate(lines) if l.startswith("Waiting for approval"))
        return uri, code, lines[first:last]

    def finish(self, timeout=REACT):
        self.proc.wait(timeout=timeout)
        self._reader.join(timeout=5)
        self.stderr = self.proc.stderr.read()
        return self.proc.returncode

    def output(self):
        return "\n".join(self.lines) + ("\nstderr: " + self.stderr if self.stderr else "")


def ctl(stack, *args):
    env = stack.bus.client_env()
    env["LC_ALL"] = "C.UTF-8"
    return subprocess.run([str(program("printlinkctl")), *args], capture_output=True, text=True,
                          env=env, timeout=60)


def link(stack, name):
    return stack.agent.get(LINK, name)


def mode_of(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_register_approve_restart_and_unregister(make_stack, tmp_path):
    stack = make_stack(registration=True)
    cloud, daemon = stack.cloud, stack.daemon
    assert link(stack, "State") == "unregistered"
    assert link(stack, "PrinterId") == ""

    run = RegisterRun(stack)  # no URL: the configured registration_url
    uri, code, qr = run.shown()
    assert uri == cloud.url + "/device"
    assert re.fullmatch(r"[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}", code), code
    assert link(stack, "State") == "registering"
    assert link(stack, "UserCode") == code
    complete = link(stack, "VerificationUriComplete")
    assert complete == f"{cloud.url}/device?user_code={code}"
    assert decode(qr, tmp_path) == complete, "the QR code does not open the approval page"
    expires_in = link(stack, "ExpiresAt") / 1e6 - time.time()
    assert 500 < expires_in <= 600, expires_in

    decided = stack.session("admin").decide_device(code, "approve", printer_name="Lobby")
    assert decided.status == 200 and 'data-decision="approved"' in decided.body, decided.body[:300]
    assert run.finish() == REGISTERED, run.output()
    printer_id = link(stack, "PrinterId")
    assert re.fullmatch(r"\d+", printer_id), printer_id
    assert f"Registered as printer {printer_id}: {cloud.url}/ipp/print/{printer_id}" in run.lines

    stack.agent.wait_for(LINK, "State", lambda s: s == "online", REACT, "the link to be online")
    assert link(stack, "PrinterUri") == f"{cloud.url}/ipp/print/{printer_id}"
    assert link(stack, "CloudUri") == cloud.url
    assert link(stack, "UserCode") == "" and link(stack, "ExpiresAt") == 0
    uuid = link(stack, "OutputDeviceUuid")
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", uuid), uuid
    # The cloud has the printer, named as the administrator typed, with the device's report.
    page = stack.session("admin").printer_page(printer_id)
    assert page.name == "Lobby"
    wait_until(lambda: "PL-100" in stack.session("admin").printer_page(printer_id).model, REACT,
               "the device's model on the printer page")

    # The token and the registration are private files; the record names printer and uuid.
    assert mode_of(daemon.token_path) == 0o600
    assert len(daemon.token_path.read_text().strip()) >= 32
    assert mode_of(daemon.registration_path) == 0o600
    record = json.loads(daemon.registration_path.read_text())
    assert record == {"cloud_url": cloud.url, "output_device_uuid": uuid,
                      "printer_uri": f"{cloud.url}/ipp/print/{printer_id}",
                      "printer_id": printer_id}

    status = ctl(stack, "status")
    assert status.returncode == 0, status.stderr
    assert re.search(r"Cloud link:\s+online", status.stdout), status.stdout
    assert re.search(rf"Printer ID:\s+{printer_id}$", status.stdout, re.M), status.stdout
    assert re.search(rf"Cloud:\s+{re.escape(cloud.url)}$", status.stdout, re.M), status.stdout

    again = ctl(stack, "register")
    assert again.returncode == FAILED and "already registered" in again.stderr, again.stderr

    # A restart keeps the registration and the output-device-uuid; no new grant is asked for.
    daemon.restart()
    stack.agent.wait_for(LINK, "State", lambda s: s == "online", REACT, "online after a restart")
    assert (link(stack, "PrinterId"), link(stack, "OutputDeviceUuid")) == (printer_id, uuid)
    assert daemon.process.log_text().count("registering with") == 1

    result = ctl(stack, "unregister")
    assert result.returncode == 0, result.stderr
    assert f"Unregistered from {cloud.url}." in result.stdout
    assert link(stack, "State") == "unregistered" and link(stack, "PrinterId") == ""
    assert not daemon.token_path.exists() and not daemon.registration_path.exists()
    assert uuid in daemon.uuids_path.read_text(), "the per-cloud uuid must outlive a registration"
    assert "deregistered" in cloud.process.log_text()

    daemon.restart()
    assert link(stack, "State") == "unregistered"

    # Registered again with the same cloud (named this time): the same device to that cloud,
    # so the same printer, its record and history (the cloud remembers a deregistered device).
    run = RegisterRun(stack, cloud.url)
    _, code, _ = run.shown()
    stack.session("admin").decide_device(code, "approve")
    assert run.finish() == REGISTERED, run.output()
    assert link(stack, "OutputDeviceUuid") == uuid
    stack.agent.wait_for(LINK, "State", lambda s: s == "online", REACT, "online again")
    assert link(stack, "PrinterId") == printer_id


def test_denied_and_expired_codes(make_stack):
    stack = make_stack(registration=True, device_code_seconds=3)

    run = RegisterRun(stack)
    _, code, _ = run.shown()
    assert stack.session("admin").decide_device(code, "deny").status == 200
    assert run.finish() == DENIED, run.output()
    assert "The registration was denied at the cloud." in run.lines
    assert link(stack, "State") == "unregistered"
    assert "denied" in link(stack, "StateReason")
    assert not stack.daemon.token_path.exists()

    run = RegisterRun(stack)
    run.shown()
    started = time.monotonic()
    assert run.finish() == EXPIRED, run.output()
    assert time.monotonic() - started < 10
    assert "The code expired before anyone approved it." in run.lines
    assert link(stack, "State") == "unregistered"
    assert link(stack, "UserCode") == ""
    assert not stack.daemon.registration_path.exists()


def test_a_bad_cloud_url_is_refused_at_once(make_stack):
    stack = make_stack(registration=True)
    result = ctl(stack, "register", "ftp://cloud.example")
    assert result.returncode == FAILED
    assert "not a cloud URL" in result.stderr, result.stderr
    assert link(stack, "State") == "unregistered"


def test_an_untrusted_cloud_certificate_is_refused(make_stack, tmp_path):
    """TLS is verified by default: against a cloud whose self-signed certificate nobody
    configured as trusted, registration fails before anything is sent or stored."""
    stack = make_stack(registration=True)
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
         "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert],
        check=True, capture_output=True, timeout=60)
    tls_cloud = Cloud(tmp_path / "tls-cloud")
    tls_cloud.dir.mkdir(parents=True)
    url = f"https://127.0.0.1:{tls_cloud.port}"
    process = ServerProcess(
        "printlink-cloud (TLS)",
        [program("printlink-cloud"), "serve", "--db", tls_cloud.db, "--listen",
         f"127.0.0.1:{tls_cloud.port}", "--tls-cert", cert, "--tls-key", key],
        tls_cloud.dir / "cloud.log")
    process.start()
    try:
        process.wait_ready(lambda: f"listening on {url}" in process.log_text(), 20, "TLS cloud")
        run = RegisterRun(stack, url)
        assert run.finish() == FAILED, run.output()
        assert "certificate" in run.stderr, run.output()
        assert link(stack, "State") == "unregistered"
        assert "certificate" in link(stack, "StateReason")
        assert not stack.daemon.token_path.exists()
    finally:
        process.stop()
