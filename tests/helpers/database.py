"""The database going away, and a new version published under a running app."""

from __future__ import annotations

import shutil
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from quiz.extensions import db


@contextmanager
def database_down(app):
    """Every SQL statement fails, as when the database server is unreachable."""
    with app.app_context():
        engine = db.engine

    def fail(*args):
        raise OperationalError("SELECT", {}, ConnectionRefusedError("database is down"))

    event.listen(engine, "before_cursor_execute", fail)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", fail)


def publish_changed(app, tmp_path, title: str) -> str:
    """Import the mini quiz with another title through ``app``'s CLI; the new version's id."""
    from tests.conftest import FIXTURES

    changed = tmp_path / title.replace(" ", "-")
    shutil.copytree(FIXTURES, changed)
    (changed / "mini" / "quiz.yaml").write_text(
        (changed / "mini" / "quiz.yaml").read_text().replace("title: Miniquiz", f"title: {title}"))
    assert app.test_cli_runner().invoke(args=["quiz", "import", str(changed)]).exit_code == 0
    app.extensions["catalog"].refresh()
    return app.extensions["catalog"].latest("mini").version


@contextmanager
def counted_statements(app):
    """Every SQL statement ``app`` sends while the block runs, as a list."""
    statements = []
    with app.app_context():
        engine = db.engine

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)
