"""Class mode: a teacher's short-lived class, students' anonymous submissions, and what the class sees.

Privacy rules this module keeps (the views only call it):

* A class is found by its join code (short, for reading aloud) or by the teacher's token (long,
  unguessable; only its SHA-256 is stored). Expired classes are deleted when met and by
  ``purge_expired`` (``flask classes purge``), submissions explicitly first, as SQLite does not
  enforce ``ON DELETE CASCADE`` unless asked to.
* A submission holds the answer string and a hash of a random per-class device cookie: no name,
  no address. One per device and class; a resubmission replaces it (one upsert, one transaction).
* Aggregates are computed only from at least ``min_submissions`` students (never fewer than
  ``MIN_SUBMISSIONS_FLOOR``), so no single student's answers can be read off the dashboard, and
  they grow in whole groups of that size (the earliest submissions first): a live dashboard that
  changed with every submission would show the newest student's answers as the difference.
* Failed code look-ups are counted per client and minute in the database (so every app process
  sees the same counts), keyed by an HMAC of the client address, never the address itself. A
  client is an IPv4 address or an IPv6 /64 as read through ``TRUSTED_PROXY_COUNT`` proxies, so one
  client's guesses stop that client only, never the classes of others behind the same nginx.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import numpy as np
from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from .answers import AnswerError, Answers
from .catalog import PublishedQuiz
from .content import Party, Statement
from .extensions import db
from .models import ClassSession, ClassSubmission, JoinAttempt, utcnow
from .results import compute_result

# No look-alikes: no 0/O/Q, 1/I/L, 2/Z, 5/S, 8/B, 6/G; upper case only, so it reads aloud unambiguously.
CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
CODE_LENGTH = 6
CODE_PATTERN = re.compile(rf"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")
MIN_SUBMISSIONS_FLOOR = 3
DISCUSSION_STARTERS = 3


def as_utc(moment: datetime) -> datetime:
    """SQLite hands datetimes back without a zone; everything we store is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def normalize_code(raw: str | None) -> str | None:
    """A code as typed (any case, spaces or dashes) in canonical form, or None if it cannot be one."""
    if not raw:
        return None
    code = re.sub(r"[\s-]", "", raw).upper()
    return code if CODE_PATTERN.match(code) else None


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


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


def min_submissions(configured: int) -> int:
    return max(MIN_SUBMISSIONS_FLOOR, int(configured))


# --- classes -----------------------------------------------------------------------------------


def create_class(pq: PublishedQuiz, municipality: str, ttl_days: int, now: datetime | None = None) -> tuple[ClassSession, str]:
    """A new class for this quiz version; returns it and the teacher token (shown once, never stored)."""
    now = now or utcnow()
    purge_expired(now)
    for _attempt in range(10):
        token = secrets.token_urlsafe(32)
        session = ClassSession(
            code=new_code(),
            teacher_token_hash=sha256(token),
            quiz_id=pq.id,
            version=pq.version,
            municipality=municipality,
            created_at=now,
            expires_at=now + timedelta(days=max(1, ttl_days)),
        )
        db.session.add(session)
        try:
            db.session.commit()
            return session, token
        except IntegrityError:  # a code already in use: draw again
            db.session.rollback()
    raise RuntimeError("could not find a free class code")


def _live(session: ClassSession | None, now: datetime | None) -> ClassSession | None:
    if session is None:
        return None
    if as_utc(session.expires_at) <= (now or utcnow()):
        delete_class(session)
        return None
    return session


def find_by_code(code: str | None, now: datetime | None = None) -> ClassSession | None:
    code = normalize_code(code)
    if code is None:
        return None
    return _live(db.session.execute(select(ClassSession).where(ClassSession.code == code)).scalar(), now)


def find_by_token(token: str | None, now: datetime | None = None) -> ClassSession | None:
    if not token or not TOKEN_PATTERN.match(token):
        return None
    found = db.session.execute(select(ClassSession).where(ClassSession.teacher_token_hash == sha256(token))).scalar()
    return _live(found, now)


def delete_class(session: ClassSession) -> None:
    db.session.execute(delete(ClassSubmission).where(ClassSubmission.class_id == session.id))
    db.session.execute(delete(ClassSession).where(ClassSession.id == session.id))
    db.session.commit()


def purge_expired(now: datetime | None = None) -> int:
    """Delete every expired class and all its submissions; returns how many classes went."""
    now = now or utcnow()
    expired = select(ClassSession.id).where(ClassSession.expires_at <= now)
    ids = list(db.session.execute(expired).scalars())
    if ids:
        db.session.execute(delete(ClassSubmission).where(ClassSubmission.class_id.in_(ids)))
        db.session.execute(delete(ClassSession).where(ClassSession.id.in_(ids)))
    db.session.commit()
    return len(ids)


# --- submissions -------------------------------------------------------------------------------


def _insert(table):
    """The dialect's INSERT that can say ON CONFLICT (PostgreSQL and SQLite spell it the same)."""
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def submit(session: ClassSession, pq: PublishedQuiz, device_token: str, state: str, now: datetime | None = None) -> None:
    """Store (or replace) this device's answers; the state is checked against the class's quiz first."""
    Answers.decode(pq.quiz.scale_values, len(pq.statements), state)  # raises AnswerError
    now = now or utcnow()
    statement = _insert(ClassSubmission.__table__).values(
        class_id=session.id, device_hash=sha256(device_token), state=state, submitted_at=now
    )
    statement = statement.on_conflict_do_update(
        index_elements=["class_id", "device_hash"], set_={"state": state, "submitted_at": now}
    )
    db.session.execute(statement)
    db.session.commit()


