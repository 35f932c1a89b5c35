"""Which host names the app answers for, and where its absolute links point.

Pages kept in memory and by a CDN carry absolute URLs (the intro page's oEmbed discovery, the
embed snippet, share and join links): a request naming another host must neither change them for
the next visitor nor get a page built on its Host header.
"""

import pytest

from quiz import config
from tests.helpers.forms import checked

EVIL = {"Host": "evil.example"}


def test_a_request_for_another_host_gets_a_clear_400_and_changes_nothing_for_others(client, mini):
    for url in ("/", "/q/mini/", f"/q/mini/{mini.version}/1", "/finns-inte", "/static/style.css"):
        response = client.get(url, headers=EVIL)
        assert response.status_code == 400, url
        page = response.get_data(as_text=True)
        assert "evil.example" not in page
        assert "Okänd adress" in page and "Unknown address" in page
        assert response.headers["Cache-Control"] == "no-store"
    post = client.post(f"/q/mini/{mini.version}/resultat", data={"state": checked("eeee", mini.version)}, headers=EVIL)
    assert post.status_code == 400
    intro = client.get("/q/mini/").get_data(as_text=True)
    assert "evil.example" not in intro and "http://localhost/oembed?url=http://localhost/q/mini/" in intro


def test_a_poisoned_host_on_a_trusted_name_cannot_reach_the_pages_kept_in_memory(make_app):
    """Two names the site answers for: each gets links to the canonical host, never to the other's."""
    app = make_app(SERVER_NAME="valkompass.example", TRUSTED_HOSTS=["valkompass.example", "www.valkompass.example"])
    client = app.test_client()
    www = client.get("/q/mini/", headers={"Host": "www.valkompass.example"}).get_data(as_text=True)
    assert "http://valkompass.example/oembed?url=http://valkompass.example/q/mini/" in www
    assert "www.valkompass.example" not in www
    assert client.get("/q/mini/", headers=EVIL).status_code == 400


def test_a_load_balancer_probing_by_address_still_gets_the_health_check(client):
    response = client.get("/healthz", headers={"Host": "10.0.3.17:8000"})
    assert response.status_code == 200 and response.data == b"ok\n"


def test_local_development_and_tests_answer_on_localhost_and_127_0_0_1(client):
    for host in ("localhost", "127.0.0.1:5000", "localhost:43123"):
        response = client.get("/", headers={"Host": host})
        assert response.status_code == 200 and "Miniquiz" in response.get_data(as_text=True), host


def test_trusted_hosts_come_from_the_environment(monkeypatch, tmp_path):
    for name in ("TRUSTED_HOSTS", "SERVER_NAME"):
        monkeypatch.delenv(name, raising=False)
    local = config.from_environment(str(tmp_path))
    assert local["SERVER_NAME"] is None and "localhost" in local["TRUSTED_HOSTS"]
    monkeypatch.setenv("SERVER_NAME", "valkompass.example")
    assert config.from_environment(str(tmp_path))["TRUSTED_HOSTS"] == ["valkompass.example"]
    monkeypatch.setenv("TRUSTED_HOSTS", "valkompass.example, .valkompass.example")
    found = config.from_environment(str(tmp_path))
    assert found["TRUSTED_HOSTS"] == ["valkompass.example", ".valkompass.example"]
    assert found["SERVER_NAME"] == "valkompass.example"
