"""Publishing quiz versions: how content becomes a version voters are shown.

Published versions are immutable (a share link names its version and shows the same result
forever), so publishing only ever adds a row: a new version unless the latest already holds the
same content (its fingerprint), several quizzes all or nothing in one transaction. ``flask quiz
import`` and the browser editor's "Publicera" (``quiz.editor.drafts.publish``) both call this.
"""

from __future__ import annotations

import json

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..store.catalog import current_catalog
from ..content.exchange import fingerprint as content_fingerprint, to_export
from ..core.model import Quiz
from ..extensions import db
from ..store.models import QuizVersion


def migrate_to_head() -> None:
    """Create or migrate the schema, so publishing works on an empty database."""
    from flask_migrate import upgrade

    upgrade(directory=current_app.extensions["migrate"].directory)


def publish(quiz: Quiz, unlisted: bool = False) -> QuizVersion | None:
    """Add a new immutable version unless the latest already has this content (then None).

    ``unlisted`` (embed and link only, not on the start page or the API's list) is not content: a
    change of it alone is written to the latest version."""
    fingerprint = content_fingerprint(quiz)
    latest = db.session.execute(
        select(QuizVersion).where(QuizVersion.quiz_id == quiz.id).order_by(QuizVersion.sequence.desc()).limit(1)
    ).scalar()
    if latest is not None and latest.fingerprint == fingerprint:
        if bool(latest.unlisted) != unlisted:
            latest.unlisted = unlisted
        return None
    sequence = (latest.sequence if latest else 0) + 1
    version = f"{sequence}-{fingerprint[:8]}"
    row = QuizVersion(
        quiz_id=quiz.id,
        version=version,
        sequence=sequence,
        fingerprint=fingerprint,
        title=quiz.title,
        document=json.dumps(to_export(quiz, version), ensure_ascii=False, sort_keys=True),
        unlisted=unlisted,
    )
    db.session.add(row)
    return row


PUBLISH_ATTEMPTS = 3


class PublishConflict(RuntimeError):
    """Other imports kept publishing at the same moment; nothing was published."""


def publish_all(quizzes: list[Quiz], migrate: bool = True,
                unlisted: dict[str, bool] | None = None) -> list[tuple[Quiz, QuizVersion | None]]:
    """Publish every quiz or none, in one transaction; then this process's catalog shows them.

    The CLI migrates first (``migrate``); the browser editor runs on a migrated database and does
    not. ``unlisted``: quiz id → shown on no list (see ``publish``).

    Two imports at once (two hosts, a CI job and an operator) may both read version N as the latest
    and add N+1. The database keeps one row per quiz and sequence (and per version id), so the
    second commit is refused; that import then starts again from what the first published: the
    same content is then "unchanged", other content becomes N+2. After ``PUBLISH_ATTEMPTS`` refusals
    it gives up (``PublishConflict``) and publishes nothing.
    """
    if migrate:
        migrate_to_head()
    unlisted = unlisted or {}
    for attempt in range(1, PUBLISH_ATTEMPTS + 1):
        results = []
        try:
            for quiz in quizzes:
                results.append((quiz, publish(quiz, unlisted.get(quiz.id, False))))
            db.session.commit()
            break
        except IntegrityError:
            db.session.rollback()
            if attempt == PUBLISH_ATTEMPTS:
                raise PublishConflict(
                    "another import published at the same time, again and again: nothing was published; run it again"
                ) from None
        except Exception:
            db.session.rollback()
            raise
    current_catalog().refresh(force=True)
    return results
