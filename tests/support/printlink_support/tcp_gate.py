"""A loopback TCP relay with a gate on the way in: bytes from the server always come back, bytes
to the server pass only while the gate is open. Closed, it holds whatever a client sends, so a
test can let printlinkd hear a cloud event and keep the request it answers with from ever
arriving: the device then stays in the state between the two (the crash sweep's `requested`).
drop_all() ends every relayed connection and throws away what was held, as a crash of the
client would."""

import socket
import threading

from .net import free_port


class _Relay:
    def __init__(self, client: socket.socket, server: socket.socket, gate: threading.Event):
        self.client = client
        self.server = server
        self.gate = gate
        self.dropped = threading.Event()

    def start(self):
        threading.Thread(target=self._pump_to_server, daemon=True).start()
        threading.Thread(target=self._pump_to_client, daemon=True).start()

    def _pump_to_server(self):
        try:
            while True:
                data = self.client.recv(65536)
                if not data:
                    break
                while not self.gate.wait(0.05):
                    if self.dropped.is_set():
                        return
                if self.dropped.is_set():
                    return
                self.server.sendall(data)
        except OSError:
            pass
        finally:
            self.drop()

    def _pump_to_client(self):
        try:
            while True:
                data = self.server.recv(65536)
                if not data:
                    break
                self.client.sendall(data)
        except OSError:
            pass
        finally:
            self.drop()

    def drop(self):
        if self.dropped.is_set():
            return
        self.dropped.set()
        for s in (self.client, self.server):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()


class TcpGate:
    name = "tcp-gate"

    def __init__(self, upstream_port: int):
        self.upstream_port = upstream_port
        self.port = free_port()
        self._open = threading.Event()
        self._open.set()
        self._relays = []
        self._lock = threading.Lock()
        self._listener = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self._listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def stop(self):
        if self._listener:
            self._listener.close()
            self._listener = None
        self.open()
        self.drop_all()

    def close(self):
        """From now on, what clients send is held (what was already relayed stays delivered)."""
        self._open.clear()

    def open(self):
        self._open.set()

    def drop_all(self):
        with self._lock:
            relays, self._relays = self._relays, []
        for relay in relays:
            relay.drop()

    def _accept(self):
        while self._listener is not None:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(("127.0.0.1", self.upstream_port))
            except OSError:
                client.close()
                continue
            relay = _Relay(client, server, self._open)
            with self._lock:
                self._relays = [r for r in self._relays if not r.dropped.is_set()] + [relay]
            relay.start()
