"""Real app processes for the many-instances tests: gunicorn on a shared PostgreSQL database.

Each instance is started as production starts it (``gunicorn -c gunicorn.conf.py wsgi:app``),
configured only through the environment, on a listening socket the test opens first and hands
over (``fd://``), so there is no race for a free port.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]  # the repository (this file: tests/helpers/)
# The server's maintenance database, used only to create and drop a database of our own.
POSTGRES_SERVER_URL = os.environ.get("POSTGRES_SERVER_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@contextmanager
def shared_postgres_database():
    """The PostgreSQL database the instances share, empty.

    On the PostgreSQL run of the suite that is ``TEST_DATABASE_URL`` (reset like every test's);
    on the SQLite run a database of its own, named uniquely so concurrent runs never meet, and
    dropped afterwards.
    """
    url = os.environ.get("TEST_DATABASE_URL", "")
    if url.startswith("postgresql"):
        from tests.conftest import _reset_postgres

        _reset_postgres(url)
        yield url
        return
    name = f"valkompass_instances_{uuid.uuid4().hex[:12]}"
    server = create_engine(POSTGRES_SERVER_URL, isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # a clear message instead of a driver traceback
        server.dispose()
        raise RuntimeError(
            f"the many-instances tests need PostgreSQL ({make_url(POSTGRES_SERVER_URL).render_as_string()}; "
            f"set POSTGRES_SERVER_URL): {exc}"
        ) from exc
    try:
        yield make_url(POSTGRES_SERVER_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


class AppInstance:
    """One app host: a gunicorn master with one worker, plus its ``flask`` CLI, on ``env``."""

    def __init__(self, env: dict[str, str], log_path: Path):
        self.env = env
        self.log_path = log_path
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.listener.set_inheritable(True)
        self.base = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.process: subprocess.Popen | None = None

    def cli(self, *args: str) -> str:
        """Run ``flask <args>`` as this host would (same environment); its output, or fail."""
        result = subprocess.run([sys.executable, "-m", "flask", *args], cwd=ROOT, env=self.env,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def start(self) -> "AppInstance":
        fd = self.listener.fileno()
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"fd://{fd}", "wsgi:app"],
                cwd=ROOT, env={**self.env, "WEB_CONCURRENCY": "1"}, pass_fds=(fd,), stdout=log, stderr=log,
            )
        return self

    def wait_until_ready(self, deadline_seconds: float = 60.0) -> None:
        deadline = time.monotonic() + deadline_seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"instance exited ({self.process.returncode}):\n{self.log()}")
            try:
                if get(self, "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"instance did not answer within {deadline_seconds} s:\n{self.log()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.listener.close()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's browser: its own cookies, sent to whichever instance the load balancer picks
    (cookies are per host name, not per port, so both local instances get them, as behind a
    real load balancer)."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(_NoRedirect, urllib.request.HTTPCookieProcessor(self.cookies))

    def request(self, instance: AppInstance, path: str, data: dict | None = None) -> tuple[int, str, dict]:
        """Status, body and headers; redirects are returned, not followed."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(instance.base + path, data=body)
        try:
            with self.opener.open(req, timeout=30) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), dict(error.headers)

    def get(self, instance: AppInstance, path: str) -> tuple[int, str]:
        status, body, _ = self.request(instance, path)
        return status, body

    def post(self, instance: AppInstance, path: str, data: dict) -> tuple[int, str, dict]:
        return self.request(instance, path, data)


def request(instance: AppInstance, path: str, data: dict | None = None) -> tuple[int, str, dict]:
    """One request without cookies (a fresh browser)."""
    return Browser().request(instance, path, data)


def get(instance: AppInstance, path: str) -> tuple[int, str]:
    return Browser().get(instance, path)


def start_of(instance: AppInstance, quiz_id: str) -> str:
    """The quiz version ``instance`` serves now: where its start form sends a new voter."""
    status, _, headers = request(instance, f"/q/{quiz_id}/start")
    assert status in (302, 303), status
    return re.search(rf"/q/{quiz_id}/([^/]+)/1", headers["Location"]).group(1)
