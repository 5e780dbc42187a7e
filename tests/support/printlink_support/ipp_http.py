"""IPP over HTTP POST (RFC 8010 §3, RFC 8011 §4.1) to one printer URI with one credential,
for the fake Proxy and the fake client of the integration tests.

A connection asked to reconnect (reconnect_within > 0) treats a refused, reset or cut
connection the way a Proxy must (PWG 5100.18 §3.3.3): it tries again with a short, growing
backoff until the server answers or the time is up. HTTP errors (401, 403, ...) are answers,
not lost connections: they are raised at once."""

import base64
import http.client
import time
import urllib.error
import urllib.request
from typing import Iterable, Optional

from . import ipp_wire as ipp

FIRST_BACKOFF = 0.05
MAX_BACKOFF = 0.5


class ConnectionLost(ConnectionError):
    """The server could not be reached, or the connection ended before a whole answer."""


def bearer(token: str) -> str:
    return f"Bearer {token}"


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def _post(uri: str, body: bytes, authorization: Optional[str], timeout: float) -> bytes:
    headers = {"Content-Type": "application/ipp"}
    if authorization:
        headers["Authorization"] = authorization
    request = urllib.request.Request(uri, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError:
        raise
    except urllib.error.URLError as error:
        if isinstance(error.reason, OSError) and not isinstance(error.reason, TimeoutError):
            raise ConnectionLost(f"{uri}: {error.reason}") from error
        raise
    except (ConnectionError, http.client.HTTPException) as error:
        # Reset, or closed before the status line or in the middle of the body.
        raise ConnectionLost(f"{uri}: {type(error).__name__}: {error}") from error


class IppConnection:
    """Sends IPP requests to 'uri' with 'authorization' (an Authorization header value)."""

    def __init__(self, uri: str, authorization: Optional[str], timeout: float = 20.0,
                 reconnect_within: float = 0.0):
        self.uri = uri
        self.authorization = authorization
        self.timeout = timeout
        self.reconnect_within = reconnect_within
        self.lost_connections = 0  # how many times a request found the server unreachable
        self._request_id = 0

    def send(self, operation: int, groups: Iterable[ipp.Group], document: bytes = b"",
             timeout: Optional[float] = None, reconnect: Optional[bool] = None) -> ipp.IppResponse:
        """The decoded answer. 'reconnect' overrides the connection's own choice for this
        request (a test that wants to see a held request fail passes False)."""
        self._request_id += 1
        body = ipp.encode(operation, list(groups), self._request_id) + document
        patience = self.reconnect_within if reconnect is not False else 0.0
        if reconnect is True and patience <= 0:
            patience = 10.0
        deadline = time.monotonic() + patience
        backoff = FIRST_BACKOFF
        while True:
            try:
                return ipp.decode(_post(self.uri, body, self.authorization,
                                        timeout if timeout is not None else self.timeout))
            except ConnectionLost:
                self.lost_connections += 1
                if time.monotonic() + backoff > deadline:
                    raise
                time.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)

    def operation_group(self, target: str = "printer-uri",
                        *more: ipp.Attribute) -> ipp.Group:
        """The operation group every request opens with (RFC 8011 §4.1.4-§4.1.5)."""
        return ipp.Group(ipp.OPERATION_GROUP, [
            ipp.Attribute("attributes-charset", ipp.CHARSET, "utf-8"),
            ipp.Attribute("attributes-natural-language", ipp.NATURAL_LANGUAGE, "en"),
            ipp.Attribute(target, ipp.URI, self.uri),
            *more])
