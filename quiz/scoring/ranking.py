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
from typing import NamedTuple

from ..core.answers import Answers
from ..core.model import Party
from ..core.published import ALL_MUNICIPALITIES, PublishedQuiz
from .formula import DEFAULT_METHOD
from .kernels import MatchResult, competition_ranks, score_parties, score_sums
from .terms import AnswerTerms, answer_terms_for

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
    agreeing: int = 0  # answered statements where its known position agrees (``formula.AGREE_STEPS``)

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
    sums: tuple[float, ...] = ()  # every column of the version's term table summed (``terms.Columns``)

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


def minimum(terms: AnswerTerms) -> int:
    """Separating answers needed for a ranking: ``MINIMUM_ANSWERS``, or all there are."""
    return min(MINIMUM_ANSWERS, terms.separable)


def compute_result(
    pq: PublishedQuiz, answers: Answers, municipality: str = ALL_MUNICIPALITIES, method: str = DEFAULT_METHOD
) -> Result:
    how = answer_terms_for(pq, municipality)
    sums = how.sums(answers.letters)  # the request's one sum: the robustness line and the peers read it too
    scores, coverage, answered = score_sums(sums[how.columns.of_method(method)], len(how.indices), method)
    whole = [round(x) for x in scores] if answered else [math.nan] * len(scores)
    ranks = competition_ranks(whole)
    tied = {r for r in ranks if ranks.count(r) > 1}
    uncertain_below = UNCERTAIN_BELOW * answered
    counts = [int(x) for x in sums[how.columns.agree]]
    ranking = tuple(
        RankedParty(
            how.parties[i], how.indices[i], i, scores[i], whole[i] if answered else None, rank, rank in tied,
            coverage[i], bool(answered) and coverage[i] < uncertain_below, counts[i],
        )
        for rank, _, i in sorted(zip(ranks, how.names, range(len(ranks))))
    )
    return Result(pq, answers, ranking, municipality, method, tuple(scores), answered, counts[-1], minimum(how), tuple(sums))
