"""``/healthz``: liveness, a constant answer, and the framework floor in `make bench`;
``/readyz``: readiness, what a load balancer should route by.

``/healthz`` touches neither the database nor templates on purpose: it says the process answers,
and its speed is the most any page of this app could reach on the same machine. ``/readyz`` fails
(503) until the process has loaded the quiz catalog once and while the database does not answer
(one ``SELECT 1``, at most once a second per process, so probes cannot load the database).
"""

from __future__ import annotations

import threading
import time

from flask import Blueprint, current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..store.catalog import current_catalog
from ..extensions import db

bp = Blueprint("health", __name__)

PLAIN = {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
DATABASE_CHECK_SECONDS = 1.0
RETRY_AFTER_SECONDS = 5


@bp.get("/healthz")
def healthz():
    return "ok\n", 200, PLAIN


class _DatabaseCheck:
    """The last answer of ``SELECT 1`` and when it came, per app."""

    def __init__(self):
        self.lock = threading.Lock()
        self.checked_at = float("-inf")
        self.answered = False

    def answers(self) -> bool:
        with self.lock:
            if time.monotonic() - self.checked_at >= DATABASE_CHECK_SECONDS:
                try:
                    db.session.execute(text("SELECT 1"))
                    self.answered = True
                except SQLAlchemyError:
                    db.session.rollback()
                    self.answered = False
                finally:
                    db.session.remove()
                self.checked_at = time.monotonic()
            return self.answered


@bp.get("/readyz")
def readyz():
    check = current_app.extensions.setdefault("database_check", _DatabaseCheck())
    catalog = current_catalog()
    if not catalog.ready():
        reason = "the quiz catalog has not been loaded yet" if not catalog.loaded else "the database does not answer"
    elif not check.answers():
        reason = "the database does not answer"
    else:
        return "ready\n", 200, PLAIN
    return f"not ready: {reason}\n", 503, {**PLAIN, "Retry-After": str(RETRY_AFTER_SECONDS)}
