"""The editor's tables (store layer): organisations, accounts, invitations, drafts and the log.

A draft is the editor's working copy of one quiz; publishing turns it into an immutable
``QuizVersion`` through ``quiz.publishing.operations`` (the same code path as ``flask quiz import``).
Every editable row carries ``version``, a counter bumped on each save: a save names the counter
it started from, so two editors changing one item get a conflict, never a silent overwrite.

``DraftPosition`` is our coding of one party × statement from the platform. The parties' review
round (issue 24) adds the party's own answer and the review state beside it, keyed by the same
(draft, party, statement), so our reading and theirs are both kept.

``ChangeLog`` is append-only: the code only ever inserts rows (``quiz.editor.log.record``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .models import utcnow

ROLES = ("editor", "admin")


class Organisation(db.Model):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class EditorUser(db.Model):
    """An editor or admin of one organisation. ``session_nonce`` is part of the session's user id,
    so signing out (which changes it) ends every copy of the session cookie, not only this one."""

    __tablename__ = "editor_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10), default="editor")
    session_nonce: Mapped[str] = mapped_column(String(32))
    failed_signins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_failed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    totp_secret: Mapped[str | None] = mapped_column(String(64), nullable=True)
    recovery_codes: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON list of hashes
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    # What Flask-Login asks of a user object; the id names the session nonce too.
    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_nonce}"


class Invitation(db.Model):
    """A one-time link to join an organisation; only the token's hash is kept."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(10), default="editor")
    created_by: Mapped[int] = mapped_column(ForeignKey("editor_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class SigninAttempt(db.Model):
    """Failed sign-ins per client (an HMAC of its address) and window, shared by all processes."""

    __tablename__ = "signin_attempt"

    client_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    window: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    count: Mapped[int] = mapped_column(Integer, default=0)


class Draft(db.Model):
    """One quiz being edited. ``quiz_id`` is unique per install: it is the published quiz's id."""

    __tablename__ = "draft"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    quiz_id: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(10), default="sv")
    scale: Mapped[str] = mapped_column(Text)  # JSON: {"values": [...], "labels": {...}}
    topics: Mapped[str] = mapped_column(Text, default="[]")  # JSON: [{"id", "title"}]
    municipalities: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of names
    unlisted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    extra: Mapped[str] = mapped_column(Text, default="", server_default="")  # JSON: see DraftStatement.extra
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DraftParty(db.Model):
    """A party and its platform text, stored unchanged as pasted or uploaded (the quotes' source)."""

    __tablename__ = "draft_party"
    __table_args__ = (UniqueConstraint("draft_id", "party_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    party_id: Mapped[str] = mapped_column(String(100))
    ordering: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(50), default="")
    municipality: Mapped[str] = mapped_column(String(100), default="")
    color: Mapped[str] = mapped_column(String(7), default="")
    source_title: Mapped[str] = mapped_column(String(300), default="")
    source_url: Mapped[str] = mapped_column(String(1000), default="")
    source_captured: Mapped[str] = mapped_column(String(10), default="")  # YYYY-MM-DD
    source_text: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)


class DraftStatement(db.Model):
    __tablename__ = "draft_statement"
    __table_args__ = (UniqueConstraint("draft_id", "statement_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    statement_id: Mapped[str] = mapped_column(String(100))
    ordering: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    topic: Mapped[str] = mapped_column(String(100), default="")
    background: Mapped[str] = mapped_column(Text, default="")
    easy: Mapped[str] = mapped_column(Text, default="")  # lättläst (Swedish)
    text_en: Mapped[str] = mapped_column(Text, default="")
    direction: Mapped[str] = mapped_column(String(10), default="")
    # JSON: what the content format holds beyond the editor's fields (origin, other languages'
    # texts, easy versions), kept so an imported quiz exports as it came.
    extra: Mapped[str] = mapped_column(Text, default="", server_default="")
    version: Mapped[int] = mapped_column(Integer, default=1)


class DraftPosition(db.Model):
    """Our coding of one party on one statement; a missing row is unknown, the default."""

    __tablename__ = "draft_position"
    __table_args__ = (UniqueConstraint("party_row", "statement_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    party_row: Mapped[int] = mapped_column(ForeignKey("draft_party.id", ondelete="CASCADE"))
    statement_row: Mapped[int] = mapped_column(ForeignKey("draft_statement.id", ondelete="CASCADE"))
    value: Mapped[int | None] = mapped_column(Integer, nullable=True)
    basis: Mapped[str] = mapped_column(String(20), default="")
    justification: Mapped[str] = mapped_column(Text, default="")
    quote: Mapped[str] = mapped_column(Text, default="")
    extra: Mapped[str] = mapped_column(Text, default="", server_default="")  # JSON: see DraftStatement.extra
    version: Mapped[int] = mapped_column(Integer, default=1)


class ChangeLog(db.Model):
    """Who did what, when: every draft change, publication and account action. Insert only."""

    __tablename__ = "change_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True, nullable=True)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor: Mapped[str] = mapped_column(String(254), default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    action: Mapped[str] = mapped_column(String(50))
    target: Mapped[str] = mapped_column(String(300), default="")
    detail: Mapped[str] = mapped_column(Text, default="")  # JSON
