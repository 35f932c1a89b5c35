"""How an app process learns about new quiz versions, and what it does when the database is away."""

from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from quiz import catalog as catalog_module
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


def test_voters_keep_getting_the_quiz_while_the_database_is_down(make_app):
    app = make_app(CATALOG_REFRESH_SECONDS=0)  # every request checks for a new version
    client = app.test_client()
    version = app.extensions["catalog"].latest("mini").version
    with database_down(app):
        assert client.get("/q/mini/").status_code == 200
        page = client.get(f"/q/mini/{version}/2?kommun=solna")
        assert page.status_code == 200 and "Kommunen ska stoppa alla vräkningar." in page.get_data(as_text=True)
        result = client.post(f"/q/mini/{version}/resultat", data={"state": "eeee"})
        assert result.status_code == 200
    assert client.get(f"/q/mini/{version}/1").status_code == 200


def test_an_old_version_asked_for_while_the_database_is_down_is_found_afterwards(make_app, tmp_path):
    import shutil

    from tests.conftest import FIXTURES

    app = make_app()
    old = app.extensions["catalog"].latest("mini").version
    changed = tmp_path / "content"
    shutil.copytree(FIXTURES, changed)
    (changed / "mini" / "quiz.yaml").write_text(
        (changed / "mini" / "quiz.yaml").read_text().replace("title: Miniquiz", "title: Miniquiz 2"))
    assert app.test_cli_runner().invoke(args=["quiz", "import", str(changed)]).exit_code == 0
    client = app.test_client()
    with database_down(app):
        assert client.get(f"/q/mini/{old}/1").status_code == 404
    assert client.get(f"/q/mini/{old}/1").status_code == 200


def test_links_to_versions_newer_than_known_cost_at_most_one_check(make_app, stop_catalog_clock):
    app = make_app(CATALOG_REFRESH_SECONDS=3600)
    catalog = app.extensions["catalog"]
    # Past the recheck interval, and standing still: every junk link arrives within one interval.
    stop_catalog_clock(catalog._checked_at + 2 * catalog_module.NEWER_VERSION_RECHECK_SECONDS)
    statements = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    client = app.test_client()
    for sequence in range(2, 40):
        assert client.get(f"/q/mini/{sequence}-deadbeef/1").status_code == 404
    assert len(statements) == 1 and "max(" in statements[0].lower()


def test_a_version_published_elsewhere_just_after_a_routine_refresh_is_found(make_app, tmp_path, stop_catalog_clock):
    """Another instance publishes moments after this one's routine refresh; a voter sent here with
    a page of the new version must get it, not a 404 until the next routine refresh."""
    import shutil

    from tests.conftest import FIXTURES

    app = make_app(CATALOG_REFRESH_SECONDS=3600)
    catalog = app.extensions["catalog"]
    stop_catalog_clock(catalog._checked_at + 0.1)  # the routine refresh ran a moment ago
    changed = tmp_path / "content"
    shutil.copytree(FIXTURES, changed)
    (changed / "mini" / "quiz.yaml").write_text(
        (changed / "mini" / "quiz.yaml").read_text().replace("title: Miniquiz", "title: Miniquiz 2"))
    elsewhere = make_app(imported=False)  # another app host on the same database
    assert elsewhere.test_cli_runner().invoke(args=["quiz", "import", str(changed)]).exit_code == 0
    new = elsewhere.extensions["catalog"].latest("mini").version
    assert catalog.latest("mini").version != new  # this instance has not refreshed

    assert app.test_client().get(f"/q/mini/{new}/1").status_code == 200
    assert catalog.latest("mini").version == new