def submission_count(session: ClassSession) -> int:
    query = select(func.count()).select_from(ClassSubmission).where(ClassSubmission.class_id == session.id)
    return db.session.execute(query).scalar() or 0


def submission_states(session: ClassSession) -> list[str]:
    """The answer strings in the order they first arrived (a resubmission keeps its place)."""
    query = select(ClassSubmission.state).where(ClassSubmission.class_id == session.id).order_by(ClassSubmission.id)
    return list(db.session.execute(query).scalars())


# --- rate limit --------------------------------------------------------------------------------


def _minute(now: datetime) -> int:
    return int(now.timestamp()) // 60


def too_many_attempts(client: str, limit: int, now: datetime | None = None) -> bool:
    now = now or utcnow()
    query = select(JoinAttempt.count).where(JoinAttempt.client_hash == client, JoinAttempt.minute == _minute(now))
    return (db.session.execute(query).scalar() or 0) >= limit


def record_failed_attempt(client: str, now: datetime | None = None) -> None:
    """Count one failed look-up in this minute's window and drop the windows that are over."""
    minute = _minute(now or utcnow())
    statement = _insert(JoinAttempt.__table__).values(client_hash=client, minute=minute, count=1)
    statement = statement.on_conflict_do_update(
        index_elements=["client_hash", "minute"], set_={"count": JoinAttempt.__table__.c.count + 1}
    )
    db.session.execute(statement)
    db.session.execute(delete(JoinAttempt).where(JoinAttempt.minute < minute))
    db.session.commit()


# --- aggregates --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatementSummary:
    statement: Statement
    number: int
    counts: tuple[int, ...]  # students per scale value, in scale order
    skipped: int
    answered: int
    mean: float | None  # on the quiz's scale
    spread: float | None  # 0 = everyone gave the same answer, 1 = split half and half between the extremes
    against: int = 0  # answers below the scale's middle
    neutral: int = 0
    in_favour: int = 0


@dataclass(frozen=True)
class PartySummary:
    party: Party
    average: float | None  # the class's mean match, 0..100
    top_count: int  # students for whom this party is the best match (shared first places count for each)


@dataclass(frozen=True)
class ClassAggregates:
    submissions: int  # how many the figures rest on: a whole number of groups
    statements: tuple[StatementSummary, ...]
    divided: tuple[StatementSummary, ...]
    united: tuple[StatementSummary, ...]
    parties: tuple[PartySummary, ...]  # best class average first


def aggregates(pq: PublishedQuiz, municipality: str, states: list[str], threshold: int) -> ClassAggregates | None:
    """What the class's answers say together; None below the threshold (nothing may be shown then).

    Scores come from ``results.compute_result`` per student, the same numbers each student saw.
    """
    answer_sets = []
    for state in states:
        try:
            answer_sets.append(Answers.decode(pq.quiz.scale_values, len(pq.statements), state))
        except AnswerError:
            continue
    group = min_submissions(threshold)
    if len(answer_sets) < group:
        return None
    answer_sets = answer_sets[: len(answer_sets) // group * group]
    scale = np.array(pq.quiz.scale_values, dtype=float)
    values = np.vstack([a.arrays()[0] for a in answer_sets])  # (N, S), NaN = skipped
    counts = (values[:, :, None] == scale[None, None, :]).sum(axis=0)  # (S, V)
    answered = counts.sum(axis=1)
    half_range = (scale[-1] - scale[0]) / 2
    middle = (scale[-1] + scale[0]) / 2
    statements = []
    for i, statement in enumerate(pq.statements):
        column = values[:, i][~np.isnan(values[:, i])]
        statements.append(
            StatementSummary(
                statement=statement,
                number=i + 1,
                counts=tuple(int(c) for c in counts[i]),
                skipped=int(len(answer_sets) - answered[i]),
                answered=int(answered[i]),
                mean=float(column.mean()) if column.size else None,
                spread=float(column.std() / half_range) if column.size >= 2 else None,
                against=int((column < middle).sum()),
                neutral=int((column == middle).sum()),
                in_favour=int((column > middle).sum()),
            )
        )
    ranked = sorted((s for s in statements if s.spread is not None), key=lambda s: (-s.spread, s.number))
    starters = min(DISCUSSION_STARTERS, max(1, len(ranked) // 2))  # a short quiz: half each way
    divided = tuple(ranked[:starters])
    calmest = sorted(ranked, key=lambda s: (s.spread, s.number))
    united = tuple(s for s in calmest if s not in divided)[:starters]

    rows = pq.party_indices(municipality)
    scores, tops = [], np.zeros(len(rows), dtype=int)
    for answers in answer_sets:
        result = compute_result(pq, answers, municipality)
        if result.answered == 0:
            continue
        scores.append(result.scores)
        for ranked_party in result.ranking:
            if ranked_party.rank == 1:
                tops[ranked_party.match_row] += 1
    means = np.vstack(scores).mean(axis=0) if scores else np.full(len(rows), np.nan)
    parties = sorted(
        (
            PartySummary(
                party=pq.parties[row],
                average=None if np.isnan(means[i]) else float(means[i]),
                top_count=int(tops[i]),
            )
            for i, row in enumerate(rows)
        ),
        key=lambda p: (-(p.average if p.average is not None else -1), p.party.name),
    )
    return ClassAggregates(len(answer_sets), tuple(statements), divided, united, tuple(parties))
