"""A voter's result for one quiz version: the ranking the result page shows, explained.

Ties: parties whose percentages, as shown (whole numbers), are equal share a rank; within a
tie they are listed alphabetically by name. A party whose known positions cover fewer than half
of the voter's answers is flagged ``uncertain``: its score rests mostly on the unknown rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .answers import Answers
from .catalog import ALL_MUNICIPALITIES, PublishedQuiz
from .content import Party
from .matching import DEFAULT_METHOD, MatchResult, grouped_scores, rank, score_parties

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
    match: MatchResult
    ranking: tuple[RankedParty, ...]
    municipality: str
    method: str

    @property
    def answered(self) -> int:
        return self.match.answered


def compute_result(
    pq: PublishedQuiz, answers: Answers, municipality: str = ALL_MUNICIPALITIES, method: str = DEFAULT_METHOD
) -> Result:
    values, weights = answers.arrays()
    rows = pq.party_indices(municipality)
    positions = pq.positions if len(rows) == len(pq.parties) else pq.positions[rows]
    match = score_parties(values, weights, positions, pq.scale_min, pq.scale_max, method)
    nothing = match.answered == 0
    percents = np.round(match.scores) if not nothing else np.full(len(rows), np.nan)
    ranks = rank(percents, decimals=0).tolist()  # plain ints from here: numpy scalars are slow one by one
    counts = np.bincount(ranks).tolist()
    indices, scores, coverage, whole = rows.tolist(), match.scores.tolist(), match.coverage.tolist(), percents.tolist()
    order = sorted(range(len(rows)), key=lambda i: (ranks[i], pq.parties[indices[i]].name))
    ranking = tuple(
        RankedParty(
            party=pq.parties[indices[i]],
            index=indices[i],
            match_row=i,
            score=scores[i],
            percent=None if nothing else int(whole[i]),
            rank=ranks[i],
            tied=counts[ranks[i]] > 1,
            coverage=coverage[i],
            uncertain=bool(match.answered and coverage[i] < UNCERTAIN_BELOW * match.answered),
        )
        for i in order
    )
    return Result(pq, answers, match, ranking, municipality, method)


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

