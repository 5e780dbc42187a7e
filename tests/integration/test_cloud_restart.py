"""printlink-cloud restarted in the middle of the job flow (issue 3): "nothing lost, the proxy
reconnects". Each case runs one job from Create-Job to completed and stops the cloud after one
step, cleanly (SIGTERM, as a deploy does) or by a crash (SIGKILL), then starts it again while
the fake Proxy is already trying to reach it. After the restart:

- the job is exactly as before (the account's Get-Job-Attributes), never handed out twice (a
  second Output Device is refused once the job is assigned) and the document fetched is the
  bytes the client sent;
- the Proxy reconnects (PWG 5100.18 §4.2.2: Update-Output-Device-Attributes,
  Update-Active-Jobs, Get-Notifications) and finishes the job; ipptool then sees it completed;
- the printer subscription made before the restart still answers, its events recorded before
  the restart are delivered unchanged, and sequence numbers go on with no gap and no reuse.

One cloud serves every case of a restart kind (module-scoped fixture), so its subscription
and sequence numbers are carried through seven restarts. A last case cuts a held
Get-Notifications with the restart."""

import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List

import pytest

from printlink_support import ipp_wire as ipp
from printlink_support.cloud import Cloud, RegisteredPrinter
from printlink_support.fake_proxy import Event, FakeProxy, events_in
from printlink_support.ipp_http import ConnectionLost, basic
from printlink_support.print_client import PrintClient
from printlink_support.process import register_log
from printlink_support.waiting import wait_until

IPPTOOL = Path("/usr/bin/ipptool")
DEVICE_UUID = "urn:uuid:7c0ffee0-5e57-4a11-9b0b-000000000001"
OTHER_DEVICE_UUID = "urn:uuid:7c0ffee0-5e57-4a11-9b0b-000000000002"
# How long the Proxy keeps trying while the cloud is away, and how long the cloud is away.
RECONNECT_SECONDS = 20
DOWN_SECONDS = 0.3
# A held Get-Notifications ends after this (the hold limit of this test's cloud).
HOLD_SECONDS = 10

DEVICE_ATTRIBUTES = (
    ipp.Attribute("printer-state", ipp.ENUM, ipp.PRINTER_IDLE),
    ipp.Attribute("printer-state-reasons", ipp.KEYWORD, "none"),
    ipp.Attribute("document-format-supported", ipp.MIME_MEDIA_TYPE,
                  ["application/pdf", "application/octet-stream"]),
)

# The job flow; a case restarts the cloud after one of these steps.
STEPS = ("create-job", "send-document", "fetch-job", "acknowledge-job", "fetch-document",
         "acknowledge-document", "printing", "completed")
RESTART_POINTS = {
    "after-create-job": "create-job",  # before Send-Document
    "fetchable": "send-document",  # the job is fetchable, nobody fetched it
    "after-fetch-job": "fetch-job",  # before Acknowledge-Job
    "after-acknowledge-job": "acknowledge-job",  # before Fetch-Document
    "after-fetch-document": "fetch-document",  # before Acknowledge-Document
    "printing": "printing",  # the device reported processing, 1 of 2 impressions done
    "completed": "completed",  # the device reported the end
}
# job-state-changed events one job raises: created, fetchable, assigned (processing),
# printing (job-printing), completed. Acknowledge-Document and a progress-only report
# change neither job-state nor job-state-reasons (RFC 3995 §5.3.3.4.3).
JOB_STATE_EVENTS_PER_JOB = 5


@dataclass
class World:
    """One cloud, its printer, the account that prints and the Proxy of the printer's Output
    Device, kept for every case of one restart kind."""
    cloud: Cloud
    crash: bool
    password: str
    printer: RegisteredPrinter
    client: PrintClient
    proxy: FakeProxy
    events: List[Event] = field(default_factory=list)  # every event the Proxy took, in order


@pytest.fixture(scope="module", params=["clean", "crash"])
def world(request, tmp_path_factory):
    cloud = Cloud(tmp_path_factory.mktemp(request.param) / "cloud", hold_seconds=HOLD_SECONDS)
    cloud.start()
    try:
        password = cloud.add_user("carol", "user")
        printer = cloud.add_printer("Office", "PL-100")
        proxy = FakeProxy.for_printer(printer, DEVICE_UUID, reconnect_within=RECONNECT_SECONDS)
        client = PrintClient(printer.printer_uri, "carol", password,
                             reconnect_within=RECONNECT_SECONDS)
        assert proxy.update_output_device_attributes(*DEVICE_ATTRIBUTES).ok
        subscribed = proxy.create_printer_subscriptions()
        assert subscribed.status == ipp.SUCCESSFUL_OK, subscribed
        yield World(cloud, request.param == "crash", password, printer, client, proxy)
    finally:
        cloud.stop()


