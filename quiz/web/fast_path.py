"""The voter's busiest requests answered before Flask: public pages kept whole, and the POSTs a
feature serves from what it has kept (the answer step, the result page).

Why: for these requests Flask's own work (request and app context, routing, the signed session,
every hook, a Response object and its headers) cost as much as the page (issue 25), while the
page itself was already kept in memory. So a small WSGI layer in front answers them, and hands
everything else to Flask unchanged.

Nothing here decides what a page is; everything is learned from Flask, so the bytes and headers
are Flask's (tests/test_fast_path.py compares them):

* **Public pages** (``quiz.web.http_cache.public_page``: start, intro, statement, method pages): the
  view marks its response (``may_serve_before_flask(etag)``), and this layer keeps the status,
  headers and body Flask sent, per host, scheme, path and query, while the quiz catalog is
  unchanged (``Catalog.generation``; a refresh is made when due, as any lookup makes it). A 304
  is kept the same way, for a request whose ``If-None-Match`` holds the page's ETag.
* **POSTs** a feature serves (``posts``: (path pattern, URL rule, handler)): the handler builds the
  body from parts kept in memory only (``quiz.web.memory.only_kept``: a part not built yet sends the
  request to Flask, which builds it); the headers are those Flask sent with the last such page on
  that rule, host and scheme (the view marks it), with the body's length.
* **Only what Flask served is served.** A host outside ``TRUSTED_HOSTS`` never got a page, so it
  gets none here; before the catalog has loaded (``CatalogNotLoaded``) or when a version cannot be
  read, the request goes to Flask (503). A request with a cookie (a class's or an editor's
  session), HEAD, a POST with a query string or a body that is not a small urlencoded form, and
  whatever a handler declines (bad input, a class, an embed) go to Flask as they came.
* **Counted** in ``/metrics`` (``app.extensions["metrics"]``) under the route's URL rule.
"""

from __future__ import annotations

import io
import re
from time import perf_counter
from typing import Callable, NamedTuple
from urllib.parse import parse_qsl

from flask import Flask, request
from werkzeug.http import parse_etags

from .memory import Memory, only_kept
from .metrics import NOT_COUNTED

KEEP = "valkompass.fast_path.keep"  # in a request's environ: (URL rule, ETag or None), set by the view
URLENCODED = "application/x-www-form-urlencoded"
PAGES_MAX = 10_000  # as quiz.web.http_cache.RENDERED_PAGES_MAX: junk query strings start the memory over

# A POST handler: (app, the path pattern's groups, the form's (name, value) pairs) -> the page's
# bytes, or None to hand the request to Flask.
Handler = Callable[[Flask, tuple, list], "bytes | None"]


class Post(NamedTuple):
    pattern: re.Pattern  # matched against PATH_INFO in full
    rule: str  # the Flask URL rule of the same route (its metrics label, and whose headers it sends)
    handler: Handler


def may_serve_before_flask(etag: str | None = None) -> None:
    """Mark this request's response as one the layer may serve again: a public page with its
    ``etag``, or (``etag`` None) the page of a POST route a feature serves before Flask, whose
    headers it learns. Only a 200 (or a public page's 304) without a cookie is taken."""
    request.environ[KEEP] = (request.url_rule.rule, etag)


class Kept(NamedTuple):
    status: str
    headers: list
    body: bytes


class Page:
    """A public page as Flask sent it: in full, and as a 304 for a matching ``If-None-Match``."""

    __slots__ = ("rule", "etag", "full", "not_modified")

    def __init__(self, rule: str, etag: str):
        self.rule, self.etag = rule, etag
        self.full: Kept | None = None
        self.not_modified: Kept | None = None


