"""Error pages: HTML in the voter's language, or JSON for API clients; never a bare 500.

An error page is rendered once per status, message, reading mode and (for a GET, whose language
links point back at it) URL, then served from memory: junk requests under load must not cost more
than real pages (a rendered error page costs twice the result page; docs/BENCHMARKS.md).
"""

from __future__ import annotations

from functools import partial

from flask import Blueprint, abort, current_app, jsonify, make_response, render_template, request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, MethodNotAllowed, SecurityError

from ..core.published import PublishedQuiz
from ..extensions import db
from ..store.catalog import CatalogNotLoaded, CatalogUnavailable, current_catalog
from .context import carried
from .memory import app_store, kept, kind
from .metrics import scrape_allowed

try:  # what gunicorn raises while the app reads a body it cannot parse
    from gunicorn.http.errors import ParseException as BodyParseError
except ImportError:  # pragma: no cover - another WSGI server
    BodyParseError = None

ERROR_PAGES = kind("error_pages")

bp = Blueprint("errors", __name__)

TITLES = {
    400: _l("Felaktig förfrågan"),
    403: _l("Åtkomst nekad"),
    404: _l("Sidan finns inte"),
    405: _l("Metoden är inte tillåten"),
    409: _l("Kan inte tas emot"),
    410: _l("Sidan finns inte längre"),
    413: _l("För mycket data"),
    429: _l("För många försök"),
    500: _l("Något gick fel"),
    501: _l("Stöds inte"),
    503: _l("Tillfälligt otillgänglig"),
}


def wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best_match(["application/json", "text/html"]) == "application/json"
    )


ERROR_PAGES_MAX = 1024  # distinct error pages kept per process, then the memory starts over


def database_down(exc: Exception, area: str, message: str):
    """The 503 of a part that needs the database (the editor, the review round; the voter path does
    not): the session rolled back, the error's kind logged, and the page saying so and when to retry."""
    db.session.rollback()
    current_app.logger.warning("%s: database unavailable (%s)", area, type(exc).__name__)
    body, status = error_response(503, message)
    return body, status, {"Retry-After": "30", "Cache-Control": "no-store"}


def error_response(status: int, message: str | None = None, restart=None):
    """``restart``: a published quiz to offer starting again. A request for a host we do not
    answer for gets the host check's page whatever went wrong: nothing can be built for it."""
    if untrusted_host():
        return unknown_host_page()
    title = str(TITLES.get(status, TITLES[500]))
    message = None if message is None else str(message)  # a lazy text in the request's language
    if wants_json():
        return jsonify(error={"status": status, "title": title, "message": message or title}), status
    key = (
        carried(), status, message, restart.etag if restart else None,
        request.full_path if request.method in ("GET", "HEAD") else None,
    )
    render = partial(render_template, "web/error.html", status=status, title=title, message=message, restart=restart)
    return kept(app_store(ERROR_PAGES), key, render, ERROR_PAGES_MAX), status


NO_SUCH_VERSION = _l("Quizet eller versionen finns inte.")
UNREADABLE_ANSWERS = _l(
    "Svaren i formuläret går inte att läsa: de är ändrade, ofullständiga eller gäller en annan version av quizet."
)


def published_or_404(quiz_id: str, version: str | None = None, message=None) -> PublishedQuiz:
    """The quiz's latest version, or ``version`` of it; else the request ends with a 404 page
    (``message`` says why, else its title does)."""
    catalog = current_catalog()
    pq = catalog.get(quiz_id, version) if version else catalog.latest(quiz_id)
    if pq is None:
        abort(make_response(error_response(404, message)))
    return pq


@bp.app_errorhandler(HTTPException)
def http_error(exc: HTTPException):
    if exc.code is None or exc.code < 400:
        return exc
    message = exc.description if getattr(exc, "user_message", False) else None
    response = make_response(error_response(exc.code, message))
    if isinstance(exc, MethodNotAllowed) and exc.valid_methods:  # a 405 must say what is allowed (RFC 9110)
        response.headers["Allow"] = ", ".join(exc.valid_methods)
    return response


