"""A voter's result for one quiz version: the ranking the result page shows, explained.

Ties: parties whose percentages, as shown (whole numbers), are equal share a rank; within a
tie they are listed alphabetically by name. A party whose known positions cover fewer than half
of the voter's answers is flagged ``uncertain``: its score rests mostly on the unknown rule, so
the page leads with the counts the score is made of (agreeing, disagreeing, unknown) instead.

The minimum: a ranking is shown once the voter has answered ``MINIMUM_ANSWERS`` statements on
which at least two of the shown parties have a known position (or all such statements, where the
quiz has fewer). With fewer, each such answer is more than a fifth of all that tells the parties
apart, so one answer more or less reorders the list; and answers where at most one party is known
only compare a party with the unknown rule. It is presentation only: the scores are the same.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from operator import getitem
from typing import NamedTuple
from weakref import WeakKeyDictionary

import numpy as np

from ..core.answers import Answers, answer_table
from ..core.published import ALL_MUNICIPALITIES, PublishedQuiz
from ..core.model import Party
from .kernels import (
    DEFAULT_METHOD, MatchResult, agreement_terms, answer_terms, competition_ranks, score_parties, score_terms,
)

UNCERTAIN_BELOW = 0.5
MINIMUM_ANSWERS = 5  # answered statements with two or more known positions before a ranking is shown


class RankedParty(NamedTuple):  # a tuple: built for every party on every result request
    party: Party
    index: int  # row in the quiz's position matrix
    match_row: int  # row in ``Result.match`` arrays (the municipality's parties only)
    score: float  # exact, 0..100, NaN when nothing was answered
    percent: int | None
    rank: int
    tied: bool
    coverage: int
    uncertain: bool
    agreeing: int = 0  # answered statements where its known position agrees (``kernels.AGREE_STEPS``)

    @property
    def disagreeing(self) -> int:
        return self.coverage - self.agreeing


@dataclass(frozen=True)
class Result:
    quiz: PublishedQuiz
    answers: Answers
    ranking: tuple[RankedParty, ...]
    municipality: str
    method: str
    scores: tuple[float, ...]  # per match row (the municipality's parties in quiz order)
    answered: int
    separating: int = 0  # answered statements on which two or more of the shown parties are known
    minimum: int = 0  # how many of those a ranking needs (``MINIMUM_ANSWERS`` or all there are)

    @property
    def single_party(self) -> bool:
        """The municipality has one party in this quiz: nothing to rank."""
        return len(self.ranking) == 1

    @property
    def minimum_met(self) -> bool:
        return self.answered > 0 and self.separating >= self.minimum and not self.single_party

    def minimum_json(self) -> dict:
        """The JSON API's ``minimum`` field: is a ranking shown for these answers on the result page?"""
        return {"met": self.minimum_met, "needed": self.minimum, "answered": self.separating}

    @cached_property
    def match(self) -> MatchResult:
        """The statement-by-statement arrays behind the scores, for the pages that explain them."""
        values, weights = self.answers.arrays()
        rows = self.quiz.party_indices(self.municipality)
        pq = self.quiz
        return score_parties(values, weights, pq.positions[rows], pq.scale_min, pq.scale_max, self.method)


class Scoring(NamedTuple):
    """One quiz version's scoring for one municipality and method, built once."""

    terms: tuple[dict[str, tuple[float, ...]], ...]  # [statement][answer character] → answer_terms row
    indices: tuple[int, ...]  # each match row's party index
    parties: tuple[Party, ...]  # each match row's party
    names: tuple[str, ...]  # each match row's party name (ties are listed alphabetically)
    agree: tuple[dict[str, tuple[float, ...]], ...]  # [statement][answer character] → agreement_terms row
    minimum: int  # separating answers needed for a ranking (``MINIMUM_ANSWERS`` or all there are)


class Choices(NamedTuple):
    """A quiz version's answer choices as the per-answer term tables take them, for one
    municipality's parties."""

    table: dict  # answer character → Answer, in the scale's order
    values: np.ndarray  # (C,) each choice's value, NaN = skipped
    weights: np.ndarray  # (C,) each choice's weight
    rows: np.ndarray  # the municipality's party indices
    positions: np.ndarray  # (P, S) those parties' positions


def built_once(store: WeakKeyDictionary, pq: PublishedQuiz, key, build):
    """``build(pq)`` once per quiz version and ``key``: the voter path's tables are made at the first
    request that needs them and kept as long as the version is."""
    cache = store.setdefault(pq, {})
    found = cache.get(key)
    if found is None:
        found = cache[key] = build(pq)
    return found


def choices(pq: PublishedQuiz, municipality: str) -> Choices:
    table = answer_table(tuple(pq.quiz.scale_values))
    rows = pq.party_indices(municipality)
    return Choices(
        table,
        np.array([a.number for a in table.values()]),
        np.array([a.weight for a in table.values()]),
        rows,
        pq.positions[rows],
    )


_scorings: WeakKeyDictionary = WeakKeyDictionary()  # quiz version → {(municipality, method): Scoring}


def scoring(pq: PublishedQuiz, municipality: str, method: str) -> Scoring:
    return built_once(_scorings, pq, (municipality, method), lambda pq: build_scoring(pq, municipality, method))


def build_scoring(pq: PublishedQuiz, municipality: str, method: str) -> Scoring:
    c = choices(pq, municipality)
    terms = answer_terms(c.values, c.weights, c.positions, pq.scale_min, pq.scale_max, method).tolist()
    parties = tuple(pq.parties[i] for i in c.rows.tolist())
    agree = agreement_terms(c.values, c.positions)
    separable = int(agree[:, :, -1].max(axis=1).sum()) if len(parties) > 1 else 0
    return Scoring(
        terms=tuple({ch: tuple(row[i]) for i, ch in enumerate(c.table)} for row in terms),
        indices=tuple(c.rows.tolist()),
        parties=parties,
        names=tuple(p.name for p in parties),
        agree=tuple({ch: tuple(row[i]) for i, ch in enumerate(c.table)} for row in agree.tolist()),
        minimum=min(MINIMUM_ANSWERS, separable),
    )


def compute_result(
    pq: PublishedQuiz, answers: Answers, municipality: str = ALL_MUNICIPALITIES, method: str = DEFAULT_METHOD
) -> Result:
    how = scoring(pq, municipality, method)
    scores, coverage, answered = score_terms(map(getitem, how.terms, answers.letters), len(how.indices), method)
    whole = [round(x) for x in scores] if answered else [math.nan] * len(scores)
    ranks = competition_ranks(whole)
    tied = {r for r in ranks if ranks.count(r) > 1}
    uncertain_below = UNCERTAIN_BELOW * answered
    counts = [int(sum(column)) for column in zip(*map(getitem, how.agree, answers.letters))]
    ranking = tuple(
        RankedParty(
            how.parties[i], how.indices[i], i, scores[i], whole[i] if answered else None, rank, rank in tied,
            coverage[i], bool(answered) and coverage[i] < uncertain_below, counts[i],
        )
        for rank, _, i in sorted(zip(ranks, how.names, range(len(ranks))))
    )
    return Result(pq, answers, ranking, municipality, method, tuple(scores), answered, counts[-1], how.minimum)