# --- the Proxy's side ------------------------------------------------------------------------

def take_events(world: World, wait: bool = False) -> List[Event]:
    """Get-Notifications from the Proxy's next sequence number; the subscription must still
    exist and the numbers must follow on from the last one taken."""
    proxy = world.proxy
    first = proxy.next_sequence
    answer = proxy.get_notifications(wait=wait, timeout=HOLD_SECONDS + 10)
    assert answer.status == ipp.SUCCESSFUL_OK, f"Get-Notifications: {answer}"
    events = events_in(answer)
    assert [e.sequence for e in events] == list(range(first, first + len(events))), \
        f"sequence numbers from {first}: {events}"
    assert {e.subscription_id for e in events} <= {proxy.subscription_id}, events
    world.events.extend(events)
    return events


def peek_events(world: World) -> List[Event]:
    """The events waiting for the Proxy, without taking them."""
    answer = world.proxy.get_notifications(advance=False)
    assert answer.status == ipp.SUCCESSFUL_OK, answer
    return events_in(answer)


def proxy_starts_again(world: World, held_jobs: Dict[int, int]) -> List[Event]:
    """What a Proxy does when its connection comes back (PWG 5100.18 §4.2.2): report the
    device (retrying until the cloud answers), sync the jobs it holds, ask for the events it
    has not seen. Returns those events."""
    proxy = world.proxy
    reported = proxy.update_output_device_attributes(*DEVICE_ATTRIBUTES)
    assert reported.status == ipp.SUCCESSFUL_OK, reported
    synced = proxy.update_active_jobs(held_jobs)
    # Every job the device holds is still assigned to it (none comes back unsupported), and
    # the cloud sees each as the device does (none comes back to be corrected).
    assert synced.status == ipp.SUCCESSFUL_OK, (synced, synced.groups)
    assert not set(held_jobs) & set(synced.values("job-ids")), synced.groups
    return take_events(world, wait=True)


class Background:
    """Runs fn() on a thread (after 'delay' seconds); join() gives its result or raises what
    it raised, in the test's thread."""

    def __init__(self, fn: Callable, delay: float = 0.0):
        self._outcome = {}
        self._thread = threading.Thread(target=self._run, args=(fn, delay), daemon=True)
        self._thread.start()

    def _run(self, fn, delay):
        time.sleep(delay)
        try:
            self._outcome["result"] = fn()
        except BaseException as error:
            self._outcome["error"] = error

    def running(self) -> bool:
        return self._thread.is_alive()

    def join(self, timeout: float = 60):
        self._thread.join(timeout)
        if self._thread.is_alive():
            raise AssertionError(f"still running after {timeout} s")
        if "error" in self._outcome:
            raise self._outcome["error"]
        return self._outcome["result"]


def stop_cloud(world: World):
    """SIGTERM (a clean stop must exit 0) or SIGKILL; afterwards nothing answers."""
    process = world.cloud.process
    if world.crash:
        assert process.kill() == -signal.SIGKILL
    else:
        assert process.stop() == 0, process.log_tail()
    with pytest.raises(ConnectionLost):
        world.proxy.get_jobs_fetchable(reconnect=False)


def restart_while_the_proxy_waits(world: World, held_jobs: Dict[int, int]) -> List[Event]:
    stop_cloud(world)
    lost_before = world.proxy.lost_connections
    # Started again a moment later, so that the Proxy meets it down and has to reconnect.
    starter = Background(world.cloud.start, delay=DOWN_SECONDS)
    try:
        events = proxy_starts_again(world, held_jobs)
    finally:
        starter.join()
    assert world.proxy.lost_connections > lost_before, "the Proxy never found the cloud down"
    return events


# --- one job through the flow ----------------------------------------------------------------

def _document(label: str) -> bytes:
    """Every byte value, so a document that is not passed through byte for byte shows."""
    return b"%PDF-1.4\n% restart " + label.encode() + b"\n" + bytes(range(256)) * 64 + b"%%EOF\n"


