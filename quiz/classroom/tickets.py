"""Class mode's signed values: the join ticket a student's pages carry and the projector view's key.
Both are HMACs with SECRET_KEY, checked without the database."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

from ..store.models import ClassSession
from ..web.context import TICKET_PATTERN


def projector_key(secret_key: str, session: ClassSession) -> str:
    """The projector view's key for a class: an HMAC with SECRET_KEY of the class itself (its
    teacher token's hash, unique to it), not of its code alone, so a link to a deleted class
    never shows a later class that drew the same code. Needs no storage, cannot be guessed."""
    message = f"projector:{session.code}:{session.teacher_token_hash}".encode()
    digest = hmac.new(secret_key.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode()


def projector_key_matches(secret_key: str, session: ClassSession, key: str) -> bool:
    """Compared as bytes: ``hmac.compare_digest`` refuses a str that is not ASCII (a TypeError,
    so a 500), and a link's path may hold anything."""
    return hmac.compare_digest(projector_key(secret_key, session).encode(), (key or "").encode())


# --- join tickets ------------------------------------------------------------------------------
# The QR code, the join link and the ``klass`` value a student's pages carry hold a ticket: the
# code, the class's id and an HMAC of both with SECRET_KEY. Checking it needs no database, so a
# made-up class value costs no query (issue 20.10), and a student who came by the link or is
# sending never meets the limiter that counts typed codes as guesses (issue 20.3): one student
# guessing codes can no longer lock out everyone behind the school's address. A ticket is bound to
# the class's id, so it lasts as long as that class and opens no other.

@dataclass(frozen=True)
class Ticket:
    code: str
    class_id: int


def _ticket_signature(secret_key: str, class_id: int, code: str) -> str:
    digest = hmac.new(secret_key.encode(), f"ticket:{class_id}:{code}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:12]).decode()


def class_ticket(secret_key: str, session: ClassSession) -> str:
    """The class value the links and forms carry: ``CODE.ID.SIGNATURE``."""
    return f"{session.code}.{session.id}.{_ticket_signature(secret_key, session.id, session.code)}"


def read_ticket(secret_key: str, value: str | None) -> Ticket | None:
    """The class a carried value names, if its signature is ours; no database."""
    match = TICKET_PATTERN.match(value or "")
    if match is None:
        return None
    code, class_id, signature = match.group(1), int(match.group(2)), match.group(3)
    if not hmac.compare_digest(_ticket_signature(secret_key, class_id, code).encode(), signature.encode()):
        return None
    return Ticket(code, class_id)
