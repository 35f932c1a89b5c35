"""Class mode's lifecycle in the database: a teacher's short-lived class and the students' anonymous
submissions. The privacy rules of class mode, kept here and in the modules named (the views only
call them):

* A class is found by its join code (short, for reading aloud) or by the teacher's token (long,
  unguessable; only its SHA-256 is stored). Expired classes are deleted when met and by
  ``purge_expired`` (``flask classes purge``), submissions explicitly first, as SQLite does not
  enforce ``ON DELETE CASCADE`` unless asked to.
* A submission holds a randomized copy of the answers (``quiz.classroom.randomized_response``: each answer
  kept with probability 0.4, otherwise replaced by a uniformly drawn option, "skipped" being one;
  "viktigt för mig" dropped) and a hash of a random per-class device cookie: no name, no address,
  never the true answers. One per device and class; a resubmission replaces it, drawn afresh, and
  a device may send at most ``MAX_SENDS_PER_DEVICE`` times (the first send and one change).
* No student's answers can be read off the figures, even by a teacher who sends all the other
  submissions themselves: with ε = ln 5 ≈ 1.6 (five-point scale) the stored answer is the student's
  own half of the time, and such a teacher recovers about half of them (tested), also when reading
  the figures after each of the student's two sends (about 55 %, tested). The figures are de-biased
  estimates of the class's shares, shown as "≈" whole students.
* Aggregates (``quiz.classroom.aggregates``) are shown only from ``limits.threshold()`` students
  (never fewer than ``limits.MIN_SUBMISSIONS_FLOOR``), and they rest on every student who has sent (the count shown is the
  count used). They are read from tallies per class, statement and option kept up to date by each
  submission in the same transaction, so the dashboard never reads the submissions.
* A class takes as many devices as the teacher said it has students plus 10 % (at least 2 more;
  ``limits.cap``, never above ``CLASS_MAX_SUBMISSIONS``) and ``CLASS_SUBMISSIONS_PER_MINUTE`` sends a
  minute, so one client dropping its cookie can add only those few phones; the dashboard says when
  more phones than students have sent, and the teacher can close the class and discard the sends
  of the last minutes (``discard_recent``). A discarded send stays as a tombstone keeping its
  device's send count, so discarding never gives a phone a fresh draw: a teacher who discards and
  asks for a resend still sees at most two draws (57.6 % of answers recovered, measured in
  tests/test_class_privacy.py, against 55.8 % for two plain sends).
* Only typed codes are look-ups that can fail: the QR code, the join link and every page after
  joining carry a signed ticket (``quiz.classroom.tickets``), checked without the database.
* Failed code look-ups are counted per client and minute in the database (``quiz.web.clients``) (so every app process
  sees the same counts), keyed by an HMAC of the client address, never the address itself. A
  client is an IPv4 address or an IPv6 /64 as read through ``TRUSTED_PROXY_COUNT`` proxies, so one
  client's guesses stop that client only, never the classes of others behind the same nginx.
"""

from __future__ import annotations

import logging
import hashlib
import re
import secrets
from datetime import datetime, timedelta, timezone

import numpy as np
from sqlalchemy import case, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError

from . import randomized_response
from ..core.answers import option_letters, option_table
from ..core.published import PublishedQuiz
from ..extensions import db
from ..store.models import ClassSession, ClassSubmission, ClassTally, utcnow
from ..web.clients import minute_window, upsert
from ..web.context import CODE_ALPHABET, CODE_LENGTH, normalize_code
from .tickets import Ticket

log = logging.getLogger(__name__)
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")
# The database cannot be reached (down, restarting, connection lost): class mode says so with a 503
# and Retry-After, and works again by itself once it answers; nothing is kept from the failure.
DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
# Every send is randomized afresh (so a change does not show which answers changed), which makes
# each send one more independent draw of the same answers. A teacher who pads a class and reads the
# figures after every send, taking a majority vote over the draws, recovers about 52 % of a
# student's answers after one send, 55 % after two, 64 % after three, 71 % after four and 76 % after
# five (measured in tests/test_class_privacy.py). Two sends (the first and one change) stay within
# the promised 60 %; a third is refused (``SendsUsedUp``).
MAX_SENDS_PER_DEVICE = 2


