"""A person printing to a printlink-cloud printer with a cloud account (HTTP Basic,
docs/protocol.md §7.1): the client operations of RFC 8011 as methods returning the decoded
answer. ipptool plays the same part where a test wants CUPS's own client."""

from typing import Iterable, Optional, Sequence

from . import ipp_wire as ipp
from .ipp_http import IppConnection, basic


def _job_group(job_attributes: Sequence[ipp.Attribute]) -> list:
    return [ipp.Group(ipp.JOB_GROUP, list(job_attributes))] if job_attributes else []


class PrintClient:
    def __init__(self, printer_uri: str, user: str, password: str,
                 reconnect_within: float = 0.0, timeout: float = 20.0):
        self.user = user
        self.connection = IppConnection(printer_uri, basic(user, password), timeout,
                                        reconnect_within)

    def call(self, operation: int, *operation_attributes: ipp.Attribute,
             groups: Iterable[ipp.Group] = (), document: bytes = b"",
             **options) -> ipp.IppResponse:
        first = self.connection.operation_group(
            "printer-uri", ipp.Attribute("requesting-user-name", ipp.NAME, self.user),
            *operation_attributes)
        return self.connection.send(operation, [first, *groups], document, **options)

    def print_job(self, document: bytes, document_format: str = "application/pdf",
                  job_name: str = "test", job_attributes: Sequence[ipp.Attribute] = (),
                  **options) -> ipp.IppResponse:
        return self.call(ipp.PRINT_JOB,
                         ipp.Attribute("job-name", ipp.NAME, job_name),
                         ipp.Attribute("document-format", ipp.MIME_MEDIA_TYPE, document_format),
                         groups=_job_group(job_attributes), document=document, **options)

    def create_job(self, job_name: str = "test", job_attributes: Sequence[ipp.Attribute] = (),
                   **options) -> ipp.IppResponse:
        return self.call(ipp.CREATE_JOB, ipp.Attribute("job-name", ipp.NAME, job_name),
                         groups=_job_group(job_attributes), **options)

    def send_document(self, job_id: int, document: bytes,
                      document_format: str = "application/pdf", last_document: bool = True,
                      **options) -> ipp.IppResponse:
        return self.call(ipp.SEND_DOCUMENT,
                         ipp.Attribute("job-id", ipp.INTEGER, job_id),
                         ipp.Attribute("document-format", ipp.MIME_MEDIA_TYPE, document_format),
                         ipp.Attribute("last-document", ipp.BOOLEAN, last_document),
                         document=document, **options)

    def get_job_attributes(self, job_id: int, requested: Optional[Sequence[str]] = None,
                           **options) -> ipp.IppResponse:
        extra = [ipp.Attribute("job-id", ipp.INTEGER, job_id)]
        if requested:
            extra.append(ipp.Attribute("requested-attributes", ipp.KEYWORD, list(requested)))
        return self.call(ipp.GET_JOB_ATTRIBUTES, *extra, **options)

    def cancel_job(self, job_id: int, **options) -> ipp.IppResponse:
        return self.call(ipp.CANCEL_JOB, ipp.Attribute("job-id", ipp.INTEGER, job_id),
                         **options)
