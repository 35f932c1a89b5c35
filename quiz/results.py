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


# Per quiz version: {(municipality, method): [statement] → {answer character: its answer_terms row}}
_terms: WeakKeyDictionary = WeakKeyDictionary()


def terms_by_answer(pq: PublishedQuiz, municipality: str, method: str) -> tuple[dict[str, tuple], ...]:
    """What each possible answer adds to the score's sums, per statement: built once per version."""
    cache = _terms.setdefault(pq, {})
    found = cache.get((municipality, method))
    if found is None:
        table = answer_table(tuple(pq.quiz.scale_values))
        values = np.array([a.number for a in table.values()])
        weights = np.array([a.weight for a in table.values()])
        positions = pq.positions[pq.party_indices(municipality)]
        terms = answer_terms(values, weights, positions, pq.scale_min, pq.scale_max, method).tolist()
        found = cache[(municipality, method)] = tuple(
            {ch: tuple(row[c]) for c, ch in enumerate(table)} for row in terms
        )
    return found


def compute_result(
    pq: PublishedQuiz, answers: Answers, municipality: str = ALL_MUNICIPALITIES, method: str = DEFAULT_METHOD
) -> Result:
    indices = pq.party_indices(municipality).tolist()
    terms = terms_by_answer(pq, municipality, method)
    scores, coverage, answered = score_terms(map(getitem, terms, answers.encode()), len(indices), method)
    whole = [round(x) for x in scores] if answered else [math.nan] * len(indices)
    ranks = competition_ranks(whole)
    counts = {r: ranks.count(r) for r in ranks}
    order = sorted(range(len(indices)), key=lambda i: (ranks[i], pq.parties[indices[i]].name))
    ranking = tuple(
        RankedParty(
            party=pq.parties[indices[i]],
            index=indices[i],
            match_row=i,
            score=scores[i],
            percent=whole[i] if answered else None,
            rank=ranks[i],
            tied=counts[ranks[i]] > 1,
            coverage=coverage[i],
            uncertain=bool(answered and coverage[i] < UNCERTAIN_BELOW * answered),
        )
        for i in order
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

