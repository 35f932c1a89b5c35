"""The catalog of published quiz versions (``core.published.PublishedQuiz``), built once per version
from the database and kept in memory.

The voter path asks the catalog, never the database: a version is parsed and turned into arrays
the first time it is needed, then served from memory. Every ``CATALOG_REFRESH_SECONDS`` one small
query checks whether another process has published something newer (many app instances, one DB).

Failure policy, with the database down: every version in memory keeps being served. That is the
latest of each quiz and the one before it (loaded with it, or kept when a newer one arrives),
so a voter who started just before a publish finishes on the version they began. An older version
this process does not hold cannot be told from a mistyped link without the database, so asking
for one raises ``CatalogUnavailable`` (a 503 page with ``Retry-After``), never a 404; it is looked
up again once the database answers. A process that started while the database was away has
nothing in memory: until its first load succeeds every lookup raises ``CatalogNotLoaded`` (503),
and it tries again at most once every ``NOT_LOADED_RETRY_SECONDS``; ``/readyz`` fails meanwhile.
"""

from __future__ import annotations

import json
import re
import threading
import time

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from ..content.exchange import from_export
from ..core.published import PublishedQuiz
from ..extensions import db
from .models import QuizVersion

VERSION_PATTERN = re.compile(r"^([1-9]\d{0,8})-[0-9a-f]{8}$")
NEWER_VERSION_RECHECK_SECONDS = 1.0
NOT_LOADED_RETRY_SECONDS = 1.0
UNKNOWN_QUIZ_RECHECK_SECONDS = 1.0
QUIZ_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
UNAVAILABLE = object()  # what a catalog query returns when the database cannot answer


class CatalogUnavailable(Exception):
    """A version this process does not hold was asked for while the database could not answer."""


class CatalogNotLoaded(CatalogUnavailable):
    """This process has not loaded the catalog once yet (started while the database was away):
    it cannot tell a real quiz from a wrong link, nor list the quizzes, so every page that needs
    them is a 503, never a 404 or an empty list that a CDN would keep."""


