"""One published quiz version as numpy-ready data, built once per version and kept in memory.

Pure (no Flask, no database): the catalog (``quiz.store.catalog``) builds one per stored version,
and every page and kernel reads the party × statement matrix built here. What the layers above
derive per version (term tables, the position map, the audit) they keep in the version's memo slot
(``once``), so this module knows none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any, TypeVar

import numpy as np

from .answers import Answers
from .model import Party, Position, Quiz, Statement, Topic

ALL_MUNICIPALITIES = "alla"
T = TypeVar("T")


def position_matrix(quiz: Quiz) -> np.ndarray:
    """(P, S) the parties' positions, NaN = unknown: the one place the matrix is built (once per
    published version; the audit of a quiz that is not published, e.g. ``flask quiz audit``)."""
    party = {p.id: i for i, p in enumerate(quiz.parties)}
    statement = {s.id: i for i, s in enumerate(quiz.statements)}
    matrix = np.full((len(party), len(statement)), np.nan)
    for pos in quiz.positions:
        if pos.value is not None:
            matrix[party[pos.party], statement[pos.statement]] = pos.value
    return matrix


@dataclass(frozen=True, eq=False)
class PublishedQuiz:
    """One immutable quiz version with its party × statement matrix."""

    quiz: Quiz
    version: str
    sequence: int
    published_at: datetime | None = None
    unchecked_answers: bool = False  # published before the check character: old links still open
    unlisted: bool = False  # embed and link only: not on the start page or the API's list
    positions: np.ndarray = field(init=False, repr=False)
    _memo: dict = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self):
        matrix = position_matrix(self.quiz)
        matrix.setflags(write=False)
        object.__setattr__(self, "positions", matrix)

    def once(self, key: Any, build: Callable[["PublishedQuiz"], T]) -> T:
        """``build(self)`` the first time ``key`` is asked for, then the same object for as long as
        this version lives: the voter path's tables are made at the first request that needs them.
        Keys are tuples led by the deriving module's name, so modules never share one by chance."""
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = build(self)
        return found

    @property
    def id(self) -> str:
        return self.quiz.id

    def read_answers(self, encoded: str | None) -> Answers:
        """A posted or linked answer string for this version; ``AnswerError`` if it is not one."""
        return Answers.decode(self.quiz.scale_values, len(self.statements), encoded, self.version,
                              unchecked=self.unchecked_answers)

    def no_answers(self) -> Answers:
        return Answers.empty(self.quiz.scale_values, len(self.statements), self.version)

    @cached_property
    def etag(self) -> str:
        return f"{self.quiz.id}-{self.version}"

    @cached_property
    def statements(self) -> tuple[Statement, ...]:
        return self.quiz.statements

    @cached_property
    def parties(self) -> tuple[Party, ...]:
        return self.quiz.parties

    @cached_property
    def statement_index(self) -> dict[str, int]:
        return {s.id: i for i, s in enumerate(self.quiz.statements)}

    @cached_property
    def party_index(self) -> dict[str, int]:
        return {p.id: i for i, p in enumerate(self.quiz.parties)}

    @cached_property
    def position_of(self) -> dict[tuple[str, str], Position]:
        return {(p.party, p.statement): p for p in self.quiz.positions}

    @cached_property
    def participation(self) -> tuple[tuple[Party, int, int], ...]:
        """Each party's part in the review round (party, statements answered, statements asked);
        empty when this version had no round (quiz.core.party_review)."""
        if not any(p.review is not None for p in self.quiz.positions):
            return ()
        total = len(self.quiz.statements)
        answered = {party.id: 0 for party in self.quiz.parties}
        for pos in self.quiz.positions:
            if pos.review is not None and pos.review.replied:
                answered[pos.party] += 1
        return tuple((party, answered[party.id], total) for party in self.quiz.parties)

    @cached_property
    def topics(self) -> dict[str, Topic]:
        return {t.id: t for t in self.quiz.topics}

    @property
    def scale_min(self) -> int:
        return self.quiz.scale_values[0]

    @property
    def scale_max(self) -> int:
        return self.quiz.scale_values[-1]

    @cached_property
    def municipalities(self) -> tuple[str, ...]:
        return tuple(sorted({p.municipality for p in self.quiz.parties if p.municipality}))

    @cached_property
    def municipality_slugs(self) -> dict[str, str]:
        return {slug(m): m for m in self.municipalities}

    def municipality_or_all(self, slug) -> str:
        """``slug`` if it names a municipality of this quiz, else all municipalities: a link, form
        or JSON body may carry one from another quiz, or junk."""
        return slug if isinstance(slug, str) and slug in self.municipality_slugs else ALL_MUNICIPALITIES

    def party_indices(self, municipality: str = ALL_MUNICIPALITIES) -> np.ndarray:
        """Row indices of the parties standing in ``municipality`` (a slug), all by default."""
        return self._party_indices.get(municipality, self._party_indices[ALL_MUNICIPALITIES])

    @cached_property
    def topic_groups(self) -> tuple[tuple[Topic, ...], np.ndarray]:
        """The topics that have statements, in quiz order, and their (S, T) membership matrix."""
        used = [t for t in self.quiz.topics if any(s.topic == t.id for s in self.statements)]
        groups = np.array([[float(s.topic == t.id) for t in used] for s in self.statements]).reshape(
            len(self.statements), len(used)
        )
        return tuple(used), groups

    @cached_property
    def _party_indices(self) -> dict[str, np.ndarray]:
        result = {ALL_MUNICIPALITIES: np.arange(len(self.quiz.parties))}
        for s, name in self.municipality_slugs.items():
            result[s] = np.array([i for i, p in enumerate(self.quiz.parties) if p.municipality == name])
        return result


def slug(text: str) -> str:
    table = str.maketrans("åäöéü ", "aaoeu-")
    return text.lower().translate(table)