def as_utc(moment: datetime) -> datetime:
    """SQLite hands datetimes back without a zone; everything we store is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def find_by_ticket(ticket: Ticket | None, now: datetime | None = None) -> ClassSession | None:
    """The live class a ticket names: one read by primary key, never a write."""
    if ticket is None:
        return None
    found = db.session.get(ClassSession, ticket.class_id)
    if found is None or found.code != ticket.code:
        return None
    return _live(found, now)


# --- classes -----------------------------------------------------------------------------------


def create_class(pq: PublishedQuiz, municipality: str, ttl_days: int, now: datetime | None = None,
                 size: int | None = None) -> tuple[ClassSession, str]:
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
            size=size,
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
    db.session.execute(delete(ClassTally).where(ClassTally.class_id == session.id))
    db.session.execute(delete(ClassSubmission).where(ClassSubmission.class_id == session.id))
    db.session.execute(delete(ClassSession).where(ClassSession.id == session.id))
    db.session.commit()


def purge_expired(now: datetime | None = None) -> int:
    """Delete every expired class and all its submissions; returns how many classes went."""
    now = now or utcnow()
    expired = select(ClassSession.id).where(ClassSession.expires_at <= now)
    ids = list(db.session.execute(expired).scalars())
    if ids:
        db.session.execute(delete(ClassTally).where(ClassTally.class_id.in_(ids)))
        db.session.execute(delete(ClassSubmission).where(ClassSubmission.class_id.in_(ids)))
        db.session.execute(delete(ClassSession).where(ClassSession.id.in_(ids)))
    db.session.commit()
    return len(ids)


# --- submissions -------------------------------------------------------------------------------


class ClassFull(Exception):
    """The class already holds ``CLASS_MAX_SUBMISSIONS`` devices' answers: a new device is refused."""


class ClassGone(Exception):
    """The class was deleted between finding it and storing the answers."""


class ClassBusy(Exception):
    """More sends to this class in this minute than ``CLASS_SUBMISSIONS_PER_MINUTE``: try again shortly."""


class ClassClosed(Exception):
    """The teacher has closed the class: it takes no sends until it is opened again."""


class SendsUsedUp(Exception):
    """This device has already sent ``MAX_SENDS_PER_DEVICE`` times: one more draw would tell a
    teacher more about its answers than the privacy texts promise, so nothing is stored."""


def stored_choices(state: str, scale_values: tuple[int, ...]) -> list[int]:
    """A state string as options 0..k−1 (k−1 = skipped; "not reached" is skipped, "important"
    dropped), by the one answer encoding (``core.answers.option_table``)."""
    table = option_table(tuple(scale_values))
    return [table[ch] for ch in state]


def stored_state(choices: list[int], scale_values: tuple[int, ...]) -> str:
    letters = option_letters(tuple(scale_values))
    return "".join(letters[c] for c in choices)


def submit(
    session: ClassSession, pq: PublishedQuiz, device_token: str, state: str, *, max_submissions: int,
    per_minute: int, now: datetime | None = None, rng=None,
) -> int:
    """Store (or replace) this device's answers, randomized (``quiz.classroom.randomized_response``), and move
    the class's tallies by the difference, all in one transaction; returns how many times the
    device has now sent.

    Raises ``AnswerError`` for a state that does not fit the class's quiz, ``ClassBusy`` over the
    class's per-minute limit, ``ClassClosed`` while the teacher has closed the class, ``ClassFull``
    for a new device (or a discarded one) in a full class, ``SendsUsedUp`` for a device that has sent
    ``MAX_SENDS_PER_DEVICE`` times, discarded sends included; nothing is stored then.
    """
    answers = pq.read_answers(state)  # raises AnswerError
    scale_size = len(pq.quiz.scale_values)
    now = now or utcnow()
    minute = minute_window(now)
    sessions = ClassSession.__table__
    window = db.session.execute(
        update(sessions)
        .where(sessions.c.id == session.id, sessions.c.closed_at.is_(None))
        .where(or_(sessions.c.window_minute != minute, sessions.c.window_count < max(1, per_minute)))
        .values(
            window_count=case((sessions.c.window_minute == minute, sessions.c.window_count + 1), else_=1),
            window_minute=minute,
        )
    )
    if window.rowcount == 0:
        db.session.rollback()
        found = db.session.execute(select(sessions.c.closed_at).where(sessions.c.id == session.id)).first()
        if found is None:
            raise ClassGone()  # deleted (or expired and purged) since it was looked up
        if found.closed_at is not None:
            raise ClassClosed()
        raise ClassBusy()
    device = sha256(device_token)
    rows = ClassSubmission.__table__
    earlier = db.session.execute(
        select(rows.c.id, rows.c.state, rows.c.sends, rows.c.discarded)
        .where(rows.c.class_id == session.id, rows.c.device_hash == device)
        .with_for_update()
    ).first()
    if earlier is not None and earlier.sends >= MAX_SENDS_PER_DEVICE:
        db.session.rollback()
        raise SendsUsedUp()
    choices = randomized_response.randomize(stored_choices(answers.letters, pq.quiz.scale_values), scale_size, rng)
    stored = stored_state(choices, pq.quiz.scale_values)
    deltas: dict[tuple[int, int], int] = {}
    for index, option in enumerate(choices):
        deltas[(index, option)] = deltas.get((index, option), 0) + 1
    if earlier is None or earlier.discarded:  # a new phone, or one whose answers were discarded
        room = db.session.execute(
            update(sessions).where(sessions.c.id == session.id, sessions.c.submissions < max(1, max_submissions))
            .values(submissions=sessions.c.submissions + 1)
        )
        if room.rowcount == 0:
            db.session.rollback()
            raise ClassFull()
        if earlier is None:
            db.session.execute(
                insert(rows).values(class_id=session.id, device_hash=device, state=stored, submitted_at=now, sends=1)
            )
            sends = 1
        else:  # the tombstone's count goes on: a discarded send was still a draw
            sends = earlier.sends + 1
            db.session.execute(update(rows).where(rows.c.id == earlier.id)
                               .values(state=stored, submitted_at=now, sends=sends, discarded=False))
    else:
        for index, option in enumerate(stored_choices(earlier.state, pq.quiz.scale_values)):
            deltas[(index, option)] = deltas.get((index, option), 0) - 1
        sends = earlier.sends + 1
        db.session.execute(update(rows).where(rows.c.id == earlier.id).values(state=stored, submitted_at=now, sends=sends))
    changes = [
        {"class_id": session.id, "statement": index, "option": option, "count": delta}
        for (index, option), delta in sorted(deltas.items()) if delta
    ]
    if changes:
        tallies = upsert(ClassTally.__table__)
        db.session.execute(
            tallies.on_conflict_do_update(
                index_elements=["class_id", "statement", "option"],
                set_={"count": ClassTally.__table__.c.count + tallies.excluded.count},
            ),
            changes,
        )
    db.session.commit()
    return sends