class Catalog:
    def __init__(self, app):
        self.app = app
        self._lock = threading.Lock()
        self._latest: dict[str, PublishedQuiz] = {}
        self._versions: dict[tuple[str, int], PublishedQuiz | None] = {}
        self._checked_at = float("-inf")
        self._newer_checked_at = float("-inf")  # the last check a link to an unknown newer version caused
        self._unknown_checked_at = float("-inf")  # the last check a link to an unknown quiz caused
        self._newest_row = None
        self.loaded = False  # the latest versions were read from the database once
        self.reachable = False  # the last catalog query was answered
        self.generation = 0  # counts the changes of the latest versions (pages kept whole: quiz.web.fast_path)

    def quizzes(self) -> list[PublishedQuiz]:
        """The listed quizzes (the start page, the API's list); unlisted ones open by link only."""
        self._refresh_if_due()
        return sorted((q for q in self._latest.values() if not q.unlisted), key=lambda q: q.quiz.title)

    def latest(self, quiz_id: str) -> PublishedQuiz | None:
        """The latest version of ``quiz_id``. A quiz this process does not know may have been
        published a moment ago by another (the editor shows its link at once): then the database
        is asked, at most once per ``UNKNOWN_QUIZ_RECHECK_SECONDS`` whatever the junk asked for."""
        self._refresh_if_due()
        found = self._latest.get(quiz_id)
        if (found is None and isinstance(quiz_id, str) and QUIZ_ID_PATTERN.match(quiz_id)
                and self._refresh_if_older_than(UNKNOWN_QUIZ_RECHECK_SECONDS, "_unknown_checked_at")):
            found = self._latest.get(quiz_id)
        return found

    def current_generation(self) -> int:
        """``generation`` after a refresh when one is due, as any lookup does; ``CatalogNotLoaded``
        before the first load."""
        self._refresh_if_due()
        return self.generation

    def ready(self) -> bool:
        """Loaded once, and the database answered the last query (it tries a due load first)."""
        try:
            self._refresh_if_due()
        except CatalogNotLoaded:
            return False
        return self.reachable

    def get(self, quiz_id: str, version: str) -> PublishedQuiz | None:
        """A specific version: the latest from memory, an older one loaded once on demand.

        Versions are ``<sequence>-<hash>``; a malformed one or an unknown quiz is refused without
        touching the database, and each older sequence is looked up at most once, so junk links
        cannot turn into a query per request. A sequence beyond the latest may be real: with many
        instances, the page the voter answered can come from one that has refreshed already. So it
        triggers the refresh early, at most once per ``NEWER_VERSION_RECHECK_SECONDS``, timed apart
        from the regular refresh: a refresh that ran just before the other instance published must
        not keep this one from looking again.
        """
        latest = self.latest(quiz_id)
        if latest is None:
            return None
        if latest.version == version:
            return latest
        match = VERSION_PATTERN.match(version)
        if not match:
            return None
        sequence = int(match.group(1))
        newer_may_exist = sequence > latest.sequence
        if newer_may_exist and self._refresh_if_older_than(NEWER_VERSION_RECHECK_SECONDS, "_newer_checked_at"):
            latest = self._latest.get(quiz_id, latest)  # another instance published it first
            if latest.version == version:
                return latest
        if sequence >= latest.sequence:
            return None
        key = (quiz_id, sequence)
        if key not in self._versions:
            row = self._query(
                select(QuizVersion).where(QuizVersion.quiz_id == quiz_id, QuizVersion.sequence == key[1])
            )
            if row is UNAVAILABLE:  # not remembered: the version may well exist once the database is back
                raise CatalogUnavailable(f"{quiz_id}/{version}")
            with self._lock:
                self._versions[key] = _published(row) if row is not None else None
        found = self._versions[key]
        return found if found is not None and found.version == version else None

    def refresh(self, force: bool = False) -> None:
        """Reload the latest version of every quiz now (after an import, or when due); ``force``
        also when no version was added (a publish that changed only whether a quiz is listed)."""
        newest = self._query(select(func.max(QuizVersion.id)), scalar=True)
        self._checked_at = self._unknown_checked_at = time.monotonic()
        if newest is UNAVAILABLE or (newest == self._newest_row and self._latest and not force):
            return  # a database outage keeps serving what is in memory
        rows = self._query(
            select(QuizVersion).where(
                QuizVersion.id.in_(select(func.max(QuizVersion.id)).group_by(QuizVersion.quiz_id))
            ),
            many=True,
        )
        if rows is UNAVAILABLE:
            return
        self.loaded = True
        latest, previous = {}, {}
        for row in rows:
            current = self._latest.get(row.quiz_id)
            if current and current.version == row.version and current.unlisted == bool(row.unlisted):
                latest[row.quiz_id] = current
                continue
            latest[row.quiz_id] = _published(row)
            if current:  # superseded here: voters who started on it are still answering
                previous[(row.quiz_id, current.sequence)] = current
            else:
                previous.update(self._version_before(row))
        with self._lock:
            self._versions.update(previous)
            self._latest = latest
            self._newest_row = newest
            self.generation += 1

    def _version_before(self, row: QuizVersion) -> dict:
        """The version published before ``row`` (one query, when a quiz is first loaded)."""
        if (row.quiz_id, row.sequence - 1) in self._versions:
            return {}
        before = self._query(
            select(QuizVersion)
            .where(QuizVersion.quiz_id == row.quiz_id, QuizVersion.sequence < row.sequence)
            .order_by(QuizVersion.sequence.desc())
            .limit(1)
        )
        if before is None or before is UNAVAILABLE:
            return {}
        return {(row.quiz_id, before.sequence): _published(before)}

    def _refresh_if_due(self) -> None:
        if self.loaded:
            self._refresh_if_older_than(self.app.config["CATALOG_REFRESH_SECONDS"])
            return
        self._refresh_if_older_than(min(NOT_LOADED_RETRY_SECONDS, self.app.config["CATALOG_REFRESH_SECONDS"]))
        if not self.loaded:
            raise CatalogNotLoaded("the quiz catalog has not been loaded yet")

    def _refresh_if_older_than(self, seconds: float, clock: str = "_checked_at") -> bool:
        """Refresh unless the check timed by ``clock`` is younger than ``seconds``; one thread does it."""
        if time.monotonic() - getattr(self, clock) < seconds:
            return False
        with self._lock:
            due = time.monotonic() - getattr(self, clock) >= seconds
            if due:
                setattr(self, clock, time.monotonic())
        if due:
            self.refresh()
        return due

    def _query(self, statement, scalar: bool = False, many: bool = False):
        """Run one catalog query, or return ``UNAVAILABLE`` when the database cannot answer (no
        tables yet, or down): the catalog then keeps what it has, which may be nothing."""
        try:
            with self.app.app_context():
                if scalar:
                    found = db.session.execute(statement).scalar()
                else:
                    result = db.session.execute(statement).scalars()
                    found = result.all() if many else result.first()
                    for r in (found if many else [found] if found is not None else []):
                        db.session.expunge(r)
        except SQLAlchemyError:
            self.reachable = False
            self.app.logger.warning("quiz catalog: database not ready (run `flask quiz import`)")
            return UNAVAILABLE
        self.reachable = True
        return found


def _published(row: QuizVersion) -> PublishedQuiz:
    quiz = from_export(json.loads(row.document), f"quiz version {row.quiz_id}/{row.version}")
    return PublishedQuiz(quiz=quiz, version=row.version, sequence=row.sequence, published_at=row.published_at,
                         unchecked_answers=bool(row.unchecked_answers), unlisted=bool(row.unlisted))


def current_catalog() -> Catalog:
    from flask import current_app

    return current_app.extensions["catalog"]
