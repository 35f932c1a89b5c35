"""The migrations build, from an empty database, exactly the schema the models describe, on SQLite
and on PostgreSQL (``make test`` runs this file on both), and can be undone and redone."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from quiz.extensions import db


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
