"""`make bench-slow-clients`: slow clients do not take a gunicorn worker behind nginx.

gunicorn's sync workers serve one connection each at a time, so a client that sends its headers or
its body slowly, or keeps its socket open after the response, holds a worker while it dawdles. In
the documented set-up (docs/DEPLOY.md) nginx sits in front and buffers: it reads the whole request
before passing it on and takes the whole response at once, and keep-alive ends at nginx.

This starts the app as production does (``gunicorn -c gunicorn.conf.py wsgi:app``, workers = CPU
cores, the real quiz on a throwaway SQLite database) and nginx in front of it with DEPLOY.md's
configuration (benchmarks/edge.py), both on 127.0.0.1. Then, once against gunicorn directly and
once through nginx, it opens N slow clients of one kind and, while they hang on, asks for a
statement page every 0.2 s with a normal client, timing each answer:

* **headers**: slowloris, a request line and then one more header line a second, never finished;
* **body**: a POST announcing a 4,000-byte body that arrives 10 bytes a second;
* **idle keep-alive**: a whole request, then the socket held open without a word.

Loopback only, every phase bounded (``--hold`` seconds, default 6). Not part of `make test`.

    python -m benchmarks.slow_clients [--clients 50] [--hold 6]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import threading
import time

from benchmarks.edge import Nginx
from benchmarks.http_bench import Server

PROBE_TIMEOUT = 3.0


def probe(port: int, path: str) -> float | None:
    """Seconds until a normal client has the whole statement page, or None (no answer in time)."""
    started = time.perf_counter()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=PROBE_TIMEOUT) as s:
            s.settimeout(PROBE_TIMEOUT)
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while chunk := s.recv(65536):
                data += chunk
                if time.perf_counter() - started > PROBE_TIMEOUT:
                    return None
    except OSError:
        return None
    return time.perf_counter() - started if data.startswith(b"HTTP/1.1 200") else None


class SlowClients:
    """N sockets of one kind, fed a little every second by one thread until closed."""

    def __init__(self, kind: str, port: int, count: int, path: str, post_path: str):
        self.kind, self.port, self.count, self.path, self.post_path = kind, port, count, path, post_path
        self.sockets: list[socket.socket] = []
        self.stop = threading.Event()

    def __enter__(self) -> "SlowClients":
        for _ in range(self.count):
            s = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            s.setblocking(False)
            if self.kind == "headers":
                first = f"GET {self.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            elif self.kind == "body":
                first = (f"POST {self.post_path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 4000\r\n\r\nstate=")
            else:  # idle keep-alive: one whole request, then nothing, the socket kept open
                first = f"GET {self.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            s.send(first.encode())
            self.sockets.append(s)
        self.thread = threading.Thread(target=self.trickle, daemon=True)
        self.thread.start()
        return self

    def trickle(self) -> None:
        while not self.stop.wait(1.0):
            for s in self.sockets:
                try:
                    if self.kind == "headers":
                        s.send(b"X-Slow: 1\r\n")
                    elif self.kind == "body":
                        s.send(b"a" * 10)
                    else:
                        s.recv(65536)  # read what came (the kernel would buffer it anyway), say nothing
                except OSError:
                    pass

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()
        for s in self.sockets:
            s.close()


def phase(port: int, path: str, hold: float) -> list[float | None]:
    times = []
    deadline = time.monotonic() + hold
    while time.monotonic() < deadline:
        started = time.monotonic()
        times.append(probe(port, path))
        time.sleep(max(0.0, 0.2 - (time.monotonic() - started)))
    return times


def summary(times: list[float | None]) -> str:
    answered = sorted(t * 1000 for t in times if t is not None)
    failed = len(times) - len(answered)
    if not answered:
        return f"| {len(times)} | 0 | – | – | {failed} |"
    fast = sum(1 for t in answered if t < 1000)
    return (f"| {len(times)} | {fast} | {statistics.median(answered):.1f} ms | {answered[-1]:.0f} ms | {failed} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--hold", type=float, default=6.0)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8820)))
    args = parser.parse_args()
    rows = []
    with Server(args.port) as app, Nginx(args.port + 2, [f"127.0.0.1:{args.port}"]) as edge:
        path = f"/q/{app.quiz}/{app.version}/1"
        post_path = f"/q/{app.quiz}/{app.version}/resultat"
        for target, port in (("gunicorn directly", app.port), ("nginx in front (DEPLOY.md)", edge.port)):
            for kind in ("none", "headers", "body", "idle keep-alive"):
                if kind == "none":
                    times = phase(port, path, args.hold / 2)
                else:
                    with SlowClients(kind, port, args.clients, path, post_path):
                        time.sleep(0.5)  # let them reach a worker (or nginx)
                        times = phase(port, path, args.hold)
                    time.sleep(2)  # the workers shake them off before the next kind
                label = "no slow clients" if kind == "none" else f"{args.clients} slow clients: {kind}"
                rows.append(f"| {target} | {label} " + summary(times))
                print(rows[-1], flush=True)
        # The access log keeps no answer string (DEPLOY.md's map): open a share link through nginx.
        from benchmarks.sample_quiz import full_answers
        from quiz.core.answers import version_check

        answers = full_answers(len(app.export["statements"])) + version_check(app.version)
        shared = probe(edge.port, f"/r/{app.quiz}/{app.version}/{answers}")
        time.sleep(0.5)
        logged = edge.access_log()
    workers = os.environ.get("WEB_CONCURRENCY", os.cpu_count())
    print(f"\n{os.cpu_count()} cores, gunicorn sync workers = {workers}; a normal client asks for a statement "
          f"page every 0.2 s while the slow clients hang on ({args.hold:.0f} s; an answer later than "
          f"{PROBE_TIMEOUT:.0f} s counts as none)\n")
    print("| in front of the workers | while | normal requests | answered within 1 s | median | slowest | "
          "no answer within 3 s |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    print("\n".join(rows))
    redacted = f"/r/{app.quiz}/{app.version}/REDACTED" in logged
    print(f"\nA share link opened through nginx ({'200' if shared else 'no answer'}); nginx's access log, "
          f"{len(logged.splitlines())} lines: the answer string {'FOUND' if answers in logged else 'absent'}, "
          f"the link logged as /r/…/REDACTED: {'yes' if redacted else 'NO'}")
    sys.exit(0 if redacted and answers not in logged else 1)


if __name__ == "__main__":
    main()
