"""A TLS-terminating reverse proxy for tests, doing what docs/DEPLOY.md's nginx does: HTTPS to the
browser, plain HTTP to gunicorn on 127.0.0.1 with ``Host``, ``X-Forwarded-For`` (appended) and
``X-Forwarded-Proto: https`` set. Its certificate is self-signed, made with ``openssl`` per run.

Why not a test client with an https base URL: the class flow broke only where the real pieces
meet (gunicorn's own reading of X-Forwarded-Proto, Flask-WTF's checks on a secure request,
cookies marked Secure), so the test goes through all of them.
"""

from __future__ import annotations

import http.client
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer"}


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """(certificate, key) for ``localhost`` and 127.0.0.1, valid for a day."""
    cert, key = folder / "proxy.crt", folder / "proxy.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )
    return cert, key


class TLSProxy:
    """``https://127.0.0.1:<port>`` in front of ``upstream`` (``host:port`` of gunicorn)."""

    def __init__(self, upstream: str, folder: Path, client_address: str = "203.0.113.25"):
        self.cert, key = self_signed_certificate(folder)
        upstream_host, upstream_port = upstream.rsplit(":", 1)
        # The address nginx would see the browser come from: every test browser here is "one school".
        forwarded_for = client_address

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet: the app's own log is what the tests read
                pass

            def forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                for name in ("X-Forwarded-For", "X-Forwarded-Proto"):  # nginx sets these, whatever came in
                    headers.pop(name, None)
                headers["X-Forwarded-For"] = self.headers.get("X-Test-Client", forwarded_for)
                headers.pop("X-Test-Client", None)
                headers["X-Forwarded-Proto"] = "https"
                upstream_conn = http.client.HTTPConnection(upstream_host, int(upstream_port), timeout=60)
                try:
                    upstream_conn.request(self.command, self.path, body=body, headers=headers)
                    response = upstream_conn.getresponse()
                    payload = response.read()
                    self.send_response(response.status, response.reason)
                    for name, value in response.getheaders():
                        if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                            self.send_header(name, value)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                finally:
                    upstream_conn.close()

            do_GET = do_POST = do_HEAD = forward

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, key)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.base = f"https://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def client_context(self) -> ssl.SSLContext:
        """What a browser that trusts this proxy's certificate would use."""
        return ssl.create_default_context(cafile=str(self.cert))

    def __enter__(self) -> "TLSProxy":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
