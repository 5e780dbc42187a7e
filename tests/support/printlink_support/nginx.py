"""nginx as the firmware repository's HTTP server (ENV.md trap 13): foreground, own prefix,
loopback port, static files with ETag and Range. Its access log records status and body
bytes per request, so tests can add up what a download really cost. Optionally it also takes
WebDAV PUTs under /upload/ (the benchmarks' peer)."""

import os
from pathlib import Path

from .net import free_port, port_accepts
from .process import ServerProcess

_NGINX_CONF = """\
{user}
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log info;
events {{ worker_connections 256; }}
http {{
    client_body_temp_path {dir}/tmp/client_body;
    proxy_temp_path {dir}/tmp/proxy;
    fastcgi_temp_path {dir}/tmp/fastcgi;
    uwsgi_temp_path {dir}/tmp/uwsgi;
    scgi_temp_path {dir}/tmp/scgi;
    types {{
        application/json json;
        text/plain sig;
        application/octet-stream bin;
    }}
    default_type application/octet-stream;
    log_format transfer '$status $body_bytes_sent $request_method $uri "$http_range" $request_time';
    access_log {dir}/access.log transfer;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location /images/ {{
            {rate}
        }}
        {uploads}
    }}
}}
"""


class AccessRecord:
    def __init__(self, status: int, body_bytes: int, method: str, uri: str, range_header: str,
                 seconds: float):
        self.status = status
        self.body_bytes = body_bytes
        self.method = method
        self.uri = uri
        self.range = range_header
        self.seconds = seconds  # nginx's $request_time: first byte read to last byte sent

    def __repr__(self):
        return f"<{self.method} {self.uri} {self.status} {self.body_bytes}B range={self.range!r}>"


class Nginx:
    def __init__(self, workdir: Path, root: Path, limit_rate: str = None,
                 max_upload: str = None):
        """limit_rate, e.g. '2m' (bytes per second, nginx syntax), slows image downloads;
        max_upload, e.g. '300m' (nginx syntax), accepts PUTs of up to that size under /upload/
        (stored in root/upload/)."""
        self.dir = Path(workdir)
        self.root = Path(root)
        self.limit_rate = limit_rate
        self.max_upload = max_upload
        self.port = free_port()
        self.access_log = self.dir / "access.log"
        self.process = ServerProcess(
            "nginx",
            ["nginx", "-c", self.dir / "nginx.conf", "-p", self.dir, "-e", self.dir / "error.log",
             "-g", "daemon off;"],
            self.dir / "nginx.out")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        (self.dir / "tmp").mkdir(parents=True, exist_ok=True)
        # As root the master would hand requests to workers running as nobody, who cannot
        # read a private temporary tree.
        user = "user root root;" if os.geteuid() == 0 else ""
        rate = f"limit_rate {self.limit_rate};" if self.limit_rate else ""
        uploads = ""
        if self.max_upload:
            (self.root / "upload").mkdir(parents=True, exist_ok=True)
            uploads = ("location /upload/ { dav_methods PUT; create_full_put_path on; "
                       f"client_max_body_size {self.max_upload}; }}")
        (self.dir / "nginx.conf").write_text(_NGINX_CONF.format(
            user=user, dir=self.dir, port=self.port, root=self.root, rate=rate,
            uploads=uploads))
        self.process.start()
        self.process.wait_ready(lambda: port_accepts(self.port), 10, f"listening on {self.port}")
        return self

    def stop(self):
        self.process.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def records(self):
        """Every completed request so far, in order."""
        if not self.access_log.exists():
            return []
        out = []
        for line in self.access_log.read_text().splitlines():
            status, size, method, uri, rest = line.split(" ", 4)
            rng, _, seconds = rest.rpartition(" ")
            out.append(AccessRecord(int(status), int(size), method, uri, rng.strip('"'),
                                    float(seconds)))
        return out

    def bytes_served(self, uri: str) -> int:
        """Body bytes sent for `uri` (e.g. '/images/MainController-83.00.bin') in total."""
        return sum(r.body_bytes for r in self.records() if r.uri == uri)

    def requests_for(self, uri: str):
        return [r for r in self.records() if r.uri == uri]
