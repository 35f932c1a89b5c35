"""The app as it runs in production, over HTTPS: gunicorn behind a TLS proxy, and a browser's
requests to it (cookies, Origin, Sec-Fetch-Site) through urllib."""

from __future__ import annotations

import http.cookiejar
import os
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager

from tests.conftest import FIXTURES
from tests.helpers.instances import AppInstance
from tests.helpers.tls_proxy import TLSProxy


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class HTTPSBrowser:
    """One browser on the HTTPS site: its cookies (Secure ones included), no Referer on the class
    pages' forms, the Origin and Sec-Fetch-Site a browser sends with them."""

    def __init__(self, proxy: TLSProxy, address: str | None = None):
        self.base = proxy.base
        self.cookies = http.cookiejar.CookieJar()
        self.address = address
        self.opener = urllib.request.build_opener(
            NoRedirect, urllib.request.HTTPCookieProcessor(self.cookies),
            urllib.request.HTTPSHandler(context=proxy.client_context()),
        )

    def request(self, path: str, data: dict | None = None, headers: dict | None = None) -> tuple[int, str, dict]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        sent = {"Origin": "null", "Sec-Fetch-Site": "same-origin"} if data is not None else {"Sec-Fetch-Site": "none"}
        if self.address:
            sent["X-Test-Client"] = self.address  # where the proxy says the browser came from
        req = urllib.request.Request(self.base + path, data=body, headers={**sent, **(headers or {})})
        try:
            with self.opener.open(req, timeout=60) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), dict(error.headers)

    def get(self, path: str) -> tuple[int, str, dict]:
        return self.request(path)

    def post(self, path: str, data: dict, headers: dict | None = None) -> tuple[int, str, dict]:
        return self.request(path, data, headers)

    def cookie(self, name: str):
        return next((c for c in self.cookies if c.name == name), None)


def local_path(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@contextmanager
def https_site(tmp_path, **env):
    """gunicorn (gunicorn.conf.py, one worker) behind the TLS proxy, on the test database with the
    mini quiz imported; yields the proxy."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url and url.startswith("postgresql"):
        from tests.conftest import _reset_postgres

        _reset_postgres(url)
    else:
        url = f"sqlite:///{tmp_path / 'https.sqlite'}"
    folder = tmp_path / "instance"
    folder.mkdir()
    settings = {
        **os.environ, "FLASK_APP": "wsgi", "DATABASE_URL": url, "SECRET_KEY": "https-test",
        "CONTENT_DIR": str(FIXTURES), "INSTANCE_PATH": str(folder),
        "PREFERRED_URL_SCHEME": "https", "TRUSTED_PROXY_COUNT": "1", **env,
    }
    app = AppInstance(settings, folder / "gunicorn.log")
    app.cli("quiz", "import")
    app.start()
    try:
        app.wait_until_ready()
        host, port = app.base.removeprefix("http://").split(":")
        with TLSProxy(f"{host}:{port}", tmp_path) as proxy:
            proxy.app = app
            yield proxy
    finally:
        app.stop()
