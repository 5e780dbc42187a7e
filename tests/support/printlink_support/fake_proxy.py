"""A Proxy for one Output Device (PWG 5100.18 §4.2), speaking to printlink-cloud with the
printer's Bearer token: one method per INFRA step, each returning the decoded answer so the
test decides what it expects. It follows one printer subscription the way a Proxy does: it
asks for the events after the last one it saw (RFC 3996 §5.1.2) and moves on when asked to.

With reconnect_within > 0 every request survives the cloud going away for that long: the
Proxy tries again with a short backoff until the cloud answers (§3.3.3)."""

from typing import Dict, Iterable, List, NamedTuple, Optional, Sequence

from . import ipp_wire as ipp
from .ipp_http import IppConnection, bearer

# What printlinkd subscribes to (docs/protocol.md §4).
PROXY_EVENTS = ("printer-state-changed", "printer-config-changed", "job-state-changed")


class Event(NamedTuple):
    """One Event Notification group (RFC 3996 §5.2, Table 3)."""
    subscription_id: int
    sequence: int
    subscribed_event: str
    printer_up_time: int
    text: str
    printer_state: int


def _first_value(group: ipp.Group, name: str, default=None):
    found = group.get(name)
    return found.value if found else default


def events_in(response: ipp.IppResponse) -> List[Event]:
    return [Event(_first_value(g, "notify-subscription-id"),
                  _first_value(g, "notify-sequence-number"),
                  _first_value(g, "notify-subscribed-event"),
                  _first_value(g, "printer-up-time"),
                  _first_value(g, "notify-text", ""),
                  _first_value(g, "printer-state"))
            for g in response.groups_of(ipp.EVENT_NOTIFICATION_GROUP)]


def job_ids_in(response: ipp.IppResponse) -> List[int]:
    """The job-id of each Job group (Get-Jobs answers one group per job)."""
    return [g.get("job-id").value for g in response.groups_of(ipp.JOB_GROUP) if g.get("job-id")]