def discard_recent(session: ClassSession, pq: PublishedQuiz, minutes: int, now: datetime | None = None) -> int:
    """Discard the answers sent in the last ``minutes``: out of the tallies and the count, in one
    transaction. Each discarded row stays as a tombstone (device hash and send count, no answers),
    so a phone sending again continues its count instead of getting a fresh draw. Returns how many."""
    now = now or utcnow()
    rows = ClassSubmission.__table__
    recent = db.session.execute(
        select(rows.c.id, rows.c.state)
        .where(rows.c.class_id == session.id, rows.c.discarded.is_(False), rows.c.submitted_at >= now - timedelta(minutes=minutes))
        .with_for_update()
    ).all()
    if not recent:
        db.session.rollback()
        return 0
    deltas: dict[tuple[int, int], int] = {}
    for row in recent:
        for index, option in enumerate(stored_choices(row.state, pq.quiz.scale_values)):
            deltas[(index, option)] = deltas.get((index, option), 0) - 1
    tallies = ClassTally.__table__
    for (index, option), delta in sorted(deltas.items()):
        db.session.execute(
            update(tallies).where(tallies.c.class_id == session.id, tallies.c.statement == index, tallies.c.option == option)
            .values(count=tallies.c.count + delta)
        )
    db.session.execute(update(rows).where(rows.c.id.in_([r.id for r in recent])).values(state="", discarded=True))
    sessions = ClassSession.__table__
    db.session.execute(update(sessions).where(sessions.c.id == session.id)
                       .values(submissions=sessions.c.submissions - len(recent)))
    db.session.commit()
    return len(recent)


def set_closed(session: ClassSession, closed: bool, now: datetime | None = None) -> None:
    """Close the class to sends (the figures stay), or open it again."""
    sessions = ClassSession.__table__
    db.session.execute(update(sessions).where(sessions.c.id == session.id)
                       .values(closed_at=(now or utcnow()) if closed else None))
    db.session.commit()


def submission_count(session: ClassSession) -> int:
    return session.submissions or 0


def observed_counts(session: ClassSession, pq: PublishedQuiz) -> np.ndarray:
    """(S, k) the class's stored answers per statement and option, read from the tallies alone
    (at most S × k rows, however many students sent)."""
    k = randomized_response.options(len(pq.quiz.scale_values))
    counts = np.zeros((len(pq.statements), k), dtype=int)
    query = select(ClassTally.statement, ClassTally.option, ClassTally.count).where(ClassTally.class_id == session.id)
    for statement, option, count in db.session.execute(query):
        if 0 <= statement < counts.shape[0] and 0 <= option < k:
            counts[statement, option] = count
    return counts