class FastPath:
    """The WSGI layer (``app.wsgi_app = FastPath(app, app.wsgi_app, posts)``); see the module."""

    def __init__(self, app: Flask, wsgi_app, posts: tuple[Post, ...] = ()):
        self.app = app
        self.wsgi_app = wsgi_app
        self.posts = posts
        self.catalog = app.extensions["catalog"]
        self.record = app.extensions.get("metrics")  # quiz.web.metrics (absent when off)
        self.max_body = app.config.get("MAX_CONTENT_LENGTH") or 64 * 1024
        self.pages = Memory(app.config.get("PAGE_MEMORY_BYTES", 16 * 2**20))
        self.generation = None  # the catalog's, for which ``pages`` were kept
        self.heads: dict[tuple, tuple] = {}  # (host, scheme, script, rule) -> (status, headers before, after Content-Length)

    def __call__(self, environ: dict, start_response):
        method = environ["REQUEST_METHOD"]
        if "HTTP_COOKIE" in environ or "HTTP_HOST" not in environ:
            return self.wsgi_app(environ, start_response)
        if method == "GET":
            return self.get(environ, start_response)
        if method == "POST" and self.posts:
            return self.post(environ, start_response)
        return self.wsgi_app(environ, start_response)

    # Public pages

    def get(self, environ: dict, start_response):
        started = perf_counter()
        key = (environ["HTTP_HOST"], environ["wsgi.url_scheme"], environ.get("SCRIPT_NAME", ""),
               environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""))
        page = self.pages.get(key)
        if page is not None:  # only then the catalog: /healthz, static files and the rest never touch it
            try:
                generation = self.catalog.current_generation()  # refreshed when due, as any lookup is
            except Exception:  # the database, say: Flask answers as it would have
                generation = None
            if generation != self.generation:  # a publish (or unlisting): every kept page may be stale
                self.pages.clear()
                self.generation = generation
                page = None
        if page is not None:
            match = environ.get("HTTP_IF_NONE_MATCH")
            found = page.not_modified if match and parse_etags(match).contains(page.etag) else page.full
            if found is not None:
                start_response(found.status, list(found.headers))
                self.count(environ, page.rule, "GET", found.status, started)
                return [found.body] if found.body else []
        generation = self.catalog.generation  # before Flask reads the catalog: a refresh meanwhile drops the page
        return self.through_flask(environ, start_response, lambda mark, kept: self.keep_page(key, generation, mark, kept))

    def keep_page(self, key: tuple, generation: int, mark: tuple, kept: Kept) -> None:
        rule, etag = mark
        if etag is None:
            return
        if generation != self.generation:
            self.pages.clear()
            self.generation = generation
        if self.catalog.generation != generation:  # refreshed while Flask built it: not kept
            return
        page = self.pages.get(key)
        if page is None or page.etag != etag:
            if len(self.pages) >= PAGES_MAX or self.pages.nbytes + len(kept.body) > self.pages.max_bytes:
                self.pages.clear()
            page = self.pages[key] = Page(rule, etag)
        if kept.status.startswith("304"):
            page.not_modified = kept
        else:
            page.full = kept
            self.pages.nbytes += len(kept.body)

    # POSTs

    def post(self, environ: dict, start_response):
        path = environ.get("PATH_INFO", "")
        for post in self.posts:
            match = post.pattern.fullmatch(path)
            if match:
                break
        else:
            return self.wsgi_app(environ, start_response)
        if environ.get("QUERY_STRING") or environ.get("CONTENT_TYPE") != URLENCODED:
            return self.wsgi_app(environ, start_response)
        place = (environ["HTTP_HOST"], environ["wsgi.url_scheme"], environ.get("SCRIPT_NAME", ""), post.rule)
        head = self.heads.get(place)
        if head is None:  # Flask serves the first one (and the host check): its headers are learned
            return self.through_flask(environ, start_response, lambda mark, kept: self.learn(place, mark, kept))
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if not 0 < length <= self.max_body:
            return self.wsgi_app(environ, start_response)
        started = perf_counter()
        body = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(body)  # Flask reads it again if the request goes on
        page = None
        if len(body) == length:
            try:
                items = parse_qsl(body.decode(), keep_blank_values=True, errors="werkzeug.url_quote")
                with self.app.app_context(), only_kept():
                    page = post.handler(self.app, match.groups(), items)
            except Exception:  # anything unusual (a part not built yet, a database away): Flask answers
                page = None
        if type(page) is not bytes:  # declined (None), or anything but a plain page: Flask answers
            return self.wsgi_app(environ, start_response)
        status, before, after = head
        start_response(status, [*before, ("Content-Length", str(len(page))), *after])
        self.count(environ, post.rule, "POST", status, started)
        return [page]

    def learn(self, place: tuple, mark: tuple, kept: Kept) -> None:
        if mark[1] is not None or mark[0] != place[3] or not kept.status.startswith("200"):
            return
        names = [name.lower() for name, _ in kept.headers]
        if "content-length" not in names:
            return
        at = names.index("content-length")
        self.heads[place] = (kept.status, kept.headers[:at], kept.headers[at + 1:])

    # Both

    def through_flask(self, environ: dict, start_response, take: Callable[[tuple, Kept], None]):
        """Flask answers; a response its view marked (``may_serve_before_flask``) is given to ``take``."""
        sent = []

        def capture(status, headers, exc_info=None):
            sent.append((status, headers))
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, capture)
        mark = environ.get(KEEP)
        if mark is None or not sent:
            return body
        status, headers = sent[-1]
        try:
            data = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        if status[:3] in ("200", "304") and not any(
            name.lower() == "set-cookie" or (name.lower() == "vary" and "cookie" in value.lower())
            for name, value in headers
        ):
            take(mark, Kept(status, list(headers), data))
        return [data]

    def count(self, environ: dict, rule: str, method: str, status: str, started: float) -> None:
        if self.record is not None and NOT_COUNTED not in environ:
            self.record(rule, method, int(status[:3]), perf_counter() - started)
