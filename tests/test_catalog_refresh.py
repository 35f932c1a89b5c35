"""How an app process learns about new quiz versions, and what it does when the database is away."""

from sqlalchemy import event

from quiz.store import catalog as catalog_module
from quiz.extensions import db
from tests.helpers.database import database_down, publish_changed
from tests.helpers.forms import checked


def test_voters_keep_getting_the_quiz_while_the_database_is_down(make_app):
    app = make_app(CATALOG_REFRESH_SECONDS=0)  # every request checks for a new version
    client = app.test_client()
    version = app.extensions["catalog"].latest("mini").version
    with database_down(app):
        assert client.get("/q/mini/").status_code == 200
        page = client.get(f"/q/mini/{version}/2?kommun=solna")
        assert page.status_code == 200 and "Kommunen ska stoppa alla vräkningar." in page.get_data(as_text=True)
        result = client.post(f"/q/mini/{version}/resultat", data={"state": checked("eeee", version)})
        assert result.status_code == 200
    assert client.get(f"/q/mini/{version}/1").status_code == 200


def test_voters_on_the_version_before_a_publish_keep_going_while_the_database_is_down(make_app, tmp_path):
    """A voter who started just before a publish is still answering on the previous version; a
    process started after the publish never served it, yet loads it with the latest."""
    app = make_app()
    before = app.extensions["catalog"].latest("mini").version
    publish_changed(app, tmp_path, "Miniquiz 2")
    for process in (app, make_app(imported=False)):  # the one that published, and one started later
        client = process.test_client()
        assert client.get("/q/mini/").status_code == 200  # the catalog loads
        with database_down(process):
            page = client.get(f"/q/mini/{before}/1")
            assert page.status_code == 200 and "Miniquiz 2" not in page.get_data(as_text=True)
            assert client.post(f"/q/mini/{before}/resultat", data={"state": checked("eeee", before)}).status_code == 200
            assert client.get(f"/r/mini/{before}/{checked('eeee', before)}").status_code == 200


def test_an_older_version_not_in_memory_is_a_503_while_the_database_is_down_then_found(make_app, tmp_path):
    app = make_app()
    oldest = app.extensions["catalog"].latest("mini").version
    publish_changed(app, tmp_path, "Miniquiz 2")
    publish_changed(app, tmp_path, "Miniquiz 3")
    later = make_app(imported=False)  # started after both publishes: holds versions 3 and 2
    client = later.test_client()
    assert client.get("/q/mini/").status_code == 200
    with database_down(later):
        for url in (f"/q/mini/{oldest}/1", f"/r/mini/{oldest}/{checked('eeee', oldest)}"):
            response = client.get(url)
            assert response.status_code == 503, url
            assert int(response.headers["Retry-After"]) > 0
            page = response.get_data(as_text=True)
            assert "går inte att läsa in just nu" in page and "felskriven" not in page
        assert client.post(f"/q/mini/{oldest}/resultat", data={"state": checked("eeee", oldest)}).status_code == 503
        api = client.get(f"/api/v1/q/mini/{oldest}")
        assert api.status_code == 503 and api.get_json()["error"]["status"] == 503
    assert client.get(f"/q/mini/{oldest}/1").status_code == 200
    assert client.get(f"/r/mini/{oldest}/{checked('eeee', oldest)}").status_code == 200


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
