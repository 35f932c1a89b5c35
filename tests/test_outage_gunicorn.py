"""A real app process (gunicorn with gunicorn.conf.py) started while its database is away, then
the database comes back (issue 20, point 4): 503 with Retry-After and no-store meanwhile, never a
404 or an empty list; /healthz says the process lives, /readyz that it cannot serve yet; then it
serves the quiz by itself. SQLite: the database file's folder appears; PostgreSQL: a port that
refuses connections starts passing them on to the server."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time

from sqlalchemy.engine import make_url

from tests.conftest import FIXTURES
from tests.helpers.instances import AppInstance, request


class Gate:
    """A TCP port in front of the PostgreSQL server: closed (every connection dropped at once, as
    a server that is down) until ``open()``, then passing connections on."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.is_open = False
        threading.Thread(target=self._serve, daemon=True).start()

    def open(self) -> None:
        self.is_open = True

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.is_open:
                client.close()
                continue
            server = socket.create_connection(self.target)
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        self.listener.close()


def test_a_worker_started_during_an_outage_answers_503_until_the_database_is_back(make_app, database_url, tmp_path):
    version = make_app().extensions["catalog"].latest("mini").version  # published while the database was there
    url = make_url(database_url)
    gate = None
    if url.drivername.startswith("sqlite"):
        folder = tmp_path / "database-folder-not-there-yet"
        away_url = f"sqlite:///{folder / 'valkompass.sqlite'}"

        def bring_back():
            folder.mkdir()
            shutil.copyfile(url.database, folder / "valkompass.sqlite")
    else:
        gate = Gate(url.host or "127.0.0.1", url.port or 5432)
        away_url = url.set(host="127.0.0.1", port=gate.port).render_as_string(hide_password=False)
        bring_back = gate.open
    instance = AppInstance({
        **os.environ, "FLASK_APP": "wsgi", "DATABASE_URL": away_url, "SECRET_KEY": "s", "CONTENT_DIR": str(FIXTURES),
        "INSTANCE_PATH": str(tmp_path / "instance"), "DATABASE_CONNECT_TIMEOUT": "2",
    }, tmp_path / "gunicorn.log")
    try:
        instance.start().wait_until_ready()  # /healthz: the process answers
        for path in ("/", "/q/mini/", f"/q/mini/{version}/1", "/embed/q/mini/", "/api/v1/quizzes", "/readyz"):
            status, body, headers = request(instance, path)
            assert status == 503, (path, status, body[:200])
            assert headers.get("Retry-After") and headers.get("Cache-Control") == "no-store", path
        bring_back()
        deadline = time.monotonic() + 30
        while request(instance, "/readyz")[0] != 200:
            assert time.monotonic() < deadline, instance.log()
            time.sleep(0.2)
        status, body, headers = request(instance, "/")
        assert status == 200 and "Miniquiz" in body and "public" in headers["Cache-Control"]
        assert request(instance, f"/q/mini/{version}/1")[0] == 200
    finally:
        instance.stop()
        if gate:
            gate.close()
