"""Database models, all in one place. Published quiz versions are immutable rows."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class QuizVersion(db.Model):
    """One published version of a quiz: the full ``valkompass/1`` document, never edited.

    A share link names ``version``, so it shows the same result forever; a changed import adds a row.
    """

    __tablename__ = "quiz_version"
    # One row per sequence number: two imports at once cannot both publish N+1 (quiz.publishing.operations.publish_all).
    __table_args__ = (
        UniqueConstraint("quiz_id", "version"),
        Index("ix_quiz_version_quiz_id_sequence", "quiz_id", "sequence", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quiz_id: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[str] = mapped_column(String(40))
    sequence: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    document: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Published before answer strings carried a check character (migration 0005): its old share
    # links, one character per statement, still open. False for every version published since.
    unchecked_answers: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Not on the start page or the API's list (embed and link only); set by the browser editor.
    unlisted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class ClassSession(db.Model):
    """A teacher's class for one pinned quiz version; everything in it is deleted at ``expires_at``.

    Only a hash of the teacher's link token is kept, so a database leak does not hand out dashboards.
    """

    __tablename__ = "class_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    teacher_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    quiz_id: Mapped[str] = mapped_column(String(100))
    version: Mapped[str] = mapped_column(String(40))
    municipality: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    # Kept up to date by each submission, so the dashboard reads one row and the tallies, never the
    # submissions: students who have sent (capped at CLASS_MAX_SUBMISSIONS), and this minute's sends.
    submissions: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    window_minute: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    window_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The class size the teacher gave: the cap follows it (quiz.classroom.operations.cap); None for classes made
    # before it was asked. While ``closed_at`` is set the class takes no sends.
    size: Mapped[int | None] = mapped_column(Integer, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ClassSubmission(db.Model):
    """One student device's answers to a class: no name, no address, only a hash of a random cookie."""

    __tablename__ = "class_submission"
    __table_args__ = (UniqueConstraint("class_id", "device_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("class_session.id", ondelete="CASCADE"), index=True)
    device_hash: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # How often this device has sent: each send is a fresh randomized draw, so they are capped
    # (quiz.classroom.operations.MAX_SENDS_PER_DEVICE).
    sends: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # A tombstone: the teacher discarded this device's answers (its state is emptied and out of the
    # tallies) but its send count stays, so sending again never gives it a fresh draw.
    discarded: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class ClassTally(db.Model):
    """How many of a class's stored (randomized) answers to one statement are one option:
    ``option`` is the index on the quiz's scale, or the scale's length for "skipped"."""

    __tablename__ = "class_tally"

    class_id: Mapped[int] = mapped_column(ForeignKey("class_session.id", ondelete="CASCADE"), primary_key=True)
    statement: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    option: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    count: Mapped[int] = mapped_column(Integer, default=0)


class JoinAttempt(db.Model):
    """Failed class-code look-ups per client and minute (fixed window), shared by all app processes.

    ``client_hash`` is an HMAC of the client address with SECRET_KEY; the address itself is never stored.
    """

    __tablename__ = "join_attempt"

    client_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    minute: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    count: Mapped[int] = mapped_column(Integer, default=0)


class ClassCreation(db.Model):
    """Classes created per client and hour (fixed window), shared by all app processes, so one
    client cannot create thousands (each kept CLASS_TTL_DAYS). ``client_hash`` as in JoinAttempt."""

    __tablename__ = "class_creation"

    client_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    hour: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    count: Mapped[int] = mapped_column(Integer, default=0)