TICKET = (
    ipp.Attribute("copies", ipp.INTEGER, 2),
    ipp.Attribute("sides", ipp.KEYWORD, "two-sided-long-edge"),
    ipp.Attribute("media-col", ipp.BEGIN_COLLECTION, ipp.Collection.of(
        ipp.Attribute("media-size", ipp.BEGIN_COLLECTION, ipp.Collection.of(
            ipp.Attribute("x-dimension", ipp.INTEGER, 21000),
            ipp.Attribute("y-dimension", ipp.INTEGER, 29700))),
        ipp.Attribute("media-type", ipp.KEYWORD, "stationery"))),
)


class JobFlow:
    """One job taken step by step by the client and the Proxy; knows what each step leaves
    behind, so it can check after a restart that all of it is still there."""

    def __init__(self, world: World, label: str):
        self.world = world
        self.label = label
        self.document = _document(label)
        self.job_id = None
        self.done: List[str] = []
        self.held: Dict[int, int] = {}  # what the device would list in Update-Active-Jobs

    def run(self, step: str):
        getattr(self, step.replace("-", "_"))()
        self.done.append(step)

    # The steps, in STEPS order.

    def create_job(self):
        created = self.world.client.create_job(f"restart {self.label}", TICKET)
        assert created.status == ipp.SUCCESSFUL_OK, created
        assert created.value("job-state") == ipp.JOB_PENDING
        self.job_id = created.value("job-id")

    def send_document(self):
        sent = self.world.client.send_document(self.job_id, self.document)
        assert sent.status == ipp.SUCCESSFUL_OK, sent
        assert sent.value("job-state") == ipp.JOB_PROCESSING_STOPPED
        assert "job-fetchable" in sent.values("job-state-reasons")

    def fetch_job(self):
        assert self.world.proxy.fetchable_job_ids().count(self.job_id) == 1
        ticket = self.world.proxy.fetch_job(self.job_id)
        assert ticket.status == ipp.SUCCESSFUL_OK, ticket
        assert ticket.values("copies") == [2] and ticket.values("sides") == ["two-sided-long-edge"]
        assert ticket.value("media-col") == TICKET[2].value, ticket.value("media-col")
        assert ticket.values("job-originating-user-name") == ["carol"]

    def acknowledge_job(self):
        taken = self.world.proxy.acknowledge_job(self.job_id)
        assert taken.status == ipp.SUCCESSFUL_OK, taken
        self.held = {self.job_id: ipp.JOB_PENDING}
        self.check_held_by_the_device_only()

    def fetch_document(self):
        self.check_document_is_fetched_whole()

    def acknowledge_document(self):
        acknowledged = self.world.proxy.acknowledge_document(self.job_id)
        assert acknowledged.status == ipp.SUCCESSFUL_OK, acknowledged
        again = self.world.proxy.fetch_document(self.job_id)
        assert again.status == ipp.CLIENT_ERROR_NOT_FETCHABLE, again

    def printing(self):
        reported = self.world.proxy.update_job_status(
            self.job_id, ipp.JOB_PROCESSING, ["job-printing"], impressions=1)
        assert reported.status == ipp.SUCCESSFUL_OK, reported
        self.held = {self.job_id: ipp.JOB_PROCESSING}

    def completed(self):
        for state in (ipp.JOB_PROCESSING, ipp.JOB_COMPLETED):
            reported = self.world.proxy.update_job_status(self.job_id, state, impressions=2)
            assert reported.status == ipp.SUCCESSFUL_OK, reported
        self.held = {}

    # What the steps done so far must have left behind.

    def check_held_by_the_device_only(self):
        assert self.job_id not in self.world.proxy.fetchable_job_ids()
        other = self.world.proxy.another_device(OTHER_DEVICE_UUID)
        assert self.job_id not in other.fetchable_job_ids()
        for refused in (other.fetch_job(self.job_id), other.acknowledge_job(self.job_id),
                        other.fetch_document(self.job_id)):
            assert refused.status == ipp.CLIENT_ERROR_NOT_POSSIBLE, refused

    def check_document_is_fetched_whole(self):
        fetched = self.world.proxy.fetch_document(self.job_id)
        assert fetched.status == ipp.SUCCESSFUL_OK, fetched
        assert fetched.values("document-format", ipp.DOCUMENT_GROUP) == ["application/pdf"]
        assert fetched.data == self.document, \
            f"{len(fetched.data)} bytes fetched, {len(self.document)} sent"

    def check_after_restart(self):
        proxy = self.world.proxy
        if "acknowledge-job" in self.done:
            self.check_held_by_the_device_only()
        elif "send-document" in self.done:
            assert proxy.fetchable_job_ids().count(self.job_id) == 1
        else:
            assert self.job_id not in proxy.fetchable_job_ids()
            assert proxy.fetch_job(self.job_id).status == ipp.CLIENT_ERROR_NOT_FETCHABLE
        if "fetch-document" in self.done and "acknowledge-document" not in self.done:
            self.check_document_is_fetched_whole()  # not acknowledged: may be fetched again
        if "completed" in self.done:
            assert proxy.fetch_job(self.job_id).status == ipp.CLIENT_ERROR_NOT_FETCHABLE

    def client_view(self) -> Dict[str, list]:
        """The job as the account sees it, less what moves by itself."""
        answer = self.world.client.get_job_attributes(self.job_id)
        assert answer.status == ipp.SUCCESSFUL_OK, answer
        return {a.name: a.values for g in answer.groups_of(ipp.JOB_GROUP)
                for a in g.attributes if a.name != "job-printer-up-time"}


