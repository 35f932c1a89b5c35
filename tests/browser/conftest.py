"""Browser fixtures: the real app on a live port, driven by Debian's chromium through Playwright.

Browser tests always serve from SQLite (they test what a voter sees, not the database), with the
real statement set imported. ``make test`` installs chromium when missing (scripts/ensure-chromium.sh).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from quiz import create_app
from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


LIVE_APPS: dict[str, object] = {}


@dataclass
class LiveServer:
    url: str
    app: object
    port: int


def serve(app, host: str = "127.0.0.1", port: int | None = None):
    """Serve a WSGI app in a background thread; returns (server, port). Call ``server.shutdown()``."""
    server = make_server(host, port or 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_port


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("live")
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'live.sqlite'}",
            "SECRET_KEY": "browser-tests",
            "CONTENT_DIR": str(ROOT / "statements"),
        }
    )
    result = app.test_cli_runner().invoke(args=["quiz", "import"])
    assert result.exit_code == 0, result.output
    server, port = serve(app)
    LIVE_APPS[f"http://127.0.0.1:{port}"] = app  # for recipes that set up state through the app (pages.py)
    yield LiveServer(url=f"http://127.0.0.1:{port}", app=app, port=port)
    server.shutdown()


@pytest.fixture(scope="session")
def playwright_instance():
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def chromium(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


@pytest.fixture
def page(chromium):
    """A fresh browser context (no cookies, no storage) and page, JavaScript on."""
    context = chromium.new_context(locale="sv-SE")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page_without_js(chromium):
    context = chromium.new_context(java_script_enabled=False, locale="sv-SE")
    page = context.new_page()
    yield page
    context.close()
