"""Database models, all in one place. Published quiz versions are immutable rows."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class QuizVersion(db.Model):
    """One published version of a quiz: the full ``valkompass/1`` document, never edited.

    A share link names ``version``, so it shows the same result forever; a changed import adds a row.
    """

    __tablename__ = "quiz_version"
    __table_args__ = (UniqueConstraint("quiz_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quiz_id: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[str] = mapped_column(String(40))
    sequence: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    document: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
