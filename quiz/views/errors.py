"""Error pages: HTML in the voter's language, or JSON for API clients; never a bare 500."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, InternalServerError

bp = Blueprint("errors", __name__)

TITLES = {
    400: _l("Felaktig förfrågan"),
    403: _l("Åtkomst nekad"),
    404: _l("Sidan finns inte"),
    405: _l("Metoden är inte tillåten"),
    410: _l("Sidan finns inte längre"),
    413: _l("För mycket data"),
    429: _l("För många försök"),
    500: _l("Något gick fel"),
    501: _l("Stöds inte"),
}


def wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best_match(["application/json", "text/html"]) == "application/json"
    )


def error_response(status: int, message: str | None = None, **context):
    title = str(TITLES.get(status, TITLES[500]))
    if wants_json():
        return jsonify(error={"status": status, "title": title, "message": message or title}), status
    return render_template("error.html", status=status, title=title, message=message, **context), status


@bp.app_errorhandler(HTTPException)
def http_error(exc: HTTPException):
    if exc.code is None or exc.code < 400:
        return exc
    message = exc.description if getattr(exc, "user_message", False) else None
    return error_response(exc.code, message)


@bp.app_errorhandler(InternalServerError)
def internal_error(exc):
    return error_response(500)
