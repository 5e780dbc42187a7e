"""A TCP relay on a loopback port in front of a server (the cloud) that passes everything
through, except that it cuts the connection carrying the answer to one chosen IPP operation
once that answer has passed a number of bytes: a connection dropped mid-document, as a
flaky network does it. Requests are plain HTTP with the IPP message right after the
headers, so the operation is read from the two bytes after the IPP version."""

import socket
import threading

from .net import free_port


class CuttingRelay:
    def __init__(self, target_port: int, operation: int, cut_after: int, times: int = 1):
        self.port = free_port()
        self.target_port = target_port
        self.operation = operation
        self.cut_after = cut_after
        self.times_left = times
        self.cuts = 0  # how many answers were cut
        self._lock = threading.Lock()
        self._listener = None
        self._stopping = False
        self._sockets = []

    def start(self):
        self._listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def stop(self):
        self._stopping = True
        with self._lock:
            sockets = list(self._sockets)
        for s in [self._listener, *sockets]:
            try:
                s.close()
            except OSError:
                pass

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def _accept(self):
        while not self._stopping:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target_port))
            with self._lock:
                self._sockets += [client, server]
            # One flag per connection: its next answer is to be cut.
            state = {"cut_next": False, "passed": 0}
            threading.Thread(target=self._requests, args=(client, server, state), daemon=True).start()
            threading.Thread(target=self._answers, args=(server, client, state), daemon=True).start()

    def _requests(self, client, server, state):
        pending = b""
        while True:
            try:
                data = client.recv(65536)
            except OSError:
                data = b""
            if not data:
                self._close(client, server)
                return
            pending = (pending + data)[-70000:]
            end = pending.find(b"\r\n\r\n")
            if end >= 0 and len(pending) >= end + 8:
                body = pending[end + 4:]
                if body[0] in (1, 2) and int.from_bytes(body[2:4], "big") == self.operation:
                    with self._lock:
                        if self.times_left > 0:
                            self.times_left -= 1
                            state["passed"] = 0
                            state["cut_next"] = True
                pending = b""
            try:
                server.sendall(data)
            except OSError:
                self._close(client, server)
                return

    def _answers(self, server, client, state):
        while True:
            try:
                data = server.recv(65536)
            except OSError:
                data = b""
            if not data:
                self._close(client, server)
                return
            if state["cut_next"]:
                passed = state["passed"]
                if passed + len(data) >= self.cut_after:
                    client.sendall(data[:self.cut_after - passed])
                    with self._lock:
                        self.cuts += 1
                    self._close(client, server)
                    return
                state["passed"] = passed + len(data)
            try:
                client.sendall(data)
            except OSError:
                self._close(client, server)
                return

    @staticmethod
    def _close(*sockets):
        for s in sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            try:
                s.close()
            except OSError:
                pass
