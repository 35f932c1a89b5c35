"""One voter's answers counted our way and the way SVT, OpenVAA and Mat-O-Wahl count.

Why: the method changes the advice (Louwerse & Rosema 2014), and a voter should see whether it
changed theirs. The result page says whether the same party comes first under every method, the
charts page ranks the parties under each side by side, and the JSON API answers in any of them.

Cheap per request, as the ranking is: each peer's per-answer terms are in the version's term table
(``terms.AnswerTerms.summed``), so the ranking's one sum over the voter's answers (``Result.sums``)
holds the peers' sums too; the peers' formulas then run on a quiz's few parties in plain Python
(``peers.scores_from_sums``), proved equal to the numpy kernels (tests/test_peer_methods.py,
tests/test_method_comparison.py).

The parties are the result's own (the municipality's). Every method is ranked as the result page
ranks ours: by the whole percentage shown, equal percentages sharing a place (competition ranks),
alphabetically within a shared place. So the charts table, the result page's line and the API agree
with what the voter reads, even where a peer's exact number would split a shown tie (28.8 % and
28.6 % both shown as 29 %).
"""

from __future__ import annotations

import math
from typing import NamedTuple

from ..core.model import Party
from ..core.published import PublishedQuiz
from .formula import CITYBLOCK, EUCLIDEAN
from .kernels import competition_ranks
from .peers import PEER_METHODS, SOURCES, PeerScores, scores_from_sums, shown_percents, svt_applies
from .ranking import Result, compute_result
from .terms import answer_terms_for

OURS = "valkompass"
METHODS = (OURS, EUCLIDEAN, *PEER_METHODS)  # what the API accepts
ALIASES = {CITYBLOCK: OURS}  # the API's name for ours before the peers' methods (its responses said it)
OUR_KERNEL = {OURS: CITYBLOCK, EUCLIDEAN: EUCLIDEAN}  # the kernels' name for ours


def peers_for(pq: PublishedQuiz) -> tuple[str, ...]:
    """The peers whose method applies to this quiz's scale (SVT's table needs its five steps)."""
    return tuple(m for m in PEER_METHODS if m != "svt" or svt_applies(pq.quiz.scale_values))


class Placed(NamedTuple):
    """A party's place under one method, and that method's own numbers for it."""

    party: Party
    rank: int  # competition rank: equal numbers share it
    tied: bool
    percent: int | None  # 0..100 as that method shows it; None when nothing was answered
    own: dict  # the method's own numbers (the API's terms)
    coverage: int  # statements the voter answered where the party's position is known
    uncertain: bool  # the result page's "osäker" for the party


class MethodRanking(NamedTuple):
    method: str
    ranking: tuple[Placed, ...]  # best first: by the percentage shown, alphabetical within a tie

    @property
    def first(self) -> tuple[Party, ...]:
        """The parties sharing first place (none when nothing was answered)."""
        return tuple(p.party for p in self.ranking if p.rank == 1 and p.percent is not None)


def scores_of(result: Result) -> PeerScores:
    """Every peer's numbers for the result's answers and parties."""
    terms = answer_terms_for(result.quiz, result.municipality)
    return scores_from_sums(result.sums[terms.columns.peers], len(terms.indices), terms.with_svt)


def our_ranking(result: Result, method: str = OURS) -> MethodRanking:
    return MethodRanking(
        method,
        tuple(
            Placed(row.party, row.rank, row.tied, row.percent,
                   {"score": None if math.isnan(row.score) else row.score}, row.coverage, row.uncertain)
            for row in result.ranking
        ),
    )


def peer_ranking(result: Result, method: str, scores: PeerScores | None = None) -> MethodRanking:
    """The parties ranked by ``method``'s percentage as shown (ties share a place, alphabetical within
    it, as ours), with its own numbers."""
    scores = scores or scores_of(result)
    answered = result.answered > 0
    percent = scores.percent(method) if answered else [math.nan] * len(result.ranking)
    ranks = competition_ranks(percent)
    rows = {row.match_row: row for row in result.ranking}
    placed = []
    for rank, _, i in sorted((ranks[i], rows[i].party.name, i) for i in range(len(ranks))):
        if method == "svt":
            own = {"match": scores.svt[i]}
        elif method == "openvaa":
            distance = scores.openvaa_distance[i]
            own = {"score": None if math.isnan(distance) else int(scores.openvaa_score[i]),
                   "distance": None if math.isnan(distance) else distance}
        else:
            own = {"points": scores.matowahl_points[i], "max_points": scores.matowahl_maximum}
        placed.append(Placed(
            rows[i].party, rank, ranks.count(rank) > 1, int(percent[i]) if answered else None, own,
            rows[i].coverage, rows[i].uncertain,
        ))
    return MethodRanking(method, tuple(placed))


def ranking(result: Result, method: str) -> MethodRanking:
    """``result``'s parties under any of ``METHODS`` (``result`` must be scored our default way)."""
    if method in OUR_KERNEL:
        if OUR_KERNEL[method] != result.method:
            result = compute_result(result.quiz, result.answers, result.municipality, OUR_KERNEL[method])
        return our_ranking(result, method)
    return peer_ranking(result, method)


def side_by_side(result: Result) -> tuple[MethodRanking, ...]:
    """Ours and every applicable peer's ranking, for the charts page."""
    scores = scores_of(result)
    return (our_ranking(result), *(peer_ranking(result, m, scores) for m in peers_for(result.quiz)))


class FirstPlaces(NamedTuple):
    """Who comes first under our method and under each peer's, for the result page's line."""

    ours: tuple[Party, ...]
    peers: tuple[tuple[str, tuple[Party, ...]], ...]  # (method, first parties) per applicable peer

    @property
    def same(self) -> bool:
        return all(set(first) == set(self.ours) for _, first in self.peers)


def first_rows(result: Result) -> tuple[tuple[int, ...], tuple[tuple[str, tuple[int, ...]], ...]] | None:
    """Who comes first, as match rows: ours, then (method, rows) per applicable peer; None when
    nothing was answered. First is the highest percentage shown (``shown_percents``), as the charts
    table ranks: this runs on every result page, so it stays a few list operations on a quiz's
    handful of parties."""
    if not result.answered:
        return None
    terms = answer_terms_for(result.quiz, result.municipality)
    percents = shown_percents(result.sums[terms.columns.peers], len(terms.indices), terms.with_svt)
    peers = []
    for method, percent in percents.items():
        best = max(percent)
        peers.append((method, tuple(i for i, x in enumerate(percent) if x == best)))
    return tuple(row.match_row for row in result.ranking if row.rank == 1), tuple(peers)


def first_places(result: Result, rows=None) -> FirstPlaces | None:
    """``first_rows`` with the parties themselves, for the line's template."""
    rows = rows or first_rows(result)
    if rows is None:
        return None
    party = {row.match_row: row.party for row in result.ranking}
    ours, peers = rows
    return FirstPlaces(
        tuple(party[i] for i in ours), tuple((method, tuple(party[i] for i in first)) for method, first in peers)
    )


__all__ = ["ALIASES", "METHODS", "SOURCES", "OURS", "first_places", "peers_for", "ranking", "side_by_side"]
