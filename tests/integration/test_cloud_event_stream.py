"""RFC 3996 Event Wait Mode proper on a real printlink-cloud (issue 3, docs/protocol.md §4): a
Get-Notifications with notify-wait from a client that accepts multipart/related stays open as
one chunked multipart/related response, gets a part for each new event while it is open, and
ends with a part that carries notify-get-interval — at the hold limit, or at once when its
subscription is cancelled. A client that does not accept multipart keeps the single
application/ipp answer (the long poll)."""

import http.client
import re
import threading
import time
import urllib.error
import urllib.parse
from pathlib import Path

import pytest

from printlink_support import ipp_wire as ipp
from printlink_support.cloud import Cloud
from printlink_support.fake_proxy import FakeProxy, events_in

DEVICE_UUID = "urn:uuid:2f1d0e4c-8a7b-4c3d-9e2f-5a6b7c8d9e01"
HOLD_SECONDS = 4  # the cloud's hold limit here: when a stream ends by itself


def state(printer_state: int) -> ipp.Attribute:
    return ipp.Attribute("printer-state", ipp.ENUM, printer_state)


class EventStream:
    """One streamed Get-Notifications, read part by part as the bytes arrive."""

    def __init__(self, proxy: FakeProxy, accept: str = "multipart/related"):
        uri = urllib.parse.urlsplit(proxy.connection.uri)
        self.http = http.client.HTTPConnection(uri.hostname, uri.port, timeout=HOLD_SECONDS + 10)
        first = proxy.connection.operation_group(
            "printer-uri",
            ipp.Attribute("notify-subscription-ids", ipp.INTEGER, proxy.subscription_id),
            ipp.Attribute("notify-sequence-numbers", ipp.INTEGER, proxy.next_sequence),
            ipp.Attribute("notify-wait", ipp.BOOLEAN, True))
        self.request_id = 77
        self.http.request("POST", uri.path, body=ipp.encode(ipp.GET_NOTIFICATIONS, [first],
                                                           self.request_id),
                          headers={"Content-Type": "application/ipp", "Accept": accept,
                                   "Authorization": proxy.connection.authorization})
        self.response = self.http.getresponse()
        self.content_type = self.response.getheader("Content-Type", "")
        found = re.search(r'boundary="([^"]+)"', self.content_type)
        self.boundary = found.group(1).encode() if found else None
        self.buffer = b""
        self.ended = False

    def _parts_in_buffer(self):
        """The parts received whole, and what follows them. An IPP message ends itself
        (end-of-attributes-tag), so a part is whole before the next delimiter comes."""
        delimiter = b"--" + self.boundary
        pieces = self.buffer.split(delimiter)[1:]  # [0] is the (empty) preamble
        complete = []
        for i, piece in enumerate(pieces):
            if piece.startswith(b"--"):
                return complete, piece  # the closing delimiter
            headers, _, body = piece.partition(b"\r\n\r\n")
            try:
                message = ipp.decode(body[:-2]) if body.endswith(b"\r\n") else None
            except ipp.IppParseError:
                message = None
            if message is None or message.data:
                assert i == len(pieces) - 1, "a part that is not an IPP message"
                return complete, piece  # still arriving
            assert b"Content-Type: application/ipp" in headers
            complete.append(message)
        return complete, b""

    def read_parts(self, count: int, timeout: float):
        """Reads until 'count' parts are complete; returns them."""
        deadline = time.monotonic() + timeout
        while True:
            parts, tail = self._parts_in_buffer()
            if tail.startswith(b"--"):
                self.ended = True
            if len(parts) >= count or self.ended:
                return parts
            assert time.monotonic() < deadline, f"only {len(parts)} of {count} parts arrived"
            chunk = self.response.read1(65536)
            if not chunk:
                self.ended = True
                return self._parts_in_buffer()[0]
            self.buffer += chunk

    def close(self):
        self.http.close()


@pytest.fixture
def cloud(tmp_path: Path):
    with Cloud(tmp_path / "cloud", hold_seconds=HOLD_SECONDS) as running:
        yield running


@pytest.fixture
def proxy(cloud):
    printer = cloud.add_printer("Stream", "Example PL-100")
    device = FakeProxy.for_printer(printer, DEVICE_UUID)
    assert device.update_output_device_attributes(state(ipp.PRINTER_IDLE)).ok
    assert device.create_printer_subscriptions(events=["printer-state-changed"]).ok
    return device


