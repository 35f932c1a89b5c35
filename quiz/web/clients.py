"""Who is asking, for rate limits: a client is an IPv4 address or an IPv6 /64, as read through
``TRUSTED_PROXY_COUNT`` proxies (``quiz.trust_proxies``), and it is counted under an HMAC of that,
never the address itself. Class mode's join codes and review links count failed look-ups here, per
client and minute, in the database, so every app process sees the same counts."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
from datetime import datetime
from functools import cache

from flask import current_app, request
from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from ..store.models import JoinAttempt, utcnow

log = logging.getLogger(__name__)


def client_network(address: str) -> str:
    """The unit a rate limit counts: an IPv4 address, or an IPv6 address's /64, since one IPv6
    client (a phone, a home router) usually holds a whole /64 and could otherwise change address
    for every attempt."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def client_key(secret_key: str, address: str) -> str:
    """The rate limiter's key for a client: an HMAC, so the table never holds an IP address."""
    return hmac.new(secret_key.encode(), b"join:" + client_network(address).encode(), hashlib.sha256).hexdigest()


def request_client() -> str:
    """This request's client as the join limit counts it: ``client_key`` of its address."""
    if not current_app.config.get("TRUSTED_PROXY_COUNT") and "X-Forwarded-For" in request.headers:
        warn_untrusted_proxy()
    return client_key(current_app.config["SECRET_KEY"], request.remote_addr or "")


@cache
def warn_untrusted_proxy() -> None:
    """Once per process: behind a proxy that is not trusted, every client shares one rate-limit bucket."""
    log.warning(
        "Requests carry X-Forwarded-For but TRUSTED_PROXY_COUNT is 0: class mode counts every client "
        "behind the proxy as one (set TRUSTED_PROXY_COUNT, see docs/DEPLOY.md)"
    )


def upsert(table):
    """The dialect's INSERT that can say ON CONFLICT (PostgreSQL and SQLite spell it the same)."""
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def minute_window(now: datetime) -> int:
    return int(now.timestamp()) // 60


def retry_after(now: datetime | None = None) -> dict[str, str]:
    """The ``Retry-After`` header of a refused look-up: the seconds left in this minute's window,
    when the count starts over (RFC 6585: a client, or a person, knows when to try again)."""
    now = now or utcnow()
    return {"Retry-After": str(60 - int(now.timestamp()) % 60)}


def too_many_attempts(client: str, limit: int, now: datetime | None = None) -> bool:
    now = now or utcnow()
    query = select(JoinAttempt.count).where(JoinAttempt.client_hash == client, JoinAttempt.minute == minute_window(now))
    return (db.session.execute(query).scalar() or 0) >= limit


def record_failed_attempt(client: str, now: datetime | None = None) -> None:
    """Count one failed look-up in this minute's window and drop the windows that are over."""
    minute = minute_window(now or utcnow())
    statement = upsert(JoinAttempt.__table__).values(client_hash=client, minute=minute, count=1)
    statement = statement.on_conflict_do_update(
        index_elements=["client_hash", "minute"], set_={"count": JoinAttempt.__table__.c.count + 1}
    )
    db.session.execute(statement)
    db.session.execute(delete(JoinAttempt).where(JoinAttempt.minute < minute))
    db.session.commit()
