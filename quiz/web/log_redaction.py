"""No log line holds a voter's answers, a teacher's link or a class code: one rule for every log.

They travel in the paths of share links (``/r/<quiz>/<version>/<answers>``, also under
``/embed``), teacher links (``/larare/<token>``), class pages (``/klass/<code>/…``), the projector
view (``/visning/<code>/<key>``), an editor's invitation (``/redaktion/inbjudan/<token>``), a party's review link (``/granska/<token>``) and in query strings (``state``, ``kod``, ``klass``, ``biljett``). Whatever a
log writes (the app's error log with its tracebacks, gunicorn's error and access logs) passes
through ``redact`` first; docs/DEPLOY.md's nginx map does the same for nginx's access log.
"""

from __future__ import annotations

import logging
import re

REDACTED = "REDACTED"
_PATHS = [
    (re.compile(r"(/r/[^/?#\s\"']+/[^/?#\s\"']+/)[^/?#\s\"']*"), rf"\g<1>{REDACTED}"),
    (re.compile(r"/larare/(?!guide(?![^/?#\s\"'])|ny(?![^/?#\s\"']))[^/?#\s\"']+"), f"/larare/{REDACTED}"),
    (re.compile(r"/klass/[^/?#\s\"']+"), f"/klass/{REDACTED}"),
    (re.compile(r"/visning/[^?#\s\"']+"), f"/visning/{REDACTED}"),
    (re.compile(r"/redaktion/inbjudan/[^/?#\s\"']+"), f"/redaktion/inbjudan/{REDACTED}"),
    (re.compile(r"(?<![^\s\"'=])/granska/[^/?#\s\"']+"), f"/granska/{REDACTED}"),
    (re.compile(r"([?&;](?:state|kod|klass|biljett|url)=)[^&#\s\"']*"), rf"\g<1>{REDACTED}"),
]


def redact(text: str) -> str:
    """``text`` with every answer string, teacher token, class code and projector key replaced."""
    for pattern, replacement in _PATHS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites a record's message and traceback through ``redact`` before any handler formats it
    (a handler's formatter uses ``exc_text`` when it is set)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a message that cannot be formatted: keep it, without its arguments
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def install(logger: logging.Logger) -> None:
    if not any(isinstance(f, RedactingFilter) for f in logger.filters):
        logger.addFilter(RedactingFilter())


try:  # gunicorn's logger for `gunicorn -c gunicorn.conf.py` (logger_class); absent elsewhere
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # pragma: no cover - gunicorn is in requirements.txt
    _GunicornLogger = object


class GunicornLogger(_GunicornLogger):
    """gunicorn's logger with its error log and access log redacted: the request line, the URL
    parts and the Referer of an access log line (whatever ``access_log_format`` asks for), and
    every error line (gunicorn names the request line of a request it failed to handle)."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        install(self.error_log)
        install(self.access_log)

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}
