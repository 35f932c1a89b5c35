"""The voter path never queries the database: everything comes from the in-memory catalog.

Only the catalog's periodic check for newly published versions may query, once per
``CATALOG_REFRESH_SECONDS``; the test sets that far in the future after the import.
"""

from tests.helpers.database import counted_statements
from tests.helpers.forms import checked, hidden_state


def test_a_whole_voter_session_runs_no_sql(make_app):
    app = make_app(CATALOG_REFRESH_SECONDS=3600)
    client = app.test_client()
    version = app.extensions["catalog"].latest("mini").version
    with counted_statements(app) as statements:
        assert client.get("/").status_code == 200
        assert client.get("/q/mini/").status_code == 200
        page = client.get(client.get("/q/mini/start?kommun=solna").headers["Location"])
        for number in range(1, 5):
            page = client.post(f"/q/mini/{version}/svar",
                               data={"state": hidden_state(page.get_data(as_text=True)), "position": number,
                                     "answer": "1", "kommun": "solna"})
            assert page.status_code == 200
        assert "Ditt resultat" in page.get_data(as_text=True)
        assert client.post(f"/q/mini/{version}/resultat", data={"state": checked("abcd", version)}).status_code == 200
        assert client.get(f"/q/mini/{version}/1?lang=en").status_code == 200
    assert statements == []


def test_junk_versions_and_quizzes_run_no_sql(make_app, stop_catalog_clock):
    app = make_app(CATALOG_REFRESH_SECONDS=3600)
    stop_catalog_clock(app.extensions["catalog"]._checked_at)
    client = app.test_client()
    with counted_statements(app) as statements:  # newer sequences cost one check: test_catalog_refresh
        for url in ("/q/nope/1-deadbeef/1", "/q/nope/999-deadbeef/1", "/q/mini/0-deadbeef/1", "/q/mini/x/1", "/q/nope/"):
            assert client.get(url).status_code == 404
    assert statements == []
