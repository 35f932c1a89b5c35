"""CORS on the embed's POST answers (issue 20, point 8): with ``EMBED_ALLOWED_ORIGINS`` set, only
the sandboxed frame (``Origin: null``, WordPress's sandbox) and the allowed sites may read them;
unset, every site may (as before); the JSON API stays open to every origin whatever the setting."""

from __future__ import annotations

from tests.helpers.voter import post_result


def from_origin(client, pq, origin: str | None):
    """The embed's result page, posted from a page on ``origin`` (None: no Origin header)."""
    return post_result(client, pq, "eb-.", path="/embed", headers={"Origin": origin} if origin else {})


def test_allowed_origins_narrow_the_embed_to_the_sandboxed_frame_and_those_sites(make_app):
    app = make_app(EMBED_ALLOWED_ORIGINS="https://www.tidningen.se https://*.lokalbladet.se")
    client, pq = app.test_client(), app.extensions["catalog"].latest("mini")
    for origin in ("null", "https://www.tidningen.se", "https://nyheter.lokalbladet.se"):
        response = from_origin(client, pq, origin)
        assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == origin, origin
        assert "Origin" in response.headers["Vary"]
    for origin in ("https://evil.example", "https://tidningen.se", "http://www.tidningen.se", "https://lokalbladet.se",
                   "https://evil-lokalbladet.se", None):
        response = from_origin(client, pq, origin)
        assert response.status_code == 200 and "Access-Control-Allow-Origin" not in response.headers, origin
    api = client.post(f"/api/v1/q/mini/{pq.version}/match", json={"answers": {}}, headers={"Origin": "https://evil.example"})
    assert api.headers["Access-Control-Allow-Origin"] == "*"


def test_without_the_setting_every_site_may_read_the_embed_answers(client, mini):
    assert from_origin(client, mini, "https://evil.example").headers["Access-Control-Allow-Origin"] == "*"
