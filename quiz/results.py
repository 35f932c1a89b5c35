"""A voter's result for one quiz version: the ranking the result page shows, explained.

Ties: parties whose percentages, as shown (whole numbers), are equal share a rank; within a
tie they are listed alphabetically by name. A party whose known positions cover fewer than half
of the voter's answers is flagged ``uncertain``: its score rests mostly on the unknown rule.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from operator import getitem
from typing import NamedTuple
from weakref import WeakKeyDictionary

import numpy as np

from .answers import Answers, answer_table
from .catalog import ALL_MUNICIPALITIES, PublishedQuiz
from .content import Party
from .matching import (
    DEFAULT_METHOD, MatchResult, answer_terms, competition_ranks, grouped_scores, score_parties, score_terms,
)

UNCERTAIN_BELOW = 0.5


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


@dataclass(frozen=True)
class Result:
    quiz: PublishedQuiz
    answers: Answers
    ranking: tuple[RankedParty, ...]
    municipality: str
    method: str
    scores: tuple[float, ...]  # per match row (the municipality's parties in quiz order)
    answered: int

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
    return Scoring(
        terms=tuple({ch: tuple(row[i]) for i, ch in enumerate(c.table)} for row in terms),
        indices=tuple(c.rows.tolist()),
        parties=parties,
        names=tuple(p.name for p in parties),
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
    ranking = tuple(
        RankedParty(
            how.parties[i], how.indices[i], i, scores[i], whole[i] if answered else None, rank, rank in tied,
            coverage[i], bool(answered) and coverage[i] < uncertain_below,
        )
        for rank, _, i in sorted(zip(ranks, how.names, range(len(ranks))))
    )
    return Result(pq, answers, ranking, municipality, method, tuple(scores), answered)


@dataclass(frozen=True)
class TopicAgreement:
    topics: tuple
    scores: np.ndarray  # (P, T) in ranking order, NaN where the voter answered nothing in the topic


def topic_agreement(result: Result) -> TopicAgreement:
    """Per-topic scores for the ranked parties, by the ranking's own formula and unknown rule."""
    topics, groups = result.quiz.topic_groups
    _, weights = result.answers.arrays()
    scores = grouped_scores(result.match, weights, groups)
    return TopicAgreement(topics, scores[[row.match_row for row in result.ranking]])

