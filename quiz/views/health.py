"""``/healthz``: a constant answer for load balancers, and the framework floor in `make bench`.

It touches neither the database nor templates on purpose: it says the process answers, and its
speed is the most any page of this app could reach on the same machine.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