def ipptool_sees_completed(world: World, job_id: int, tmp_path: Path):
    test = tmp_path / "completed.test"
    test.write_text("""{
  NAME "Get-Job-Attributes after the restart"
  OPERATION Get-Job-Attributes
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR name requesting-user-name $user
  ATTR integer job-id $job
  STATUS successful-ok
  EXPECT job-state OF-TYPE enum WITH-VALUE 9
  EXPECT job-state-reasons OF-TYPE keyword WITH-VALUE job-completed-successfully
  EXPECT job-impressions-completed OF-TYPE integer WITH-VALUE 2
  EXPECT output-device-uuid-assigned OF-TYPE uri WITH-VALUE "$device"
}
""")
    uri = world.printer.printer_uri.replace("http://", f"ipp://carol:{world.password}@", 1)
    result = subprocess.run([str(IPPTOOL), "-t", "-T", "20", "-d", f"job={job_id}",
                             "-d", f"device={DEVICE_UUID}", uri, str(test)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"ipptool:\n{result.stdout}{result.stderr}"


# --- the cases -------------------------------------------------------------------------------

@pytest.mark.parametrize("point", RESTART_POINTS)
def test_a_restart_in_the_job_flow_loses_nothing_and_the_proxy_finishes(world, point, tmp_path):
    register_log(world.cloud.process)  # started before this test: its log goes with a failure
    flow = JobFlow(world, point)
    taken_before = len(world.events)
    for step in STEPS:
        flow.run(step)
        if step != RESTART_POINTS[point]:
            continue
        # The Proxy has not taken this job's events yet: they wait across the restart.
        waiting = peek_events(world)
        assert waiting, "no event waits for the Proxy before the restart"
        seen_by_client = flow.client_view()

        delivered = restart_while_the_proxy_waits(world, flow.held)

        assert delivered[:len(waiting)] == waiting, "events recorded before the restart"
        assert flow.client_view() == seen_by_client
        flow.check_after_restart()

    take_events(world)
    taken = world.events[taken_before:]
    job_events = [e for e in taken if e.subscribed_event == "job-state-changed"]
    assert len(job_events) == JOB_STATE_EVENTS_PER_JOB, taken
    up_times = [e.printer_up_time for e in world.events]
    assert up_times == sorted(up_times), "printer-up-time went back across a restart"
    spooled = Path(f"{world.cloud.db}.spool") / f"job-{flow.job_id}.document"
    assert not spooled.exists(), "an ended job's document stays in the spool"
    ipptool_sees_completed(world, flow.job_id, tmp_path)


def test_a_held_get_notifications_cut_by_the_restart_ends_cleanly_and_nothing_is_missed(world):
    """The Proxy holds a Get-Notifications (notify-wait) when the cloud stops: a clean stop
    answers it (no events, notify-get-interval 0), a crash ends the connection. A job the
    client sends meanwhile reaches the Proxy's next poll, and a poll held on the restarted
    cloud is woken by the next event."""
    register_log(world.cloud.process)
    proxy = world.proxy
    take_events(world)  # nothing waits: the poll below is held

    def held_poll():
        started = time.monotonic()
        try:
            answer = proxy.get_notifications(wait=True, reconnect=False,
                                             timeout=HOLD_SECONDS + 10)
        except ConnectionLost as error:
            answer = error
        return answer, time.monotonic() - started

    answered_at_stop = "answering 1 held requests before stopping"
    answered_before = world.cloud.process.log_text().count(answered_at_stop)
    poll = Background(held_poll)
    time.sleep(1.0)
    assert poll.running(), f"the poll was not held: {poll.join()}"
    stop_cloud(world)
    answer, seconds = poll.join(5)
    assert seconds < HOLD_SECONDS, "the held poll outlived the cloud"
    if world.crash:
        assert isinstance(answer, ConnectionLost), answer
    else:
        assert isinstance(answer, ipp.IppResponse), answer
        assert answer.status == ipp.SUCCESSFUL_OK, answer
        assert events_in(answer) == []
        assert answer.value("notify-get-interval") == 0
        log = world.cloud.process.log_text()
        assert log.count(answered_at_stop) == answered_before + 1, "the poll was not held"

    world.cloud.start()
    printed = world.client.print_job(_document("held poll"), job_name="after the held poll")
    assert printed.status == ipp.SUCCESSFUL_OK, printed
    started = time.monotonic()
    pending = take_events(world, wait=True)
    assert [e.subscribed_event for e in pending] == ["job-state-changed"], pending
    assert time.monotonic() - started < HOLD_SECONDS / 2, "the pending event was held back"

    # A poll held on the restarted cloud is answered by the next event.
    poll = Background(lambda: take_events(world, wait=True))
    time.sleep(0.5)
    assert poll.running(), "the poll was not held"
    canceled = world.client.cancel_job(printed.value("job-id"))
    assert canceled.status == ipp.SUCCESSFUL_OK, canceled
    woken = poll.join(HOLD_SECONDS / 2)
    assert [e.subscribed_event for e in woken] == ["job-state-changed"], woken


def test_a_crash_during_an_upload_leaves_no_job_and_the_start_clears_the_spool(tmp_path):
    """kill -9 while a Print-Job's document is arriving: the document was going to a part file
    (never to memory), no job exists yet (its row commits only with the document), and the
    next start removes the part file, and a document no job holds, with a log line each. The
    client, which got no answer, prints again and that job is whole."""
    cloud = Cloud(tmp_path / "cloud")
    cloud.start()
    try:
        password = cloud.add_user("carol", "user")
        printer = cloud.add_printer("Office", "PL-100")
        client = PrintClient(printer.printer_uri, "carol", password)
        spool = Path(f"{cloud.db}.spool")
        document = _document("upload") * 200  # about 3 MiB

        message = ipp.encode(ipp.PRINT_JOB, [client.connection.operation_group(
            "printer-uri", ipp.Attribute("requesting-user-name", ipp.NAME, "carol"),
            ipp.Attribute("document-format", ipp.MIME_MEDIA_TYPE, "application/pdf"))])
        host, port = "127.0.0.1", cloud.port
        with socket.create_connection((host, port), timeout=10) as upload:
            upload.sendall(
                f"POST /ipp/print/{printer.printer_id} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                f"Content-Type: application/ipp\r\nAuthorization: {basic('carol', password)}\r\n"
                f"Content-Length: {len(message) + 4 * len(document)}\r\n\r\n".encode()
                + message + document)
            wait_until(lambda: [p.name for p in spool.glob("*.part")], 10,
                       "the part file of the upload")
            assert [p.name for p in spool.glob("*.document")] == []
            assert cloud.process.kill() == -signal.SIGKILL
        (spool / "job-4242.document").write_bytes(b"no job holds this")

        cloud.start()
        assert list(spool.iterdir()) == [], "the start left the spool as the crash did"
        log = cloud.process.log_text()
        assert "from the spool: an upload a stop cut short" in log, log
        assert "removed job-4242.document from the spool: no unfinished job 4242" in log, log
        listed = client.call(ipp.GET_JOBS, ipp.Attribute("which-jobs", ipp.KEYWORD, "all"))
        assert listed.status == ipp.SUCCESSFUL_OK, listed
        assert listed.values("job-id") == [], "a job without its document"

        printed = client.print_job(document)
        assert printed.status == ipp.SUCCESSFUL_OK, printed
        proxy = FakeProxy.for_printer(printer, DEVICE_UUID)
        assert proxy.update_output_device_attributes(*DEVICE_ATTRIBUTES).ok
        fetched = proxy.fetch_document(printed.value("job-id"))
        assert fetched.status == ipp.SUCCESSFUL_OK, fetched
        assert fetched.data == document
    finally:
        cloud.stop()
