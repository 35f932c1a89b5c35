"""The parties' review round's tables (store layer), beside the editor's draft (quiz.store.editor).

A ``ReviewRound`` asks a draft's parties about its statements until a deadline (end of that day,
Europe/Stockholm). Each party gets one ``ReviewLink``: only the SHA-256 of its token is stored, it
expires with the round, and it can be revoked and issued again (a new token, the old one dead).
``ReviewAnswer`` is a party's answer on one statement and, beside it, the editor's decision: our
coding (``DraftPosition``) is never changed by an answer, so both readings are kept.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from . import editor  # noqa: F401  the draft tables these refer to, in the same metadata
from ..extensions import db
from .models import utcnow


class ReviewRound(db.Model):
    __tablename__ = "review_round"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    deadline: Mapped[str] = mapped_column(String(10))  # YYYY-MM-DD, the last day (Europe/Stockholm)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    state: Mapped[str] = mapped_column(String(10), default="open")  # open, closed
    from_files: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    frozen: Mapped[str] = mapped_column(Text, default="{}")  # JSON: statement id → its text when asked
    changes: Mapped[str] = mapped_column(Text, default="[]")  # JSON: statements changed while open
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReviewLink(db.Model):
    __tablename__ = "review_link"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("review_round.id", ondelete="CASCADE"), index=True)
    party_row: Mapped[int] = mapped_column(ForeignKey("draft_party.id", ondelete="CASCADE"))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Reopened by the editor after the round's deadline: this party's link works until then.
    open_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ReviewAnswer(db.Model):
    __tablename__ = "review_answer"
    __table_args__ = (UniqueConstraint("round_id", "party_row", "statement_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("review_round.id", ondelete="CASCADE"), index=True)
    party_row: Mapped[int] = mapped_column(ForeignKey("draft_party.id", ondelete="CASCADE"))
    statement_row: Mapped[int] = mapped_column(ForeignKey("draft_statement.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))  # confirm, value, abstain
    value: Mapped[int | None] = mapped_column(Integer, nullable=True)
    coded_value: Mapped[int | None] = mapped_column(Integer, nullable=True)  # our reading when answered
    reason: Mapped[str] = mapped_column(Text, default="")
    reason_en: Mapped[str] = mapped_column(Text, default="")
    quote: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(1000), default="")
    priority: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decision: Mapped[str] = mapped_column(String(10), default="")  # "", accept, keep
    note: Mapped[str] = mapped_column(Text, default="")  # the published reason for keeping ours
    decided_by: Mapped[str] = mapped_column(String(254), default="")
