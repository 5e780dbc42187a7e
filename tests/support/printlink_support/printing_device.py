"""An Output Device that prints: a thread playing the Proxy of one printer (PWG 5100.18 §4.2)
for as long as a test runs, so a client that waits for its job to end sees it end.

It reports its attributes, subscribes to its printer's events, and holds Get-Notifications
(notify-wait, RFC 3996 §5.2). Whenever an event says a job became fetchable (and once at the
start, for jobs that were waiting before it came), it asks Get-Jobs which-jobs=fetchable and
prints each job the way INFRA §4.2.5 describes: Fetch-Job, Acknowledge-Job, Fetch-Document,
Acknowledge-Document, Update-Job-Status processing, then completed with
job-impressions-completed. A client's Cancel-Job in between is honoured: the job is reported
canceled instead (Update-Active-Jobs tells the device, §5.7), and a job canceled or taken
before the device reached it is passed over.

The thread uses its own FakeProxy; the test's thread talks through a second connection with
the same device identity (report_printer, stop), so no connection is shared between threads.
A failure inside the thread is kept and raised by stop() or check(), never swallowed."""

import re
import threading
from typing import List, Optional, Sequence

from . import ipp_wire as ipp
from .fake_proxy import FakeProxy
from .waiting import wait_until

# Outcomes of a request that mean someone else got there first: the job was canceled by a
# client or taken by another device between the event and the device's request (§5.3, §5.6).
_GONE = (ipp.CLIENT_ERROR_NOT_FETCHABLE, ipp.CLIENT_ERROR_NOT_POSSIBLE,
         ipp.CLIENT_ERROR_NOT_FOUND)
_ENDED = (ipp.JOB_CANCELED, ipp.JOB_ABORTED, ipp.JOB_COMPLETED)


class DeviceError(AssertionError):
    """The cloud refused a step a printing device must be able to take."""


def _pages_in(document: bytes) -> int:
    """The page count of a PDF page tree (its /Count), else one page."""
    counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", document)]
    return max(counts) if counts else 1


def _fetchable_event(group: ipp.Group) -> bool:
    event = group.get("notify-event")
    reasons = group.get("job-state-reasons")
    return bool((event and event.value == "job-fetchable")
                or (reasons and "job-fetchable" in reasons.values))


