"""Accounts: organisations, editors and admins, passwords, invitations, and how sign-in is limited.

Rules kept here, in one place:
- Passwords: at least ``MIN_PASSWORD_LENGTH`` characters, not on the common list, not the address;
  stored as argon2id hashes (argon2-cffi), re-hashed when the library's parameters change.
- Sign-in backs off **per account** (after ``FREE_FAILURES`` failures each attempt must wait twice as
  long as the last, at most ``MAX_BACKOFF_SECONDS``) and locks **per client** (``CLIENT_FAILURES``
  failures from one address in a ``CLIENT_WINDOW_SECONDS`` window lock that address until the window
  ends). A browser that has signed in to the account before carries a signed device cookie and is
  exempt from the account's back-off: someone who only knows an editor's address can slow down
  strangers' guesses, never lock the editor out.
- Invitations are one-time links; only a hash of the token is stored; they last ``INVITATION_DAYS``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ..store.editor import ROLES, EditorUser, Invitation, Organisation, SigninAttempt
from ..extensions import db
from ..store.models import utcnow

MIN_PASSWORD_LENGTH = 12
FREE_FAILURES = 5
MAX_BACKOFF_SECONDS = 300
CLIENT_FAILURES = 10
CLIENT_WINDOW_SECONDS = 900
INVITATION_DAYS = 7

hasher = PasswordHasher()
# Compared against when the address is unknown, so an unknown address costs as long as a wrong password.
_DUMMY_HASH = hasher.hash("no such account, no such password")


class AccountError(ValueError):
    """A refused account action; the message is for the user."""


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    path = Path(__file__).with_name("common_passwords.txt")
    return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


def password_problem(password: str, email: str = "") -> str | None:
    """Why ``password`` may not be used, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Lösenordet måste ha minst %(n)d tecken.", n=MIN_PASSWORD_LENGTH)
    if len(password) > 1000:
        return _("Lösenordet är för långt.")
    lowered = password.lower()
    local = email.split("@", 1)[0].lower()
    if lowered in common_passwords() or len(set(lowered)) <= 3 or (len(local) >= 4 and local in lowered):
        return _("Lösenordet är för vanligt eller för lätt att gissa. Välj ett annat, gärna flera ord.")
    return None


def normal_email(email: str) -> str:
    return email.strip().lower()


def valid_email(email: str) -> bool:
    local, at, domain = email.partition("@")
    return bool(at and local and "." in domain and len(email) <= 254 and not any(c.isspace() for c in email))


def organisation(name: str, create: bool = False) -> Organisation | None:
    org = db.session.execute(select(Organisation).where(Organisation.name == name)).scalar()
    if org is None and create:
        org = Organisation(name=name)
        db.session.add(org)
        db.session.flush()
    return org


def create_user(org: Organisation, email: str, password: str, role: str = "editor") -> EditorUser:
    email = normal_email(email)
    if not valid_email(email):
        raise AccountError(_("Skriv en giltig e-postadress."))
    if role not in ROLES:
        raise AccountError(_("Okänd roll."))
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem)
    if db.session.execute(select(EditorUser.id).where(EditorUser.email == email)).scalar() is not None:
        raise AccountError(_("Det finns redan ett konto med den adressen."))
    user = EditorUser(org_id=org.id, email=email, password_hash=hasher.hash(password), role=role,
                      session_nonce=secrets.token_hex(16))
    db.session.add(user)
    db.session.flush()
    return user


def user_for_session(value: str) -> EditorUser | None:
    user_id, _sep, nonce = value.partition(":")
    if not user_id.isdigit() or not nonce:
        return None
    user = db.session.get(EditorUser, int(user_id))
    if user is None or not hmac.compare_digest(user.session_nonce, nonce):
        return None
    return user


def end_sessions(user: EditorUser) -> None:
    """Every copy of this user's session cookie stops working (sign-out, password change)."""
    user.session_nonce = secrets.token_hex(16)


# --- signing in ----------------------------------------------------------------------------------


def client_hash(address: str) -> str:
    return hmac.new(current_app.config["SECRET_KEY"].encode(), f"signin:{address}".encode(), hashlib.sha256).hexdigest()


