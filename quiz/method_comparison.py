"""One voter's answers counted our way and the way SVT, OpenVAA and Mat-O-Wahl count.

Why: the method changes the advice (Louwerse & Rosema 2014), and a voter should see whether it
changed theirs. The result page says whether the same party comes first under every method, the
charts page ranks the parties under each side by side, and the JSON API answers in any of them.

Cheap per request, as the ranking is: each peer's per-answer terms are built once per quiz version
and municipality (``peer_methods.peer_answer_terms``), so a request picks one row per statement and
adds them up in plain Python (``peer_methods.peer_scores``), proved equal to the numpy kernels.

The parties are the result's own (the municipality's), in quiz order: that is the input order the
peers' stable sorts keep for ties. Our ranking is the result page's, ties by the percentage shown.
"""

from __future__ import annotations

import math
from operator import getitem
from typing import NamedTuple
from weakref import WeakKeyDictionary

import numpy as np

from .answers import answer_table
from .catalog import PublishedQuiz
from .content import Party
from .matching import competition_ranks
from .peer_methods import PEER_METHODS, SOURCES, PeerScores, peer_answer_terms, peer_scores, stable_order, svt_applies
from .results import Result, compute_result

OURS = "valkompass"
METHODS = (OURS, "euclidean", *PEER_METHODS)  # what the API accepts
OUR_KERNEL = {OURS: "cityblock", "euclidean": "euclidean"}  # matching.py's name for ours
NAMES = {OURS: "Valkompassen", "euclidean": "Valkompassen (euklidiskt)", "svt": "SVT", "openvaa": "OpenVAA",
         "matowahl": "Wahl-O-Mat"}


def peers_for(pq: PublishedQuiz) -> tuple[str, ...]:
    """The peers whose method applies to this quiz's scale (SVT's table needs five steps)."""
    return tuple(m for m in PEER_METHODS if m != "svt" or svt_applies(pq.scale_min, pq.scale_max))


class Placed(NamedTuple):
    """A party's place under one method, and that method's own numbers for it."""

    party: Party
    rank: int  # competition rank: equal numbers share it
    tied: bool
    percent: int | None  # 0..100 as that method shows it; None when nothing was answered
    own: dict  # the method's own numbers (the API's terms)
    result_row: int  # the party's row in ``Result.ranking`` order (its coverage and uncertainty)


class MethodRanking(NamedTuple):
    method: str
    ranking: tuple[Placed, ...]  # in the method's own order

    @property
    def first(self) -> tuple[Party, ...]:
        """The parties sharing first place (none when nothing was answered)."""
        return tuple(p.party for p in self.ranking if p.rank == 1 and p.percent is not None)


_terms: WeakKeyDictionary = WeakKeyDictionary()  # quiz version → {municipality: per-answer rows}


def peer_terms(pq: PublishedQuiz, municipality: str) -> tuple[dict[str, tuple[float, ...]], ...]:
    """[statement][answer character] → that answer's ``peer_answer_terms`` row, built once."""
    cache = _terms.setdefault(pq, {})
    found = cache.get(municipality)
    if found is None:
        table = answer_table(tuple(pq.quiz.scale_values))
        values = np.array([a.number for a in table.values()])
        weights = np.array([a.weight for a in table.values()])
        rows = pq.party_indices(municipality)
        terms = peer_answer_terms(values, weights, pq.positions[rows], pq.scale_min, pq.scale_max).tolist()
        found = cache[municipality] = tuple({ch: tuple(row[c]) for c, ch in enumerate(table)} for row in terms)
    return found


def scores_of(result: Result) -> PeerScores:
    """Every peer's numbers for the result's answers and parties."""
    pq = result.quiz
    rows = map(getitem, peer_terms(pq, result.municipality), result.answers.encode())
    return peer_scores(rows, len(result.scores), svt_applies(pq.scale_min, pq.scale_max))


def our_ranking(result: Result, method: str = OURS) -> MethodRanking:
    return MethodRanking(
        method,
        tuple(
            Placed(row.party, row.rank, row.tied, row.percent,
                   {"score": None if math.isnan(row.score) else row.score}, place)
            for place, row in enumerate(result.ranking)
        ),
    )


def peer_ranking(result: Result, method: str, scores: PeerScores | None = None) -> MethodRanking:
    """The parties as ``method`` orders them (stably, ties in quiz order), with its own numbers."""
    scores = scores or scores_of(result)
    key = scores.key(method)
    percent = scores.percent(method)
    ranks = competition_ranks(key)
    answered = result.answered > 0
    place_of = {row.match_row: place for place, row in enumerate(result.ranking)}
    parties = {row.match_row: row.party for row in result.ranking}
    placed = []
    for i in stable_order(key):
        if method == "svt":
            own = {"match": scores.svt[i]}
        elif method == "openvaa":
            distance = scores.openvaa_distance[i]
            own = {"score": None if math.isnan(distance) else int(scores.openvaa_score[i]),
                   "distance": None if math.isnan(distance) else distance}
        else:
            own = {"points": scores.matowahl_points[i], "max_points": scores.matowahl_maximum}
        placed.append(Placed(
            parties[i], ranks[i], ranks.count(ranks[i]) > 1, int(percent[i]) if answered else None, own, place_of[i]
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


def first_places(result: Result) -> FirstPlaces | None:
    """Only the first places: what the result page needs, without building whole rankings.
    None when nothing was answered (no method has anything to rank)."""
    if not result.answered:
        return None
    scores = scores_of(result)
    parties = {row.match_row: row.party for row in result.ranking}
    peers = []
    for method in peers_for(result.quiz):
        key = scores.key(method)
        best = max(key)
        peers.append((method, tuple(parties[i] for i, k in enumerate(key) if k == best)))
    ours = tuple(row.party for row in result.ranking if row.rank == 1)
    return FirstPlaces(ours, tuple(peers))


__all__ = ["METHODS", "NAMES", "SOURCES", "OURS", "first_places", "peers_for", "ranking", "side_by_side"]