def test_a_stream_sends_each_new_event_as_a_part_and_ends_with_notify_get_interval(proxy):
    # An event already held is the initial burst.
    assert proxy.update_output_device_attributes(state(ipp.PRINTER_PROCESSING)).ok
    stream = EventStream(proxy)
    try:
        assert stream.response.status == 200
        assert stream.content_type.startswith("multipart/related")
        assert 'type="application/ipp"' in stream.content_type
        assert stream.response.getheader("Transfer-Encoding") == "chunked"

        [first] = stream.read_parts(1, timeout=5)
        assert first.status == ipp.SUCCESSFUL_OK and first.request_id == stream.request_id
        assert first.value("notify-get-interval") is None  # still in wait mode
        assert [e.printer_state for e in events_in(first)] == [ipp.PRINTER_PROCESSING]
        seen = events_in(first)[-1].sequence

        # New events while the stream is open: each batch is a further part on the same
        # response, never one already sent.
        for printer_state in (ipp.PRINTER_STOPPED, ipp.PRINTER_IDLE):
            sent_at = time.monotonic()
            assert proxy.update_output_device_attributes(state(printer_state)).ok
            parts = stream.read_parts(len(stream._parts_in_buffer()[0]) + 1, timeout=3)
            assert not stream.ended, "the stream ended before the hold limit"
            assert time.monotonic() - sent_at < HOLD_SECONDS - 1
            latest = parts[-1]
            assert latest.status == ipp.SUCCESSFUL_OK
            assert latest.value("notify-get-interval") is None
            events = events_in(latest)
            assert [e.printer_state for e in events] == [printer_state]
            assert events[0].sequence == seen + 1
            seen = events[0].sequence

        # At the hold limit: a last part with notify-get-interval, then the closing delimiter.
        parts = stream.read_parts(99, timeout=HOLD_SECONDS + 3)
        assert stream.ended
        last = parts[-1]
        assert last.status == ipp.SUCCESSFUL_OK
        assert last.value("notify-get-interval") == 0
        assert events_in(last) == []
        assert stream.buffer.endswith(b"--" + stream.boundary + b"--\r\n")
    finally:
        stream.close()


def test_cancelling_the_subscription_ends_its_stream_at_once(proxy):
    stream = EventStream(proxy)
    try:
        [first] = stream.read_parts(1, timeout=5)
        assert events_in(first) == []
        started = time.monotonic()
        cancel = proxy.call(
            0x001B,  # Cancel-Subscription (RFC 3995 §11.2.7)
            ipp.Attribute("notify-subscription-id", ipp.INTEGER, proxy.subscription_id))
        assert cancel.ok
        parts = stream.read_parts(99, timeout=3)  # until the stream ends
        assert stream.ended and len(parts) == 2
        assert time.monotonic() - started < HOLD_SECONDS - 1, "it waited for the hold limit"
        assert parts[-1].status == ipp.CLIENT_ERROR_NOT_FOUND
        assert events_in(parts[-1]) == []
    finally:
        stream.close()


def test_a_client_without_multipart_keeps_the_single_answer(proxy):
    # Held until the event, then one application/ipp response that ends wait mode.
    threading.Timer(0.5, lambda: proxy.update_output_device_attributes(
        state(ipp.PRINTER_STOPPED))).start()
    stream = EventStream(proxy, accept="application/ipp")
    try:
        assert stream.content_type == "application/ipp"
        answer = ipp.decode(stream.response.read())
        assert answer.status == ipp.SUCCESSFUL_OK
        assert answer.value("notify-get-interval") == 0
        assert [e.printer_state for e in events_in(answer)] == [ipp.PRINTER_STOPPED]
    finally:
        stream.close()


# --- revocation: a held request of a revoked device ends at once ------------------------------

LONG_HOLD = 30  # far beyond how long the revocation may take to reach a held request


@pytest.fixture
def long_holding_proxy(tmp_path: Path):
    with Cloud(tmp_path / "cloud", hold_seconds=LONG_HOLD) as running:
        printer = running.add_printer("Revoked", "Example PL-100")
        device = FakeProxy.for_printer(printer, DEVICE_UUID)
        assert device.update_output_device_attributes(state(ipp.PRINTER_IDLE)).ok
        assert device.create_printer_subscriptions(events=["printer-state-changed"]).ok
        yield running, printer, device