def _window(now: float) -> int:
    return int(now // CLIENT_WINDOW_SECONDS)


def client_locked_for(address: str, now: float | None = None) -> int:
    """Seconds until this client may try again (0: it may)."""
    now = time.time() if now is None else now
    count = db.session.execute(
        select(SigninAttempt.count).where(SigninAttempt.client_hash == client_hash(address),
                                          SigninAttempt.window == _window(now))
    ).scalar() or 0
    if count < CLIENT_FAILURES:
        return 0
    return int((_window(now) + 1) * CLIENT_WINDOW_SECONDS - now) + 1


def _count_client_failure(address: str, now: float) -> None:
    key = dict(client_hash=client_hash(address), window=_window(now))
    updated = db.session.execute(
        update(SigninAttempt).where(SigninAttempt.client_hash == key["client_hash"],
                                    SigninAttempt.window == key["window"]).values(count=SigninAttempt.count + 1)
    ).rowcount
    if not updated:
        try:
            with db.session.begin_nested():
                db.session.add(SigninAttempt(**key, count=1))
        except IntegrityError:  # another process counted the first failure at the same moment
            db.session.execute(update(SigninAttempt).where(
                SigninAttempt.client_hash == key["client_hash"], SigninAttempt.window == key["window"]
            ).values(count=SigninAttempt.count + 1))


def account_wait(user: EditorUser, now: datetime | None = None) -> int:
    """Seconds this account's back-off still asks a stranger's browser to wait (0: none)."""
    if user.failed_signins < FREE_FAILURES or user.last_failed_at is None:
        return 0
    delay = min(2 ** (user.failed_signins - FREE_FAILURES), MAX_BACKOFF_SECONDS)
    last = user.last_failed_at if user.last_failed_at.tzinfo else user.last_failed_at.replace(tzinfo=timezone.utc)
    left = (last + timedelta(seconds=delay) - (now or utcnow())).total_seconds()
    return max(0, int(left) + (1 if left > int(left) else 0))


class SigninRefused(Exception):
    def __init__(self, message: str, wait: int = 0):
        super().__init__(message)
        self.message, self.wait = message, wait


def sign_in(email: str, password: str, address: str, known_device: bool) -> EditorUser:
    """The user for these credentials, or ``SigninRefused`` saying why (never which part was wrong)."""
    now = time.time()
    locked = client_locked_for(address, now)
    if locked:
        raise SigninRefused(_("För många misslyckade inloggningar härifrån. Försök igen om %(m)d minuter.",
                              m=max(1, (locked + 59) // 60)), locked)
    user = db.session.execute(select(EditorUser).where(EditorUser.email == normal_email(email))).scalar()
    if user is not None and not known_device:
        wait = account_wait(user)
        if wait:  # counts against this client too: waiting out the back-off is not a way round the lock
            _count_client_failure(address, now)
            db.session.commit()
            raise SigninRefused(_("Kontot har haft flera misslyckade inloggningar. Vänta %(s)d s och försök igen.",
                                  s=wait), wait)
    try:
        hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
        ok = user is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    if not ok:
        _count_client_failure(address, now)
        if user is not None:
            user.failed_signins += 1
            user.last_failed_at = utcnow()
        db.session.commit()
        raise SigninRefused(_("Fel e-postadress eller lösenord."))
    user.failed_signins = 0
    user.last_failed_at = None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    return user


# --- invitations ---------------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(by: EditorUser, role: str) -> str:
    """A new invitation to ``by``'s organisation; returns the token (shown once, never stored)."""
    if role not in ROLES:
        raise AccountError(_("Okänd roll."))
    token = secrets.token_urlsafe(32)
    db.session.add(Invitation(org_id=by.org_id, token_hash=token_hash(token), role=role, created_by=by.id,
                              expires_at=utcnow() + timedelta(days=INVITATION_DAYS)))
    return token


class InvitationGone(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def open_invitation(token: str) -> Invitation:
    """The usable invitation for ``token``, else ``InvitationGone`` saying whether it expired,
    was used, or never existed."""
    if not token or len(token) > 100:
        raise InvitationGone(_("Inbjudan finns inte. Kontrollera länken."))
    invitation = db.session.execute(select(Invitation).where(Invitation.token_hash == token_hash(token))).scalar()
    if invitation is None:
        raise InvitationGone(_("Inbjudan finns inte. Kontrollera länken."))
    if invitation.used_at is not None:
        raise InvitationGone(_("Inbjudan är redan använd. Be den som bjöd in dig om en ny."))
    expires = invitation.expires_at if invitation.expires_at.tzinfo else invitation.expires_at.replace(tzinfo=timezone.utc)
    if expires <= utcnow():
        raise InvitationGone(_("Inbjudan har gått ut (den gällde i %(d)d dagar). Be den som bjöd in dig om en ny.",
                               d=INVITATION_DAYS))
    return invitation


def accept_invitation(invitation: Invitation, email: str, password: str) -> EditorUser:
    org = db.session.get(Organisation, invitation.org_id)
    user = create_user(org, email, password, invitation.role)
    claimed = db.session.execute(
        update(Invitation).where(Invitation.id == invitation.id, Invitation.used_at.is_(None)).values(used_at=utcnow())
    ).rowcount
    if not claimed:  # used by someone else a moment ago
        db.session.rollback()
        raise InvitationGone(_("Inbjudan är redan använd. Be den som bjöd in dig om en ny."))
    return user


# --- two-step sign-in (TOTP, RFC 6238) -----------------------------------------------------------

RECOVERY_CODES = 10
TOTP_ISSUER = "Valkompass"


def new_totp_secret() -> str:
    import pyotp

    return pyotp.random_base32()


def totp_uri(secret: str, email: str) -> str:
    import pyotp

    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=TOTP_ISSUER)


def totp_ok(secret: str, code: str) -> bool:
    """A six-digit code from the app, this 30-second step or the one either side (clock drift)."""
    import pyotp

    code = "".join(code.split())
    return len(code) == 6 and code.isdigit() and pyotp.TOTP(secret).verify(code, valid_window=1)


def _recovery_hash(code: str) -> str:
    return hashlib.sha256("".join(code.split()).lower().replace("-", "").encode()).hexdigest()


def enable_totp(user: EditorUser, secret: str) -> list[str]:
    """Turn two-step sign-in on; returns the recovery codes, shown once (only hashes are kept)."""
    import json

    codes = [f"{secrets.token_hex(4)}-{secrets.token_hex(4)}" for _ in range(RECOVERY_CODES)]
    user.totp_secret = secret
    user.recovery_codes = json.dumps([_recovery_hash(c) for c in codes])
    return codes


def disable_totp(user: EditorUser) -> None:
    user.totp_secret = None
    user.recovery_codes = None


def second_step_ok(user: EditorUser, code: str) -> bool:
    """A TOTP code, or an unused recovery code (then used up)."""
    import json

    if user.totp_secret and totp_ok(user.totp_secret, code):
        return True
    hashes = json.loads(user.recovery_codes or "[]")
    given = _recovery_hash(code)
    for stored in hashes:
        if hmac.compare_digest(stored, given):
            hashes.remove(stored)
            user.recovery_codes = json.dumps(hashes)
            return True
    return False


def count_client_failure(address: str) -> None:
    _count_client_failure(address, time.time())