class FakeProxy:
    def __init__(self, printer_uri: str, token: str, device_uuid: str, user: str = "proxy",
                 reconnect_within: float = 0.0, timeout: float = 20.0):
        self.device_uuid = device_uuid
        self.user = user
        self._token = token
        self.connection = IppConnection(printer_uri, bearer(token), timeout, reconnect_within)
        self.subscription_id: Optional[int] = None
        self.next_sequence = 1  # notify-sequence-numbers of the next Get-Notifications

    @classmethod
    def for_printer(cls, printer, device_uuid: str, **options) -> "FakeProxy":
        """For a RegisteredPrinter of printlink_support.cloud."""
        return cls(printer.printer_uri, printer.token, device_uuid, **options)

    def another_device(self, device_uuid: str) -> "FakeProxy":
        """The same printer's token, used by a second Output Device."""
        return FakeProxy(self.connection.uri, self._token, device_uuid, self.user,
                         self.connection.reconnect_within, self.connection.timeout)

    @property
    def lost_connections(self) -> int:
        return self.connection.lost_connections

    def call(self, operation: int, *operation_attributes: ipp.Attribute,
             groups: Iterable[ipp.Group] = (), timeout: Optional[float] = None,
             reconnect: Optional[bool] = None) -> ipp.IppResponse:
        """Any Proxy operation: the common operation attributes (§5: output-device-uuid,
        requesting-user-name), then these, then the other groups."""
        first = self.connection.operation_group(
            "printer-uri",
            ipp.Attribute("output-device-uuid", ipp.URI, self.device_uuid),
            ipp.Attribute("requesting-user-name", ipp.NAME, self.user),
            *operation_attributes)
        return self.connection.send(operation, [first, *groups], timeout=timeout,
                                    reconnect=reconnect)

    # --- the device and its subscription (§5.10, RFC 3995, RFC 3996) ----------------------

    def update_output_device_attributes(self, *printer_attributes: ipp.Attribute,
                                        **options) -> ipp.IppResponse:
        return self.call(ipp.UPDATE_OUTPUT_DEVICE_ATTRIBUTES,
                         groups=[ipp.Group(ipp.PRINTER_GROUP, list(printer_attributes))],
                         **options)

    def create_printer_subscriptions(self, events: Sequence[str] = PROXY_EVENTS,
                                     lease_seconds: int = 0) -> ipp.IppResponse:
        """Subscribes for ippget events; remembers the new subscription to follow it."""
        template = ipp.Group(ipp.SUBSCRIPTION_GROUP, [
            ipp.Attribute("notify-pull-method", ipp.KEYWORD, "ippget"),
            ipp.Attribute("notify-events", ipp.KEYWORD, list(events)),
            ipp.Attribute("notify-lease-duration", ipp.INTEGER, lease_seconds)])
        response = self.call(ipp.CREATE_PRINTER_SUBSCRIPTIONS, groups=[template])
        subscription_id = response.value("notify-subscription-id", ipp.SUBSCRIPTION_GROUP)
        if response.ok and subscription_id:
            self.subscription_id = subscription_id
            self.next_sequence = 1
        return response

    def get_notifications(self, wait: bool = False, advance: bool = True,
                          **options) -> ipp.IppResponse:
        """Get-Notifications for the followed subscription from the next sequence number;
        'advance' moves past the events answered, as a Proxy that handled them does."""
        if self.subscription_id is None:
            raise RuntimeError("no subscription to follow: call create_printer_subscriptions")
        response = self.call(
            ipp.GET_NOTIFICATIONS,
            ipp.Attribute("notify-subscription-ids", ipp.INTEGER, self.subscription_id),
            ipp.Attribute("notify-sequence-numbers", ipp.INTEGER, self.next_sequence),
            ipp.Attribute("notify-wait", ipp.BOOLEAN, wait),
            **options)
        events = events_in(response)
        if advance and response.ok and events:
            self.next_sequence = max(e.sequence for e in events) + 1
        return response

    def cancel_subscription(self, subscription_id: int, **options) -> ipp.IppResponse:
        """RFC 3995 §11.2.7; a Get-Notifications held on it is answered at once."""
        return self.call(ipp.CANCEL_SUBSCRIPTION,
                         ipp.Attribute("notify-subscription-id", ipp.INTEGER, subscription_id),
                         **options)

    # --- jobs (§5.3, §5.5-§5.7, §5.9, §5.1, §8.2) --------------------------------------------

    def get_job_attributes(self, job_id: int, **options) -> ipp.IppResponse:
        return self.call(ipp.GET_JOB_ATTRIBUTES, ipp.Attribute("job-id", ipp.INTEGER, job_id),
                         **options)

    def get_jobs_fetchable(self, **options) -> ipp.IppResponse:
        return self.call(ipp.GET_JOBS, ipp.Attribute("which-jobs", ipp.KEYWORD, "fetchable"),
                         **options)

    def fetchable_job_ids(self) -> List[int]:
        response = self.get_jobs_fetchable()
        if not response.ok:
            raise AssertionError(f"Get-Jobs which-jobs=fetchable: {response}")
        return job_ids_in(response)

    def fetch_job(self, job_id: int, **options) -> ipp.IppResponse:
        return self.call(ipp.FETCH_JOB, ipp.Attribute("job-id", ipp.INTEGER, job_id), **options)

    def acknowledge_job(self, job_id: int, fetch_status_code: Optional[int] = None,
                        **options) -> ipp.IppResponse:
        extra = [ipp.Attribute("job-id", ipp.INTEGER, job_id)]
        if fetch_status_code is not None:
            extra.append(ipp.Attribute("fetch-status-code", ipp.ENUM, fetch_status_code))
        return self.call(ipp.ACKNOWLEDGE_JOB, *extra, **options)

    def fetch_document(self, job_id: int, formats: Sequence[str] = ("application/pdf",),
                       document_number: int = 1, **options) -> ipp.IppResponse:
        """The document bytes are the answer's .data."""
        return self.call(ipp.FETCH_DOCUMENT,
                         ipp.Attribute("job-id", ipp.INTEGER, job_id),
                         ipp.Attribute("document-number", ipp.INTEGER, document_number),
                         ipp.Attribute("document-format-accepted", ipp.MIME_MEDIA_TYPE,
                                       list(formats)),
                         **options)

    def acknowledge_document(self, job_id: int, document_number: int = 1,
                             fetch_status_code: Optional[int] = None,
                             **options) -> ipp.IppResponse:
        extra = [ipp.Attribute("job-id", ipp.INTEGER, job_id),
                 ipp.Attribute("document-number", ipp.INTEGER, document_number)]
        if fetch_status_code is not None:
            extra.append(ipp.Attribute("fetch-status-code", ipp.ENUM, fetch_status_code))
        return self.call(ipp.ACKNOWLEDGE_DOCUMENT, *extra, **options)

    def update_job_status(self, job_id: int, state: int, reasons: Sequence[str] = (),
                          impressions: Optional[int] = None, message: Optional[str] = None,
                          **options) -> ipp.IppResponse:
        job = [ipp.Attribute("output-device-job-state", ipp.ENUM, state)]
        if reasons:
            job.append(ipp.Attribute("output-device-job-state-reasons", ipp.KEYWORD,
                                     list(reasons)))
        if message is not None:
            job.append(ipp.Attribute("output-device-job-state-message", ipp.TEXT, message))
        if impressions is not None:
            job.append(ipp.Attribute("job-impressions-completed", ipp.INTEGER, impressions))
        return self.call(ipp.UPDATE_JOB_STATUS, ipp.Attribute("job-id", ipp.INTEGER, job_id),
                         groups=[ipp.Group(ipp.JOB_GROUP, job)], **options)

    def update_active_jobs(self, jobs: Dict[int, int], **options) -> ipp.IppResponse:
        """jobs: job-id -> output-device-job-state of every job the device holds. The answer's
        job-ids/output-device-job-states (operation group) are what the cloud sees otherwise."""
        extra = []
        if jobs:
            extra = [ipp.Attribute("job-ids", ipp.INTEGER, list(jobs)),
                     ipp.Attribute("output-device-job-states", ipp.ENUM, list(jobs.values()))]
        return self.call(ipp.UPDATE_ACTIVE_JOBS, *extra, **options)