UNKNOWN_HOST_PAGE = """<!doctype html>
<html lang="sv"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Okänd adress</title>
<h1>Okänd adress</h1>
<p>Den här valkompassen svarar inte på adressen i förfrågan. Kontrollera länken.</p>
<section lang="en"><h2>Unknown address</h2>
<p>This voting advice application does not answer for the address in the request. Check the link.</p></section>
</html>
"""


def untrusted_host() -> bool:
    """The request names a host outside ``TRUSTED_HOSTS``: Flask found no URL adapter for it and
    raises the ``SecurityError`` when it dispatches (before-request hooks run first)."""
    return isinstance(request.routing_exception, SecurityError)


def unknown_host_page():
    return UNKNOWN_HOST_PAGE, 400, {"Cache-Control": "no-store", "Content-Type": "text/html; charset=utf-8"}


@bp.app_errorhandler(SecurityError)
def unknown_host(exc: SecurityError):
    """A Host header outside ``TRUSTED_HOSTS`` (see ``quiz.config.trusted_hosts``): a fixed page,
    since nothing may be built from that host (there is no URL adapter for it) and nothing kept.
    ``/healthz`` and ``/readyz`` still answer: load balancers probe them by address, and they
    hold no URL; so does ``/metrics`` (quiz.web.metrics, behind its token), which Prometheus scrapes by
    address."""
    if request.path in ("/healthz", "/readyz"):
        return current_app.view_functions["health." + request.path[1:]]()
    if request.path == "/metrics" and "metrics" in current_app.view_functions and scrape_allowed():
        return current_app.view_functions["metrics"]()
    return unknown_host_page()


CATALOG_RETRY_SECONDS = 30


@bp.app_errorhandler(CatalogUnavailable)
def catalog_unavailable(exc: CatalogUnavailable):
    """An older quiz version not in this process's memory while the database is down, or any
    quiz before this process has loaded the catalog once (see ``quiz.store.catalog``): it may well
    exist, so not a 404 saying the link is wrong, nor an empty list; nothing may keep the answer."""
    if isinstance(exc, CatalogNotLoaded):
        message = _l("Valkompassen kan inte läsa in quizen just nu. Försök igen om en liten stund.")
    else:
        message = _l("Den här versionen av quizet går inte att läsa in just nu. Försök igen om en liten stund: "
                     "länken är inte fel.")
    body, status = error_response(503, str(message))
    return body, status, {"Retry-After": str(CATALOG_RETRY_SECONDS), "Cache-Control": "no-store"}


@bp.app_errorhandler(CSRFError)
def stale_form(exc: CSRFError):
    """A class form's token is missing, from another session or older than WTF_CSRF_TIME_LIMIT."""
    return error_response(400, gettext("Formuläret är för gammalt eller ogiltigt. Ladda om sidan och försök igen."))


if BodyParseError is not None:

    @bp.app_errorhandler(BodyParseError)
    def unreadable_body(exc):
        """A body the server cannot read (gunicorn: a malformed chunked body, e.g. a chunk size
        ``zz``), met when the form or JSON is read: the client's mistake, a 400 like any other."""
        return error_response(400)


FALLBACK_500 = """<!doctype html>
<html lang="sv"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Något gick fel</title>
<h1>Något gick fel</h1>
<p>Försök igen om en stund.</p>
<section lang="en"><h2>Something went wrong</h2><p>Please try again in a while.</p></section>
</html>
"""


@bp.app_errorhandler(InternalServerError)
def internal_error(exc):
    """The 500 page; if even that cannot be built, a fixed one (still through the after-request
    hooks, so with the security headers), never the WSGI server's bare 500."""
    try:
        return error_response(500)
    except Exception:
        current_app.logger.exception("the 500 page failed too")
        return FALLBACK_500, 500, {"Cache-Control": "no-store", "Content-Type": "text/html; charset=utf-8"}
