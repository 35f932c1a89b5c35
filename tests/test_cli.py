"""`flask quiz …` as an editor uses it: validate, import, export, list."""

import json
import shutil

from sqlalchemy import func, select

from quiz.extensions import db
from quiz.store.models import QuizVersion
from tests.conftest import FIXTURES, ROOT


def versions(app):
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(QuizVersion)).scalar()


def test_validate_ok_and_failing(make_app, tmp_path):
    app = make_app(imported=False)
    result = app.test_cli_runner().invoke(args=["quiz", "validate"])
    assert result.exit_code == 0 and "mini: OK" in result.output
    shutil.copytree(FIXTURES, tmp_path / "bad")
    (tmp_path / "bad/mini/positions/beta.yaml").write_text("party: beta\npositions:\n- {statement: krav, value: 9}\n")
    result = app.test_cli_runner().invoke(args=["quiz", "validate", str(tmp_path / "bad")])
    assert result.exit_code == 1
    assert "beta.yaml" in result.output and "krav" in result.output and "not on the scale" in result.output


def test_import_on_empty_database_then_unchanged(make_app):
    app = make_app(imported=False)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["quiz", "import"])
    assert first.exit_code == 0 and "published version 1-" in first.output
    second = runner.invoke(args=["quiz", "import"])
    assert second.exit_code == 0 and "mini: unchanged" in second.output
    assert versions(app) == 1


def test_changed_content_makes_a_new_version_and_keeps_the_old(make_app, tmp_path):
    shutil.copytree(FIXTURES, tmp_path / "content")
    app = make_app(content=tmp_path / "content")
    old = app.extensions["catalog"].latest("mini").version
    path = tmp_path / "content/mini/statements.yaml"
    path.write_text(path.read_text().replace("Kommunen ska stoppa alla vräkningar.", "Kommunen ska stoppa vräkningar."))
    result = app.test_cli_runner().invoke(args=["quiz", "import"])
    assert "published version 2-" in result.output
    catalog = app.extensions["catalog"]
    assert catalog.latest("mini").version != old
    assert catalog.get("mini", old).statements[1].text == "Kommunen ska stoppa alla vräkningar."


def test_invalid_import_changes_nothing(make_app, tmp_path):
    shutil.copytree(FIXTURES, tmp_path / "content")
    app = make_app(content=tmp_path / "content")
    (tmp_path / "content/mini/positions/alfa.yaml").write_text(
        "party: alfa\npositions:\n- {statement: krav, value: 2, basis: explicit, justification: x, quote: påhittat}\n"
    )
    result = app.test_cli_runner().invoke(args=["quiz", "import"])
    assert result.exit_code == 1 and "quote does not occur" in result.output
    assert versions(app) == 1


def test_export_import_round_trip(make_app, tmp_path, database_url):
    app = make_app()
    exported = app.test_cli_runner().invoke(args=["quiz", "export"])
    assert exported.exit_code == 0
    document = json.loads(exported.output)
    assert document["format"] == "valkompass/1" and document["id"] == "mini"
    path = tmp_path / "mini.json"
    path.write_text(exported.output)

    again = app.test_cli_runner().invoke(args=["quiz", "import", str(path)])
    assert "mini: unchanged" in again.output  # the JSON of a version is that same version

    other = tmp_path / "other.json"
    other.write_text(json.dumps(document | {"id": "kopia", "title": "Kopia"}))
    assert app.test_cli_runner().invoke(args=["quiz", "import", str(other)]).exit_code == 0
    copy = json.loads(app.test_cli_runner().invoke(args=["quiz", "export", "kopia"]).output)
    assert {k: v for k, v in copy.items() if k not in ("id", "title", "version")} == {
        k: v for k, v in document.items() if k not in ("id", "title", "version")
    }


def test_export_requires_an_id_when_there_are_several(make_app, tmp_path):
    app = make_app()
    doc = json.loads(app.test_cli_runner().invoke(args=["quiz", "export"]).output)
    (tmp_path / "b.json").write_text(json.dumps(doc | {"id": "b"}))
    app.test_cli_runner().invoke(args=["quiz", "import", str(tmp_path / "b.json")])
    result = app.test_cli_runner().invoke(args=["quiz", "export"])
    assert result.exit_code != 0 and "b, mini" in result.output
    listed = app.test_cli_runner().invoke(args=["quiz", "list"])
    assert "mini\t1-" in listed.output and "b\t1-" in listed.output


def test_import_refuses_broken_json(make_app, tmp_path):
    app = make_app(imported=False)
    (tmp_path / "broken.json").write_text("{not json")
    result = app.test_cli_runner().invoke(args=["quiz", "import", str(tmp_path / "broken.json")])
    assert result.exit_code == 1 and "not valid JSON" in result.output


def test_the_real_statement_set_validates(make_app):
    app = make_app(content=ROOT / "statements", imported=False)
    result = app.test_cli_runner().invoke(args=["quiz", "validate"])
    assert result.exit_code == 0, result.output


def test_unknown_versions_are_refused_without_a_query(make_app, stop_catalog_clock):
    from sqlalchemy import event

    app = make_app()
    catalog = app.extensions["catalog"]
    stop_catalog_clock(catalog._checked_at)
    statements = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    for version in ("junk", "1-zzzzzzzz", "0-0123abcd", "0-0123abcd'; drop table x;--"):
        assert catalog.get("mini", version) is None
        assert catalog.get("finnsinte", version) is None
    assert statements == []
    # A sequence beyond the latest may be another instance's newer version: one check, then none.
    for _ in range(3):
        assert catalog.get("mini", "99-0123abcd") is None
        assert catalog.get("finnsinte", "99-0123abcd") is None
    assert len(statements) == 1 and "max(" in statements[0].lower()


def test_only_import_migrates_the_reading_commands_leave_an_empty_database_empty(make_app):
    from sqlalchemy import inspect

    app = make_app(imported=False)
    runner = app.test_cli_runner()
    listed = runner.invoke(args=["quiz", "list"])
    assert listed.exit_code == 0 and "no quizzes imported yet" in listed.output
    exported = runner.invoke(args=["quiz", "export"])
    assert exported.exit_code != 0 and "none imported yet" in exported.output
    with app.app_context():
        assert inspect(db.engine).get_table_names() == []  # nothing created, nothing migrated
    assert runner.invoke(args=["quiz", "import"]).exit_code == 0
    with app.app_context():
        assert "quiz_version" in inspect(db.engine).get_table_names()
