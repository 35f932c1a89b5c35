"""A process started while the database is away (issue 20, point 4): until its catalog has loaded
once, every page that needs the quizzes is a 503 with Retry-After that nothing may keep (not a 404
"no such page", not an empty list marked public); /healthz stays liveness, /readyz fails; and it
all comes back by itself when the database does."""

from __future__ import annotations

import pytest

from tests.helpers.forms import checked
from tests.helpers.database import database_down


def pages(version: str) -> list[tuple[str, str, dict | None]]:
    state = checked("eb-.", version)
    return [
        ("GET", "/", None), ("GET", "/q/mini/", None), (f"GET", f"/q/mini/{version}/1", None), ("GET", "/embed/", None),
        ("GET", f"/embed/q/mini/{version}/2", None), ("GET", f"/r/mini/{version}/{state}", None),
        ("GET", f"/embed/r/mini/{version}/{state}", None), ("POST", f"/q/mini/{version}/resultat", {"state": state}),
        ("POST", f"/q/mini/{version}/svar", {"state": state, "position": "1", "answer": "1"}),
        ("GET", "/api/v1/quizzes", None), ("GET", f"/api/v1/q/mini/{version}", None), ("GET", "/badda-in", None),
        ("GET", "/oembed?url=http://localhost/q/mini/", None),
    ]


def send(client, method, path, form):
    return client.get(path) if method == "GET" else client.post(path, data=form)


@pytest.fixture
def started_during_an_outage(make_app, stop_catalog_clock):
    """(client, version, app) of a process started while its database was away (the mini quiz is
    published in it); the database comes back when the ``with`` block the test opens ends."""
    version = make_app().extensions["catalog"].latest("mini").version  # published, by another host
    app = make_app(imported=False)  # this host starts now: it has loaded nothing yet
    stop_catalog_clock(1000.0)
    return app.test_client(), version, app


def test_a_process_started_during_an_outage_answers_503_not_404_until_its_catalog_loads(started_during_an_outage,
                                                                                      stop_catalog_clock):
    client, version, app = started_during_an_outage
    with database_down(app):
        for method, path, form in pages(version):
            response = send(client, method, path, form)
            assert response.status_code == 503, (path, response.status_code)
            assert response.headers["Retry-After"] and response.headers["Cache-Control"] == "no-store", path
            assert "public" not in response.headers["Cache-Control"]
        assert "kan inte läsa in quizen" in client.get("/q/mini/").get_data(as_text=True)
        assert client.get("/api/v1/quizzes").get_json()["error"]["status"] == 503
        assert client.get("/healthz").status_code == 200  # liveness: the process answers
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.headers["Retry-After"] and "not been loaded" in ready.get_data(as_text=True)
        stop_catalog_clock(1005.0)  # it keeps trying, and keeps failing while the database is away
        assert client.get("/q/mini/").status_code == 503
    stop_catalog_clock(1006.5)  # the database is back: the next request after a second loads it
    assert client.get("/readyz").status_code == 200
    for method, path, form in pages(version):
        response = send(client, method, path, form)
        assert response.status_code in (200, 302), (path, response.status_code)
    assert "Miniquiz" in client.get("/").get_data(as_text=True)
    assert [q["id"] for q in client.get("/api/v1/quizzes").get_json()["quizzes"]] == ["mini"]


def test_readiness_fails_while_the_database_is_away_after_loading_and_the_pages_in_memory_stay(make_app):
    app = make_app()
    client = app.test_client()
    version = app.extensions["catalog"].latest("mini").version
    assert client.get("/readyz").status_code == 200
    from quiz.web import health

    health.DATABASE_CHECK_SECONDS, before = 0.0, health.DATABASE_CHECK_SECONDS
    try:
        with database_down(app):
            assert client.get("/readyz").status_code == 503
            assert client.get(f"/q/mini/{version}/1").status_code == 200  # served from memory meanwhile
            assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200
    finally:
        health.DATABASE_CHECK_SECONDS = before


def test_readiness_answers_for_any_host_as_load_balancers_probe_by_address(client):
    response = client.get("/readyz", headers={"Host": "10.0.0.7:8000"})
    assert response.status_code == 200 and response.get_data(as_text=True).strip() == "ready"


def test_the_documented_load_balancer_checks_readiness():
    from tests.conftest import ROOT

    deploy = (ROOT / "docs" / "DEPLOY.md").read_text()
    assert "health check **`GET /readyz`**" in deploy
