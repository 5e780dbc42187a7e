"""printlink-cloud over TLS (issue 3): `serve --tls-cert --tls-key` answers https and IPP
over TLS with the configured certificate, a client that does not trust it is refused by its
own verification, and without a certificate the cloud will not serve plain HTTP beyond
loopback unless told --allow-plain-http. Everything here is on 127.0.0.1."""

import http.client
import ssl
import struct
import subprocess
import threading

import pytest

from printlink_support import ipp_wire as ipp
from printlink_support.cloud import Cloud
from printlink_support.net import free_port, port_accepts
from printlink_support.paths import program
from printlink_support.process import ServerProcess

# A documentation address (RFC 5737), never assigned here. The refusal comes before any
# bind; should it ever break, binding this address fails (exit 1, not 2) instead of opening
# the cloud to a network. --allow-plain-http is covered by the unit test of the policy, so
# nothing here ever asks to bind beyond loopback.
NOT_LOOPBACK = "192.0.2.1"


def make_certificate(directory):
    """A self-signed certificate for 127.0.0.1, as an operator would make for a test host."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", key, "-out", cert],
        check=True, capture_output=True, timeout=60)
    return cert, key


def serve(tmp_path, *extra):
    db = tmp_path / "cloud.db"
    return [program("printlink-cloud"), "serve", "--db", db, *extra]


def get_printer_attributes(printer_uri: str) -> bytes:
    """A minimal Get-Printer-Attributes (RFC 8010 encoding)."""
    def attribute(tag, name, value):  # name "" = one more value of the attribute before
        name, value = name.encode(), value.encode()
        return struct.pack(">BH", tag, len(name)) + name + struct.pack(">H", len(value)) + value
    return (struct.pack(">BBHi", 2, 0, 0x000B, 1) + b"\x01"
            + attribute(0x47, "attributes-charset", "utf-8")
            + attribute(0x48, "attributes-natural-language", "en")
            + attribute(0x45, "printer-uri", printer_uri)
            + attribute(0x44, "requested-attributes", "printer-uri-supported")
            + attribute(0x44, "", "uri-security-supported")
            + b"\x03")


def curl(*args):
    return subprocess.run(["curl", "-sS", "--max-time", "20", *map(str, args)],
                          capture_output=True, timeout=60)


@pytest.fixture
def tls_cloud(tmp_path):
    cert, key = make_certificate(tmp_path)
    cloud = Cloud(tmp_path / "cloud")  # for add-printer on the same database
    cloud.dir.mkdir(parents=True)
    port = cloud.port
    process = ServerProcess("printlink-cloud", serve(cloud.dir, "--listen", f"127.0.0.1:{port}",
                                                     "--tls-cert", cert, "--tls-key", key),
                            cloud.dir / "cloud.log")
    process.start()
    ready = f"printlink-cloud: listening on https://127.0.0.1:{port}"
    process.wait_ready(lambda: ready in process.log_text() and port_accepts(port), 20,
                       f"'{ready}'")
    yield cloud, process, cert, f"https://127.0.0.1:{port}"
    process.stop()


def test_https_with_the_configured_certificate(tls_cloud):
    cloud, process, cert, url = tls_cloud
    trusted = curl("--cacert", cert, "-o", "/dev/null", "-w", "%{http_code}", f"{url}/login")
    assert trusted.returncode == 0, trusted.stderr
    assert trusted.stdout == b"200"

    # A client that does not trust the certificate refuses it (curl: 60, peer certificate).
    untrusted = curl("-o", "/dev/null", f"{url}/login")
    assert untrusted.returncode == 60, untrusted
    assert b"certificate" in untrusted.stderr

    # Plain HTTP on the TLS port gets no page.
    plain = curl("-o", "/dev/null", "-w", "%{http_code}", f"http://127.0.0.1:{cloud.port}/login")
    assert plain.stdout != b"200"
    process.check_alive()


def test_ipp_over_tls_and_https_public_url(tls_cloud, tmp_path):
    cloud, process, cert, url = tls_cloud
    # Without --public-url the cloud names itself by where it listens: https.
    printer = cloud.add_printer("Office", "PL-100")
    request = tmp_path / "gpa.ipp"
    request.write_bytes(get_printer_attributes(f"ipps://127.0.0.1:{cloud.port}/ipp/print/"
                                               f"{printer.printer_id}"))
    answer = curl("--cacert", cert, "-H", "Content-Type: application/ipp",
                  "-H", f"Authorization: Bearer {printer.token}", "--data-binary", f"@{request}",
                  f"{url}/ipp/print/{printer.printer_id}")
    assert answer.returncode == 0, answer.stderr
    body = answer.stdout
    assert body[:2] == b"\x02\x00" and body[2:4] == b"\x00\x00", body[:16]  # successful-ok
    assert b"uri-security-supported\x00\x03tls" in body
    # printer-uri-supported names the printer as IPP does: ipps:// for IPP over HTTPS.
    assert f"ipps://127.0.0.1:{cloud.port}/ipp/print/{printer.printer_id}".encode() in body


def test_plain_http_is_refused_off_loopback(tmp_path):
    nonlocal_bind = open("/proc/sys/net/ipv4/ip_nonlocal_bind").read().strip()
    if nonlocal_bind != "0":
        pytest.skip("ip_nonlocal_bind is on: a broken refusal could really listen off loopback")
    refused = subprocess.run(serve(tmp_path, "--listen", f"{NOT_LOOPBACK}:{free_port()}"),
                             capture_output=True, text=True, timeout=30)
    assert refused.returncode == 2, refused
    assert "not a loopback address" in refused.stderr
    assert "--tls-cert" in refused.stderr and "--allow-plain-http" in refused.stderr

    half = subprocess.run(serve(tmp_path, "--tls-cert", tmp_path / "cert.pem"),
                          capture_output=True, text=True, timeout=30)
    assert half.returncode == 2 and "--tls-key" in half.stderr, half


def test_a_bad_certificate_is_refused_clearly(tmp_path):
    bad = tmp_path / "bad.pem"
    bad.write_text("not a certificate\n")
    broken = subprocess.run(serve(tmp_path, "--listen", f"127.0.0.1:{free_port()}",
                                  "--tls-cert", bad, "--tls-key", bad),
                            capture_output=True, text=True, timeout=30)
    assert broken.returncode == 1, broken
    assert "cannot load the TLS certificate" in broken.stdout + broken.stderr


def test_a_held_poll_over_tls_is_answered_and_its_connection_kept(tls_cloud):
    """A long-polled Get-Notifications leaves libsoup while held (docs/protocol.md §4): over
    TLS its answer must still be written on the TLS session and the connection must carry the
    next request."""
    cloud, process, cert, url = tls_cloud
    printer = cloud.add_printer("Held", "PL-100")
    context = ssl.create_default_context(cafile=str(cert))
    target = f"ipps://127.0.0.1:{cloud.port}/ipp/print/{printer.printer_id}"
    path = f"/ipp/print/{printer.printer_id}"
    headers = {"Content-Type": "application/ipp", "Authorization": f"Bearer {printer.token}"}

    def operation(*more):
        return ipp.Group(ipp.OPERATION_GROUP, [
            ipp.Attribute("attributes-charset", ipp.CHARSET, "utf-8"),
            ipp.Attribute("attributes-natural-language", ipp.NATURAL_LANGUAGE, "en"),
            ipp.Attribute("printer-uri", ipp.URI, target), *more])

    def call(connection, op, groups):
        connection.request("POST", path, ipp.encode(op, groups), headers)
        answer = connection.getresponse()
        assert answer.status == 200
        return ipp.decode(answer.read())

    def report(connection, state):
        return call(connection, ipp.UPDATE_OUTPUT_DEVICE_ATTRIBUTES, [
            operation(ipp.Attribute("output-device-uuid", ipp.URI,
                                    "urn:uuid:0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9")),
            ipp.Group(ipp.PRINTER_GROUP, [ipp.Attribute("printer-state", ipp.ENUM, state)])])

    held = http.client.HTTPSConnection("127.0.0.1", cloud.port, context=context, timeout=30)
    other = http.client.HTTPSConnection("127.0.0.1", cloud.port, context=context, timeout=30)
    try:
        assert report(other, ipp.PRINTER_IDLE).ok
        subscribed = call(held, ipp.CREATE_PRINTER_SUBSCRIPTIONS, [
            operation(), ipp.Group(ipp.SUBSCRIPTION_GROUP, [
                ipp.Attribute("notify-pull-method", ipp.KEYWORD, "ippget"),
                ipp.Attribute("notify-events", ipp.KEYWORD, "printer-state-changed")])])
        subscription = subscribed.value("notify-subscription-id", ipp.SUBSCRIPTION_GROUP)
        tls_session = held.sock
        threading.Timer(0.5, lambda: report(other, ipp.PRINTER_STOPPED)).start()
        events = call(held, ipp.GET_NOTIFICATIONS, [operation(
            ipp.Attribute("notify-subscription-ids", ipp.INTEGER, subscription),
            ipp.Attribute("notify-wait", ipp.BOOLEAN, True))])
        states = [g.get("printer-state").value
                  for g in events.groups_of(ipp.EVENT_NOTIFICATION_GROUP)]
        assert states == [ipp.PRINTER_STOPPED]
        # The same TLS connection serves the next request.
        assert call(held, ipp.GET_PRINTER_ATTRIBUTES, [operation()]).ok
        assert held.sock is tls_session
    finally:
        held.close()
        other.close()
    process.check_alive()
