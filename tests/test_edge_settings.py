"""What the set-up in front of the app (docs/DEPLOY.md: nginx, PgBouncer) relies on the app for."""

from __future__ import annotations

from quiz import config
from tests.helpers.forms import checked


def test_the_app_compresses_nothing_even_when_asked(app, client, mini):
    """Compression is nginx's (gzip at the edge): a worker spends no CPU on it, whatever the
    browser accepts, and nginx gets bodies it can compress once."""
    state = checked("eB-c", mini.version)
    for response in (client.get(f"/q/mini/{mini.version}/1", headers={"Accept-Encoding": "gzip, br"}),
                     client.post(f"/q/mini/{mini.version}/resultat", data={"state": state},
                                 headers={"Accept-Encoding": "gzip, deflate, br, zstd"})):
        assert response.status_code == 200
        assert "Content-Encoding" not in response.headers
        assert response.data.lstrip().lower().startswith(b"<!doctype html")  # not gzip bytes


def test_prepared_statements_can_be_turned_off_for_pgbouncer(monkeypatch):
    url = "postgresql+psycopg://app@db:6432/valkompass"
    monkeypatch.delenv("DATABASE_PREPARED_STATEMENTS", raising=False)
    assert "prepare_threshold" not in config.engine_options(url)["connect_args"]  # psycopg's default: prepare
    for off in ("0", "false", "off"):
        monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", off)
        assert config.engine_options(url)["connect_args"]["prepare_threshold"] is None
    monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", "1")
    assert "prepare_threshold" not in config.engine_options(url)["connect_args"]
