"""What browsers, proxies and a CDN may keep, and how we tell them.

Pages that depend only on the URL and the quiz version (start, intro, statement, method) are
``Cache-Control: public`` with an ETag made of the release (a hash of the code, templates and
static files, computed once at start-up) and the quiz version, so every app instance of the same
release gives the same ETag and a revalidation costs a 304 without rendering. Pages that carry a
voter's answers are ``private, no-cache`` (``browser_only``): no proxy or CDN keeps them, and the
voter's own browser keeps them only for its history, so Back shows the result again.

Static files are fingerprinted: ``url_for('static', filename=…)`` adds ``?v=<hash of the file>``,
computed once at start-up, and a request carrying the current hash is cached for a year as
immutable; a changed file gets a new URL.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from functools import wraps
from typing import Callable

from flask import Flask, Response, current_app, make_response, request

from .context import carried
from .memory import app_store, kept, kind
from .fast_path import may_serve_before_flask

RENDERED_PAGES = kind("rendered_pages")

STATIC_MAX_AGE = 365 * 24 * 3600
UNVERSIONED_STATIC_MAX_AGE = 300
RENDERED_PAGES_MAX = 10_000


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def static_fingerprints(folder: str | None) -> dict[str, str]:
    """``{relative path: short content hash}`` for every file under the static folder."""
    if not folder or not os.path.isdir(folder):
        return {}
    root = Path(folder)
    return {p.relative_to(root).as_posix(): file_hash(p) for p in sorted(root.rglob("*")) if p.is_file()}


def release_id(app: Flask) -> str:
    """One hash over what shapes a page's bytes: code, templates, translations and static files."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent  # all of quiz/, not only web/
    folders = [package, Path(app.template_folder), Path(app.static_folder)]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in {".py", ".html", ".mo", ".css", ".js", ".svg", ".txt"}:
                digest.update(path.as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def init_http_cache(app: Flask) -> None:
    app.config.setdefault("PUBLIC_MAX_AGE", 300)
    fingerprints = static_fingerprints(app.static_folder)
    app.extensions["static_fingerprints"] = fingerprints
    app.extensions["release"] = release_id(app)

    @app.url_defaults
    def fingerprint_static_urls(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "v" not in values:
            fingerprint = fingerprints.get(values.get("filename", ""))
            if fingerprint:
                values["v"] = fingerprint

    @app.after_request
    def static_cache_headers(response: Response) -> Response:
        if request.endpoint == "static" and response.status_code in (200, 304):
            filename = (request.view_args or {}).get("filename", "")
            if request.args.get("v") and request.args.get("v") == fingerprints.get(filename):
                response.cache_control.max_age = STATIC_MAX_AGE
                response.cache_control.immutable = True
            else:
                response.cache_control.max_age = UNVERSIONED_STATIC_MAX_AGE
            response.cache_control.public = True
            response.cache_control.no_cache = None
        return response


def public_page(tag: str, render: Callable[[], str]) -> Response:
    """A page that is the same for everyone with this URL: ETag per release and ``tag``.

    ``tag`` names what the page depends on besides its URL (the quiz version). A client or CDN
    holding the same ETag gets a 304; otherwise the page is rendered once per process and URL
    (host, path and query: pages echo the query in their language links and may hold absolute
    URLs) and served from memory.
    Only valid paths get here (the view 404s first); junk query strings are bounded by
    ``RENDERED_PAGES_MAX``, after which the memory starts over. A page that carries a class
    (``klass=``, a student's statement pages) is ``private, no-store`` without an ETag: a class
    code must never sit in a CDN's cache.
    """
    etag = f"{current_app.extensions['release']}-{tag}"
    if carried().klass:  # a class's page (its code in the URL and forms): for no shared cache, no log
        key = (etag, request.host, request.full_path)
        response = make_response(kept(app_store(RENDERED_PAGES), key, render, RENDERED_PAGES_MAX))
        response.headers["Cache-Control"] = CLASS_PAGE
        return response
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        key = (etag, request.host, request.full_path)  # a trusted host (quiz.config.trusted_hosts)
        body = kept(app_store(RENDERED_PAGES), key, render, RENDERED_PAGES_MAX)
        response = make_response(body)
    may_serve_before_flask(etag)  # the next request for this URL is answered before Flask (quiz.web.fast_path)
    response.set_etag(etag)
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["PUBLIC_MAX_AGE"]
    return response


BROWSER_ONLY = "private, no-cache"
CLASS_PAGE = "private, no-store"  # a page that carries a class code (``public_page``)


def browser_only(view: Callable) -> Callable:
    """A view whose every response (the page, or an error page) may carry a voter's answers: no
    proxy or CDN may keep it, and the browser may not reuse it for a new request
    (``Cache-Control: private, no-cache``; a POST cannot be revalidated, so it is never reused).

    Why not ``no-store``: these are POST responses, and a browser can show one again on Back only
    from its cache. With ``no-store`` Back from the method, charts or share page asked "Confirm form
    resubmission" and the result was lost. With ``no-cache`` the page stays in the voter's own
    browser cache, on their device, like any page they have seen; it still never reaches a URL,
    a log or a shared cache (answers travel in POST bodies only, or in the opt-in share link)."""

    @wraps(view)
    def private_view(*args, **kwargs) -> Response:
        response = make_response(view(*args, **kwargs))
        response.headers["Cache-Control"] = BROWSER_ONLY
        return response

    return private_view
