"""One voter's answers counted our way and the way SVT, OpenVAA and Mat-O-Wahl count.

Why: the method changes the advice (Louwerse & Rosema 2014), and a voter should see whether it
changed theirs. The result page says whether the same party comes first under every method, the
charts page ranks the parties under each side by side, and the JSON API answers in any of them.

Cheap per request, as the ranking is: each peer's per-answer terms are built once per quiz version
and municipality (``peer_methods.peer_answer_terms``), so a request picks one row per statement and
adds them up in one numpy call (``PeerTerms.sums``); the peers' formulas then run on a quiz's few
parties in plain Python (``peer_methods.scores_from_sums``), proved equal to the numpy kernels
(tests/test_peer_methods.py, tests/test_method_comparison.py).

The parties are the result's own (the municipality's), in quiz order: that is the input order the
peers' stable sorts keep for ties. Our ranking is the result page's, ties by the percentage shown.
"""

from __future__ import annotations

import math
from typing import NamedTuple
from weakref import WeakKeyDictionary

import numpy as np

from .answers import answer_table
from .catalog import PublishedQuiz
from .content import Party
from .matching import competition_ranks
from .peer_methods import (
    PEER_METHODS, SOURCES, PeerScores, first_keys, peer_answer_terms, scores_from_sums, stable_order, svt_applies,
)
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


class PeerTerms(NamedTuple):
    """One quiz version's per-answer peer terms for one municipality, laid out so that a request
    sums its answers' rows in one numpy call: row ``s · C + c`` is answer choice ``c`` at statement
    ``s``. (Summing 30 rows of 34 numbers in plain Python cost more than the rest of the ranking.)"""

    table: np.ndarray  # (S · C, 4P + 2) peer_answer_terms
    choice: np.ndarray  # (256,) answer character's byte → its choice c
    offsets: np.ndarray  # (S,) s · C
    parties: int
    with_svt: bool

    def sums(self, state: str) -> list[float]:
        rows = self.choice[np.frombuffer(state.encode(), dtype=np.uint8)] + self.offsets
        return self.table[rows].sum(axis=0).tolist()  # multiples of ¼: exact in any order


_terms: WeakKeyDictionary = WeakKeyDictionary()  # quiz version → {municipality: PeerTerms}


def peer_terms(pq: PublishedQuiz, municipality: str) -> PeerTerms:
    """The version's peer terms for the municipality's parties, built once."""
    cache = _terms.setdefault(pq, {})
    found = cache.get(municipality)
    if found is None:
        table = answer_table(tuple(pq.quiz.scale_values))
        values = np.array([a.number for a in table.values()])
        weights = np.array([a.weight for a in table.values()])
        rows = pq.party_indices(municipality)
        terms = peer_answer_terms(values, weights, pq.positions[rows], pq.scale_min, pq.scale_max)
        statements, choices, width = terms.shape
        choice = np.zeros(256, dtype=np.intp)
        for c, ch in enumerate(table):
            choice[ord(ch)] = c
        found = cache[municipality] = PeerTerms(
            terms.reshape(statements * choices, width), choice, np.arange(statements) * choices, len(rows),
            svt_applies(pq.scale_min, pq.scale_max),
        )
    return found


def scores_of(result: Result) -> PeerScores:
    """Every peer's numbers for the result's answers and parties."""
    terms = peer_terms(result.quiz, result.municipality)
    return scores_from_sums(terms.sums(result.answers.encode()), terms.parties, terms.with_svt)


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


def first_rows(result: Result) -> tuple[tuple[int, ...], tuple[tuple[str, tuple[int, ...]], ...]] | None:
    """Who comes first, as match rows: ours, then (method, rows) per applicable peer; None when
    nothing was answered. Only the column sums and each key's best (``first_keys``): this runs on
    every result page, so it stays a few list operations on a quiz's handful of parties."""
    if not result.answered:
        return None
    terms = peer_terms(result.quiz, result.municipality)
    keys = first_keys(terms.sums(result.answers.encode()), terms.parties, terms.with_svt)
    peers = []
    for method, key in keys.items():
        best = max(key)
        peers.append((method, tuple(i for i, k in enumerate(key) if k == best)))
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


__all__ = ["METHODS", "NAMES", "SOURCES", "OURS", "first_places", "peers_for", "ranking", "side_by_side"]
