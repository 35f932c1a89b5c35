"""Fixtures: an app on a fresh database with the mini quiz imported, a client, a CLI runner.

The database is SQLite in a temporary folder unless ``TEST_DATABASE_URL`` names another
(``make test`` runs the suite again with PostgreSQL). Every test starts from the same state a
migration and ``flask quiz import`` of the mini quiz leave, without paying for them each time:
they run once per session into a template (an SQLite file copied per test; on PostgreSQL the
imported rows, put back into truncated tables per test). A test that asks for an empty database
(``imported=False``) or other content gets a really empty one (PostgreSQL: a new schema) and
runs the CLI as before.
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest
from sqlalchemy import Integer, create_engine, insert, select, text

from quiz import create_app
from quiz.extensions import db

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "content"

pytest_plugins = ["tests.no_skips"]  # any skip fails the run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresTemplate:
    """The PostgreSQL test database's state between tests: whether its schema is at head with
    only the template's rows changed since, and those rows (table → list of row dicts)."""

    schema_ready = False
    rows: dict[str, list[dict]] | None = None


def _reset_postgres(url: str) -> None:
    PostgresTemplate.schema_ready = False
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _app(database_url: str, content: Path, **config):
    return create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test",
            "CONTENT_DIR": str(content),
            **config,
        }
    )


def _import(app) -> None:
    result = app.test_cli_runner().invoke(args=["quiz", "import"])
    assert result.exit_code == 0, result.output


def _dispose(app) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """An SQLite file migrated to head with the mini quiz imported, made once per session."""
    path = tmp_path_factory.mktemp("template") / "imported.sqlite"
    app = _app(f"sqlite:///{path}", FIXTURES)
    _import(app)
    _dispose(app)
    return path


def _postgres_from_template(url: str) -> None:
    """The PostgreSQL test database as a migration and import of the mini quiz leave it: built
    that way the first time (and after a test dropped the schema), else by truncating every
    table and putting the imported rows back (identities restarted, so ids come out the same)."""
    tables = db.metadata.sorted_tables
    if PostgresTemplate.schema_ready and PostgresTemplate.rows is not None:
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {', '.join(t.name for t in tables)} RESTART IDENTITY CASCADE"))
            for table in tables:
                rows = PostgresTemplate.rows[table.name]
                if rows:
                    conn.execute(insert(table), rows)
        engine.dispose()
        return
    _reset_postgres(url)
    app = _app(url, FIXTURES)
    _import(app)
    tables = db.metadata.sorted_tables  # again: building the app may have imported more models
    with app.app_context():
        PostgresTemplate.rows = {
            table.name: [
                {c.name: value for c, value in zip(table.columns, row) if not _generated(c)}
                for row in db.session.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in tables
        }
    _dispose(app)
    PostgresTemplate.schema_ready = True


def _generated(column) -> bool:
    """An integer primary key the database numbers itself (restarted by the truncation)."""
    return (column.primary_key and len(column.table.primary_key.columns) == 1
            and column.autoincrement in (True, "auto") and isinstance(column.type, Integer))


@pytest.fixture
def database_url(tmp_path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    return url or f"sqlite:///{tmp_path / 'test.sqlite'}"


@pytest.fixture
def make_app(tmp_path, database_url, request):
    """Build an app on the test database; ``content`` picks the content folder to import.

    The first app of a test finds the database as a fresh migration and import of ``content``
    leave it (or empty with ``imported=False``); further apps share that database, as other
    app hosts would, and import through the CLI.
    """
    apps = []

    def factory(content: Path = FIXTURES, imported: bool = True, **config):
        first = not apps
        from_template = first and imported and content == FIXTURES
        postgres = database_url.startswith("postgresql")
        if from_template and postgres:
            _postgres_from_template(database_url)
        elif from_template:
            shutil.copyfile(request.getfixturevalue("sqlite_template"), tmp_path / "test.sqlite")
        elif first and postgres:
            _reset_postgres(database_url)
        app = _app(database_url, content, **config)
        if from_template:
            app.extensions["catalog"].refresh()  # what the import would have done
        elif imported:
            _import(app)
        apps.append(app)
        return app

    yield factory
    for app in apps:
        _dispose(app)


@pytest.fixture
def steady_clock(monkeypatch):
    """Class mode's clock held at the middle of one minute (and hour): a test that counts requests in a
    per-minute or per-hour window must not see the window turn over halfway, as it could on a busy
    machine when a hundred requests straddled hh:mm:59."""
    from datetime import datetime, timezone

    from quiz.classroom import limits
    from quiz.web import clients

    held = datetime.now(timezone.utc).replace(minute=30, second=30, microsecond=0)
    for counting in (limits, clients):  # class creations per hour; failed look-ups per minute
        monkeypatch.setattr(counting, "utcnow", lambda: held)
    return held


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


@pytest.fixture
def instances(tmp_path):
    """``instances(env, env, …)``: one app process per dict of extra environment, all sharing one
    PostgreSQL database, the mini quiz imported through the first; see tests/helpers/instances.py.
    Stopped (and the database dropped) after the test."""
    from tests.helpers.instances import AppInstance, shared_postgres_database

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

    from quiz.store import catalog

    def stop_at(moment: float) -> None:
        monkeypatch.setattr(catalog, "time", SimpleNamespace(monotonic=lambda: moment))

    return stop_at
