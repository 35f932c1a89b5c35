"""How much class mode takes: the class threshold (the one place it is decided), a class's size cap,
failed code look-ups per client and minute, classes created per client and hour."""

from __future__ import annotations

import math
from datetime import datetime

from flask import current_app
from sqlalchemy import delete, select

from ..extensions import db
from ..store.models import ClassCreation, utcnow
from ..web.clients import upsert

MIN_SUBMISSIONS_FLOOR = 3


def min_submissions(configured: int) -> int:
    """The class threshold: how many students must have sent before any figure is shown
    (``CLASS_MIN_SUBMISSIONS``, never fewer than ``MIN_SUBMISSIONS_FLOOR``)."""
    return max(MIN_SUBMISSIONS_FLOOR, int(configured))


def threshold() -> int:
    """This app's class threshold (``min_submissions`` of its ``CLASS_MIN_SUBMISSIONS``): every page
    and every figure takes it from here."""
    return min_submissions(current_app.config["CLASS_MIN_SUBMISSIONS"])


def cap(size: int | None, upper_bound: int) -> int:
    """How many phones a class takes: its size plus 10 % (at least 2 more), so a few phones
    counted twice (a student who cleared cookies, a second browser) are no problem, while one
    client dropping its cookie can add only that many before the class is full. Never above
    ``CLASS_MAX_SUBMISSIONS`` (``upper_bound``), which is also the cap of a class made without a size."""
    upper_bound = max(1, int(upper_bound))
    if not size:
        return upper_bound
    return min(upper_bound, size + max(2, math.ceil(size / 10)))


def attempts_limit() -> int:
    """Failed code look-ups a client may make per minute (``JOIN_ATTEMPTS_PER_MINUTE``, at least one)."""
    return max(1, current_app.config["JOIN_ATTEMPTS_PER_MINUTE"])


def _hour(now: datetime) -> int:
    return int(now.timestamp()) // 3600


def seconds_to_next_hour(now: datetime | None = None) -> int:
    return 3600 - int((now or utcnow()).timestamp()) % 3600


def count_creation(client: str, limit: int, now: datetime | None = None) -> bool:
    """Count one class created by ``client`` in this hour's window, if it stays within ``limit``;
    False (nothing counted) when the client has created ``limit`` classes this hour already.
    Windows that are over are dropped."""
    hour = _hour(now or utcnow())
    table = ClassCreation.__table__
    statement = upsert(table).values(client_hash=client, hour=hour, count=1)
    db.session.execute(statement.on_conflict_do_update(index_elements=["client_hash", "hour"],
                                                       set_={"count": table.c.count + 1}))
    count = db.session.execute(select(table.c.count).where(table.c.client_hash == client, table.c.hour == hour)).scalar()
    if count > max(1, limit):
        db.session.rollback()
        return False
    db.session.execute(delete(ClassCreation).where(ClassCreation.hour < hour))
    db.session.commit()
    return True