class PrintingDevice:
    def __init__(self, proxy: FakeProxy, printer_attributes: Sequence[ipp.Attribute],
                 hold_timeout: float = 70.0):
        """printer_attributes: the device's first Update-Output-Device-Attributes; its
        document-format-supported is what the device accepts in Fetch-Document.
        hold_timeout: how long a held Get-Notifications may take (the cloud's hold limit,
        50 s by default, plus a margin)."""
        self.proxy = proxy
        self.control = proxy.another_device(proxy.device_uuid)
        self.printer_attributes = list(printer_attributes)
        self.hold_timeout = hold_timeout
        self.completed: List[int] = []  # job-ids the cloud shows completed after the report
        self.canceled: List[int] = []  # job-ids a client canceled while the device held them
        self.failure: Optional[BaseException] = None
        self._stopping = threading.Event()
        self._busy = threading.Event()
        self._thread = threading.Thread(target=self._run, name="printing-device", daemon=True)

    @property
    def accepted_formats(self) -> List[str]:
        for attribute in self.printer_attributes:
            if attribute.name == "document-format-supported":
                return list(attribute.values)
        return ["application/pdf"]

    # --- the test's side ----------------------------------------------------------------------

    def start(self) -> "PrintingDevice":
        self._require(self.proxy.update_output_device_attributes(*self.printer_attributes),
                      "Update-Output-Device-Attributes")
        self._require(self.proxy.create_printer_subscriptions(), "Create-Printer-Subscriptions")
        self._thread.start()
        return self

    def report_printer(self, *attributes: ipp.Attribute) -> ipp.IppResponse:
        """Update-Output-Device-Attributes from the test's thread (a printer state change)."""
        return self._require(self.control.update_output_device_attributes(*attributes),
                             "Update-Output-Device-Attributes")

    def check(self):
        """Raises what went wrong in the device's thread, if anything did."""
        if self.failure is not None:
            raise DeviceError(f"the printing device failed: {self.failure!r}") from self.failure
        if not self._thread.is_alive() and not self._stopping.is_set():
            raise DeviceError("the printing device stopped by itself")

    def wait_until_idle(self, timeout: float = 20.0):
        """Until no job waits to be fetched and the device holds none."""
        def idle():
            self.check()
            fetchable = self.control.get_jobs_fetchable()
            self._require(fetchable, "Get-Jobs which-jobs=fetchable")
            return not fetchable.groups_of(ipp.JOB_GROUP) and not self._busy.is_set()
        wait_until(idle, timeout, "the printing device to print every fetchable job", 0.1)

    def completed_in_cloud(self) -> List[int]:
        """The jobs the cloud shows completed (job-state 9) that were assigned to this
        device (Get-Jobs with output-device-uuid, docs/protocol.md §7.3)."""
        answer = self._require(self.control.call(
            ipp.GET_JOBS, ipp.Attribute("which-jobs", ipp.KEYWORD, "completed"),
            ipp.Attribute("requested-attributes", ipp.KEYWORD, ["job-id", "job-state"])),
            "Get-Jobs which-jobs=completed")
        return sorted(g.get("job-id").value for g in answer.groups_of(ipp.JOB_GROUP)
                      if g.get("job-state") and g.get("job-state").value == ipp.JOB_COMPLETED)

    def stop(self, timeout: float = 30.0):
        """Ends the thread: cancelling the subscription answers the held Get-Notifications at
        once (RFC 3995 §11.2.7). A job being printed is finished first."""
        self._stopping.set()
        if self._thread.is_alive() and self.proxy.subscription_id is not None:
            try:
                self.control.cancel_subscription(self.proxy.subscription_id, timeout=5)
            except OSError:
                pass  # the cloud is gone already; the held request fails and the thread ends
        self._thread.join(timeout)
        if self._thread.is_alive():
            raise DeviceError(f"the printing device did not stop within {timeout} s")
        if self.failure is not None:
            raise DeviceError(f"the printing device failed: {self.failure!r}") from self.failure

    # --- the device's thread ----------------------------------------------------------------

    def _run(self):
        try:
            self._print_fetchable()  # jobs that were fetchable before the device came
            while not self._stopping.is_set():
                answer = self.proxy.get_notifications(wait=True, timeout=self.hold_timeout)
                if self._stopping.is_set():
                    return
                self._require(answer, "Get-Notifications")
                events = answer.groups_of(ipp.EVENT_NOTIFICATION_GROUP)
                # An answer at the hold limit carries no event: look anyway, as a Proxy that
                # lost an event would.
                if not events or any(_fetchable_event(g) for g in events):
                    self._print_fetchable()
        except BaseException as error:  # kept for check() and stop(): never lost
            if not self._stopping.is_set():
                self.failure = error

    def _print_fetchable(self):
        self._busy.set()
        try:
            while True:
                jobs = self.proxy.fetchable_job_ids()
                if not jobs:
                    return
                for job_id in jobs:
                    self._print(job_id)
        finally:
            self._busy.clear()

    def _print(self, job_id: int):
        ticket = self.proxy.fetch_job(job_id)
        if ticket.status in _GONE:
            return
        self._require(ticket, f"Fetch-Job {job_id}")
        taken = self.proxy.acknowledge_job(job_id)
        if taken.status in _GONE:
            return
        self._require(taken, f"Acknowledge-Job {job_id}")

        document = self.proxy.fetch_document(job_id, self.accepted_formats)
        if document.status == ipp.CLIENT_ERROR_NOT_FETCHABLE:
            # A client canceled after Acknowledge-Job: the document does not go out (§7.2).
            self._end_canceled(job_id)
            return
        self._require(document, f"Fetch-Document {job_id}")
        self._require(self.proxy.acknowledge_document(job_id), f"Acknowledge-Document {job_id}")

        self._require(self.proxy.update_job_status(job_id, ipp.JOB_PROCESSING, ["job-printing"]),
                      f"Update-Job-Status {job_id} processing")
        if self._canceled_by_client(job_id):
            self._end_canceled(job_id)
            return
        copies = ticket.value("copies") or 1
        self._require(self.proxy.update_job_status(
            job_id, ipp.JOB_COMPLETED, impressions=_pages_in(document.data) * copies),
            f"Update-Job-Status {job_id} completed")
        # A cancel that came between the two reports wins (docs/protocol.md §7.2): record what
        # the cloud holds, not what the device said.
        if self._cloud_job_state(job_id) == ipp.JOB_COMPLETED:
            self.completed.append(job_id)
        else:
            self.canceled.append(job_id)

    def _canceled_by_client(self, job_id: int) -> bool:
        """Update-Active-Jobs (§5.7): the cloud answers canceled for a job a client canceled."""
        answer = self._require(self.proxy.update_active_jobs({job_id: ipp.JOB_PROCESSING}),
                               "Update-Active-Jobs")
        states = dict(zip(answer.values("job-ids"), answer.values("output-device-job-states")))
        return states.get(job_id) == ipp.JOB_CANCELED

    def _end_canceled(self, job_id: int):
        self._require(self.proxy.update_job_status(job_id, ipp.JOB_CANCELED),
                      f"Update-Job-Status {job_id} canceled")
        self.canceled.append(job_id)

    def _cloud_job_state(self, job_id: int) -> Optional[int]:
        answer = self._require(self.proxy.get_job_attributes(job_id),
                               f"Get-Job-Attributes {job_id}")
        return answer.value("job-state", ipp.JOB_GROUP)

    @staticmethod
    def _require(answer: ipp.IppResponse, what: str) -> ipp.IppResponse:
        if not answer.ok:
            raise DeviceError(f"{what}: {answer}")
        return answer
