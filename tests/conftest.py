"""Fixtures: an app on a fresh database with the mini quiz imported, a client, a CLI runner.

The database is SQLite in a temporary folder unless ``TEST_DATABASE_URL`` names another
(``make test`` runs the suite again with PostgreSQL); for PostgreSQL every test starts from an
empty schema, so tests stay independent on both.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from quiz import create_app
from quiz.extensions import db

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "content"


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture
def database_url(tmp_path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        _reset_postgres(url)
        return url
    return f"sqlite:///{tmp_path / 'test.sqlite'}"


@pytest.fixture
def make_app(tmp_path, database_url):
    """Build an app on the test database; ``content`` picks the content folder to import."""
    apps = []

    def factory(content: Path = FIXTURES, imported: bool = True, **config):
        app = create_app(
            {
                "TESTING": True,
                "SQLALCHEMY_DATABASE_URI": database_url,
                "SECRET_KEY": "test",
                "CONTENT_DIR": str(content),
                **config,
            }
        )
        if imported:
            result = app.test_cli_runner().invoke(args=["quiz", "import"])
            assert result.exit_code == 0, result.output
        apps.append(app)
        return app

    yield factory
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def mini(app):
    return app.extensions["catalog"].latest("mini")


def hidden_state(html: str) -> str:
    """The answer state a page carries in its form, as the browser would send it back."""
    match = re.search(r'name="state" value="([^"]*)"', html)
    assert match, "page has no answer state"
    return match.group(1)


@pytest.fixture
def instances(tmp_path):
    """``instances(env, env, …)``: one app process per dict of extra environment, all sharing one
    PostgreSQL database, the mini quiz imported through the first; see tests/instances.py.
    Stopped (and the database dropped) after the test."""
    from tests.instances import AppInstance, shared_postgres_database

    started: list = []
    with shared_postgres_database() as url:

        def start(*envs: dict) -> list:
            base = {
                **os.environ,
                "FLASK_APP": "wsgi",
                "DATABASE_URL": url,
                "SECRET_KEY": "shared-by-all-instances",
                "CONTENT_DIR": str(FIXTURES),
            }
            hosts = []
            for i, env in enumerate(envs):
                folder = tmp_path / f"instance{i}"
                folder.mkdir()
                hosts.append(AppInstance({**base, "INSTANCE_PATH": str(folder), **env}, folder / "gunicorn.log"))
            hosts[0].cli("quiz", "import")
            for host in hosts:
                started.append(host.start())
            for host in hosts:
                host.wait_until_ready()
            return hosts

        try:
            yield start
        finally:
            for host in started:
                host.stop()


@pytest.fixture
def stop_catalog_clock(monkeypatch):
    """``stop_catalog_clock(moment)``: the catalog's clock stands still at ``moment``, so whether it
    checks the database for new versions depends on no machine's speed."""
    from types import SimpleNamespace

    from quiz import catalog

    def stop_at(moment: float) -> None:
        monkeypatch.setattr(catalog, "time", SimpleNamespace(monotonic=lambda: moment))

    return stop_at
