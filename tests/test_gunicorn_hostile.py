"""What a test client cannot send, through gunicorn with the project's own gunicorn.conf.py: a
malformed chunked body is a 4xx (it was a 500), and neither gunicorn's error log nor its access
log (switched on here, with its default format: the request line and the Referer) ever holds an
answer string, whatever the request (share links, embed share links with a forged host and a bad
theme, a request line gunicorn cannot parse, answers in a query string or a Referer)."""

from __future__ import annotations

import os
import socket

from tests.conftest import FIXTURES
from tests.helpers.forms import checked
from tests.helpers.instances import AppInstance


def raw(instance: AppInstance, data: bytes) -> bytes:
    """Send ``data`` as is on a new connection; everything the server answers before closing."""
    host, port = instance.base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        conn.sendall(data)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def test_through_gunicorn_bad_bodies_are_4xx_and_no_log_holds_an_answer(make_app, database_url, tmp_path):
    app = make_app()  # the database with the mini quiz published
    pq = app.extensions["catalog"].latest("mini")
    state = checked("eB-c", pq.version)
    access_log = tmp_path / "access.log"
    instance = AppInstance({
        **os.environ, "FLASK_APP": "wsgi", "DATABASE_URL": database_url, "SECRET_KEY": "s", "CONTENT_DIR": str(FIXTURES),
        "INSTANCE_PATH": str(tmp_path), "GUNICORN_ACCESS_LOG": str(access_log), "GUNICORN_LOG_LEVEL": "debug",
    }, tmp_path / "error.log")
    try:
        instance.start().wait_until_ready()
        v = pq.version
        chunked = (f"POST /q/mini/{v}/svar HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                   f"Transfer-Encoding: chunked\r\n\r\nzz\r\nstate={state}\r\n0\r\n\r\n").encode()
        assert 400 <= status_of(raw(instance, chunked)) < 500
        chunked_json = (f"POST /api/v1/q/mini/{v}/match HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        f"Transfer-Encoding: chunked\r\n\r\n5\r\n{{\"a\":\r\nzz\r\n\r\n").encode()
        assert 400 <= status_of(raw(instance, chunked_json)) < 500

        hostile = [
            f"GET /r/mini/{v}/{state} HTTP/1.1\r\nHost: localhost\r\nReferer: http://localhost/r/mini/{v}/{state}\r\n\r\n",
            f"GET /embed/r/mini/{v}/{state}?farg=zz&namn=%01 HTTP/1.1\r\nHost: evil.example\r\n\r\n",
            f"GET /embed/r/mini/{v}/{state}?farg=zz HTTP/1.1\r\nHost: localhost\r\n\r\n",
            f"GET /embed/r/mini/{v}/{state} HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-Host: evil.example\r\n\r\n",
            f"GET /q/mini/{v}/1?state={state} HTTP/1.1\r\nHost: localhost\r\n\r\n",
            f"GET /r/mini/{v}/{state} HTTP/1.1 trailing\r\nHost: localhost\r\n\r\n",  # gunicorn cannot parse it
            f"GET /r/mini/{v}/{state} HTTP/9.9\r\nHost: localhost\r\n\r\n",
            f"GET /r/mini/{v}/{state}\x01 HTTP/1.1\r\nHost: localhost\r\n\r\n",
            f"POST /q/mini/{v}/resultat HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len('state=' + state)}\r\n\r\nstate={state}",
        ]
        for request in hostile:
            answer = raw(instance, request.encode())
            assert status_of(answer) < 500, (request, answer[:300])
    finally:
        instance.stop()
    logs = instance.log() + (access_log.read_text() if access_log.exists() else "")
    assert "POST /q/mini/" in logs and "REDACTED" in logs  # the logs were written, and redacted
    assert state not in logs
    assert "eB-c" not in logs
