"""The migrations build, from an empty database, exactly the schema the models describe, on SQLite
and on PostgreSQL (``make test`` runs this file on both), and can be undone and redone."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from quiz.extensions import db
from quiz.store.models import QuizVersion


def differences(app) -> list:
    with app.app_context(), db.engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), db.metadata)


def tables(app) -> set[str]:
    with app.app_context():
        return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_migrations_build_the_models_schema_from_empty_and_back(make_app):
    app = make_app(imported=False)
    runner = app.test_cli_runner()
    assert tables(app) == set()

    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert tables(app) == set(db.metadata.tables)
    assert differences(app) == []

    result = runner.invoke(args=["db", "downgrade", "base"])
    assert result.exit_code == 0, result.output
    assert tables(app) == set()

    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    assert runner.invoke(args=["quiz", "import"]).exit_code == 0
    assert app.test_client().get("/q/mini/").status_code == 200


def test_upgrading_a_database_with_versions_renumbers_duplicates_and_keeps_their_old_links_open(make_app):
    """0004: two imports at once once gave two versions the same sequence; the later one moves to
    the next free number, keeping its version id (links name it). 0005: versions published
    before the check character keep reading answer strings without it; later ones do not."""
    app = make_app(imported=False)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0003"]).exit_code == 0
    with app.app_context():
        for version, sequence in (("1-aaaaaaaa", 1), ("1-bbbbbbbb", 1), ("2-cccccccc", 2)):
            db.session.execute(text(
                "INSERT INTO quiz_version (quiz_id, version, sequence, fingerprint, title, document, published_at)"
                " VALUES ('mini', :v, :s, 'f', 't', '{}', CURRENT_TIMESTAMP)"), {"v": version, "s": sequence})
        db.session.commit()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context():  # a version published after the upgrade, the way publishing writes it
        db.session.add(QuizVersion(quiz_id="mini", version="4-dddddddd", sequence=4, fingerprint="f", title="t", document="{}"))
        db.session.commit()
        rows = db.session.execute(text(
            "SELECT version, sequence, unchecked_answers FROM quiz_version ORDER BY sequence")).all()
    assert [(v, s) for v, s, _ in rows[:3]] == [("1-aaaaaaaa", 1), ("2-cccccccc", 2), ("1-bbbbbbbb", 3)]
    assert [bool(u) for _, _, u in rows] == [True, True, True, False]
    assert rows[3][1] == 4