def revoke(cloud, printer):
    cloud._admin(["revoke-printer-token", "--db", cloud.db, "--printer-id",
                  str(printer.printer_id)])


def test_a_long_poll_of_a_revoked_device_is_refused_at_once(long_holding_proxy):
    cloud, printer, device = long_holding_proxy
    outcome = {}

    def poll():
        started = time.monotonic()
        try:
            device.get_notifications(wait=True, timeout=LONG_HOLD + 10)
            outcome["answer"] = "an IPP answer"
        except urllib.error.HTTPError as error:
            outcome["answer"] = error.code
            outcome["challenge"] = error.headers.get("WWW-Authenticate", "")
        outcome["seconds"] = time.monotonic() - started

    poller = threading.Thread(target=poll)
    poller.start()
    time.sleep(1)  # held by now
    revoke(cloud, printer)
    poller.join(LONG_HOLD)
    assert outcome.get("answer") == 401, outcome
    assert outcome["challenge"].startswith("Bearer")
    assert outcome["seconds"] < 5, outcome


def test_a_stream_of_a_revoked_device_ends_with_not_authenticated(long_holding_proxy):
    cloud, printer, device = long_holding_proxy
    stream = EventStream(device)
    try:
        assert len(stream.read_parts(1, timeout=5)) == 1
        started = time.monotonic()
        revoke(cloud, printer)
        parts = stream.read_parts(99, timeout=10)
        assert stream.ended and time.monotonic() - started < 5
        assert parts[-1].status == 0x0402  # client-error-not-authenticated
    finally:
        stream.close()


def test_the_connection_of_an_answered_long_poll_serves_the_next_request(proxy):
    """The long poll's connection is parked away from the server while held; once answered
    it goes back to the server, which reads the client's next request on it."""
    uri = urllib.parse.urlsplit(proxy.connection.uri)
    connection = http.client.HTTPConnection(uri.hostname, uri.port, timeout=HOLD_SECONDS + 10)
    headers = {"Content-Type": "application/ipp",
               "Authorization": proxy.connection.authorization}
    try:
        poll = proxy.connection.operation_group(
            "printer-uri",
            ipp.Attribute("notify-subscription-ids", ipp.INTEGER, proxy.subscription_id),
            ipp.Attribute("notify-sequence-numbers", ipp.INTEGER, proxy.next_sequence),
            ipp.Attribute("notify-wait", ipp.BOOLEAN, True))
        threading.Timer(0.5, lambda: proxy.update_output_device_attributes(
            state(ipp.PRINTER_PROCESSING))).start()
        connection.request("POST", uri.path, ipp.encode(ipp.GET_NOTIFICATIONS, [poll], 1),
                           headers)
        answer = connection.getresponse()
        assert answer.getheader("Connection", "").lower() != "close"
        events = events_in(ipp.decode(answer.read()))
        assert [e.printer_state for e in events] == [ipp.PRINTER_PROCESSING]
        socket_used = connection.sock

        # The same socket, again: first a plain request, then another held one.
        attributes = proxy.connection.operation_group("printer-uri")
        connection.request("POST", uri.path,
                           ipp.encode(ipp.GET_PRINTER_ATTRIBUTES, [attributes], 2), headers)
        reply = connection.getresponse()
        assert reply.status == 200 and ipp.decode(reply.read()).ok
        assert connection.sock is socket_used, "the connection was not kept"
        after = proxy.connection.operation_group(
            "printer-uri",
            ipp.Attribute("notify-subscription-ids", ipp.INTEGER, proxy.subscription_id),
            ipp.Attribute("notify-sequence-numbers", ipp.INTEGER, events[-1].sequence + 1),
            ipp.Attribute("notify-wait", ipp.BOOLEAN, True))
        started = time.monotonic()
        connection.request("POST", uri.path, ipp.encode(ipp.GET_NOTIFICATIONS, [after], 3),
                           headers)
        again = ipp.decode(connection.getresponse().read())
        assert again.ok and again.value("notify-get-interval") == 0
        assert time.monotonic() - started > HOLD_SECONDS - 1, "it was not held again"
        assert connection.sock is socket_used
    finally:
        connection.close()
