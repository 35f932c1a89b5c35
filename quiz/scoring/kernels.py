"""Scoring a voter against parties: pure numpy, no Flask, no database.

Shapes: ``S`` statements, ``P`` parties (or candidates; the kernel does not care).

* ``answers``   (S,)   the voter's answer per statement on the scale, ``NaN`` = skipped.
* ``weights``   (S,)   weight per statement (1 normal, 2 "viktigt för mig"); ignored where skipped.
* ``positions`` (P, S) each party's position, ``NaN`` = unknown (the platform says nothing).

The formula, the Euclidean variant and the rule for unknown positions are ``formula``'s (one
place for them); this module applies them to arrays. How many of the voter's answered statements
each party has a known position on is returned as ``coverage``, so the interface can say what a
score rests on. Skipped statements do not count; if the voter skipped everything, scores are NaN.

Two ways to the same numbers: ``score_parties`` scores any answers against any matrix (10,000
candidates in one pass); ``answer_terms`` + ``score_terms`` serve a published quiz's voters. A voter
picks one of a few answers per statement, so every term an answer adds to the score's sums is
computed once per quiz version, and a request only adds up the rows of its answers: a handful of
numpy calls cost more per request, in a busy web worker, than the whole sum (docs/BENCHMARKS.md).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from .formula import (
    AGREE_STEPS, DEFAULT_METHOD, EUCLIDEAN, check_method, charged_distances, largest, score, score_into,
    unknown_distance,
)

SMALL_MATRIX = 4096  # parties × statements up to which the few-calls way is faster (docs/BENCHMARKS.md)


@dataclass(frozen=True)
class MatchResult:
    """Everything the interface needs to explain a score.

    ``agreement`` and ``distance`` are (P, S) arrays built on first use: scoring 10,000 candidates
    needs neither, and building them would triple the kernel's time (see docs/BENCHMARKS.md).
    """

    scores: np.ndarray  # (P,) 0..100, NaN when nothing was answered
    coverage: np.ndarray  # (P,) int: answered statements with a known party position
    answered: int  # how many statements the voter answered
    answers: np.ndarray = field(repr=False)  # (S,) as given
    positions: np.ndarray = field(repr=False)  # (P, S) as given
    imputed: np.ndarray = field(repr=False)  # (S,) distance charged for an unknown position; NaN where skipped
    scale_range: float = field(repr=False, default=4.0)

    @cached_property
    def raw(self) -> np.ndarray:
        """(P, S) |uᵢ − pᵢ|; NaN where skipped or the position is unknown."""
        return np.abs(self.positions - self.answers)

    @cached_property
    def agreement(self) -> np.ndarray:
        """(P, S) 1 − dᵢ/range; NaN where skipped or the position is unknown."""
        return 1.0 - self.raw / self.scale_range

    @cached_property
    def distance(self) -> np.ndarray:
        """(P, S) dᵢ as scored (unknown rule applied); NaN where skipped."""
        return np.where(np.isnan(self.raw), self.imputed, self.raw)


def voter_arrays(answers, weights, positions) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One voter's answers (S,), weights (S,) and the positions (P, S) as float arrays, or a
    ValueError naming the shapes (our kernels and the peers' take the same input)."""
    answers = np.asarray(answers, dtype=float)
    weights = np.asarray(weights, dtype=float)
    positions = np.asarray(positions, dtype=float)
    if positions.ndim != 2 or positions.shape[1] != answers.shape[0] or weights.shape != answers.shape:
        raise ValueError("shapes must be answers (S,), weights (S,), positions (P, S)")
    return answers, weights, positions


def score_parties(
    answers: np.ndarray,
    weights: np.ndarray,
    positions: np.ndarray,
    scale_min: float = -2.0,
    scale_max: float = 2.0,
    method: str = DEFAULT_METHOD,
) -> MatchResult:
    """Score every party (row of ``positions``) against one voter in a single vectorised pass."""
    check_method(method)
    answers, weights, positions = voter_arrays(answers, weights, positions)

    scale_range = float(scale_max - scale_min)
    answered_mask = ~np.isnan(answers)
    w = np.where(answered_mask, weights, 0.0)
    imputed = unknown_distance(answers, scale_min, scale_max)  # NaN where skipped
    unknown = np.isnan(positions)
    euclidean = method == EUCLIDEAN
    # Distances are multiples of ½ and weights 1 or 2, so both ways below give exactly the same sums.
    if positions.size <= SMALL_MATRIX:
        # A quiz's handful of parties: each numpy call costs more than its pass over the matrix,
        # so the fewest calls win: one (P, S) array of distances, the unknown rule applied in it.
        distance_sums = charged_distances(answers, positions, imputed, unknown, euclidean) @ w
        unknown_answered = np.count_nonzero(unknown & answered_mask, axis=1)
    else:
        # Thousands of candidates: at 10,000 × 50 every (P, S) pass costs ~0.3 ms and masked
        # selects several times that. Σ wᵢ·dᵢ splits into the known part (NaN → 0 by fmax, as
        # every distance is ≥ 0) plus, per party, the unknown statements' charges: one matrix product.
        unknown_terms = np.stack([np.where(answered_mask, imputed, 0.0) * w, answered_mask.astype(float)], axis=1)
        if euclidean:
            unknown_terms[:, 0] *= np.nan_to_num(imputed)
        per_party = unknown @ unknown_terms  # (P, 2): charges for unknown positions, answered unknowns
        known = np.subtract(positions, answers)  # one (P, S) buffer, worked on in place
        np.abs(known, out=known)
        np.fmax(known, 0.0, out=known)  # NaN (skipped or unknown) → 0
        if euclidean:
            np.square(known, out=known)
        distance_sums = known @ w + per_party[:, 0]
        unknown_answered = per_party[:, 1].astype(int)

    answered = int(np.count_nonzero(answered_mask))
    total_weight = w.sum()
    if total_weight <= 0:
        scores = np.full(positions.shape[0], np.nan)
    else:
        scores = score(distance_sums, total_weight * largest(scale_range, method), method)

    coverage = answered - unknown_answered
    return MatchResult(
        scores=scores,
        coverage=coverage,
        answered=answered,
        answers=answers,
        positions=positions,
        imputed=imputed,
        scale_range=scale_range,
    )


def score_voters(
    answers: np.ndarray,
    weights: np.ndarray,
    positions: np.ndarray,
    scale_min: float = -2.0,
    scale_max: float = 2.0,
    method: str = DEFAULT_METHOD,
) -> np.ndarray:
    """(V, P) scores of many voters (rows of ``answers``, (V, S)) against every party at once.

    For simulations (``quiz/analysis/audit.py``): the same distances, unknown rule and formula as
    ``score_parties``, so each row is exactly that voter's ``score_parties(...).scores`` (the sums
    are of multiples of ¼, which floats add exactly in any order). ``weights`` is (V, S) or (S,).
    One pass per party keeps memory at one (V, S) array, whatever the number of parties.
    """
    check_method(method)
    answers = np.asarray(answers, dtype=float)
    positions = np.asarray(positions, dtype=float)
    if answers.ndim != 2 or positions.ndim != 2 or positions.shape[1] != answers.shape[1]:
        raise ValueError("shapes must be answers (V, S), weights (V, S) or (S,), positions (P, S)")
    weights = np.broadcast_to(np.asarray(weights, dtype=float), answers.shape)
    scale_range = float(scale_max - scale_min)
    w = np.where(np.isnan(answers), 0.0, weights)
    imputed = unknown_distance(answers, scale_min, scale_max)
    unknown = np.isnan(positions)
    euclidean = method == EUCLIDEAN
    sums = np.empty((answers.shape[0], positions.shape[0]))
    for p in range(positions.shape[0]):
        charged = charged_distances(answers, positions[p], imputed, unknown[p], euclidean)
        charged *= w
        sums[:, p] = charged.sum(axis=1)
    total_weight = w.sum(axis=1)[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = score(sums, total_weight * largest(scale_range, method), method)
    scores[(total_weight <= 0)[:, 0]] = np.nan
    return scores


def answer_terms(
    values: np.ndarray,
    weights: np.ndarray,
    positions: np.ndarray,
    scale_min: float = -2.0,
    scale_max: float = 2.0,
    method: str = DEFAULT_METHOD,
) -> np.ndarray:
    """(S, C, 2P + 2) what answer choice ``c`` (``values[c]``, NaN = skipped; ``weights[c]``) at
    statement ``s`` adds to the sums of the score: per party the weighted charged distance, per
    party 1 if its position is known, then the weight times the largest distance, then 1 if answered.
    """
    check_method(method)
    positions = np.asarray(positions, dtype=float)
    parties, statements = positions.shape
    unknown = np.isnan(positions)
    most = largest(float(scale_max - scale_min), method)
    terms = np.zeros((statements, len(values), 2 * parties + 2))
    for c, (value, weight) in enumerate(zip(values, weights)):
        if np.isnan(value):
            continue  # a skipped statement adds nothing
        answers = np.full(statements, float(value))
        imputed = unknown_distance(answers, scale_min, scale_max)
        charged = charged_distances(answers, positions, imputed, unknown, method == EUCLIDEAN)
        terms[:, c, :parties] = weight * charged.T
        terms[:, c, parties : 2 * parties] = ~unknown.T
        terms[:, c, -2] = weight * most
        terms[:, c, -1] = 1.0
    return terms


def agreement_terms(values: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """(S, C, P + 1) what answer choice ``c`` (``values[c]``, NaN = skipped) at statement ``s`` adds
    to the counts the result page shows: per party 1 if its position is known and *agrees* (at most
    ``AGREE_STEPS`` steps from the answer), then 1 if the statement is answered and at least two of
    the parties have a known position on it (an answer that can tell two parties apart).

    One definition of agreeing, kept consistent with the score: an agreeing position is charged at
    most one step, less than an unknown one at any answer but the middle (``unknown_distance``);
    a known position that does not agree (two steps or more) is charged at least as much as an
    unknown one. The rest of a party's answered statements are unknown (``coverage``).
    """
    positions = np.asarray(positions, dtype=float)
    parties, statements = positions.shape
    unknown = np.isnan(positions)
    separating = (~unknown).sum(axis=0) >= 2  # (S,)
    terms = np.zeros((statements, len(values), parties + 1))
    for c, value in enumerate(values):
        if np.isnan(value):
            continue
        with np.errstate(invalid="ignore"):
            agrees = np.abs(positions - float(value)) <= AGREE_STEPS  # NaN compares False: unknown
        terms[:, c, :parties] = agrees.T
        terms[:, c, -1] = separating
    return terms


def score_terms(rows: Iterable[Sequence[float]], parties: int, method: str = DEFAULT_METHOD):
    """(scores, coverage, answered) from one ``answer_terms`` row per statement, as plain Python
    numbers: the same sums and formula as ``score_parties``, so exactly the same scores (the terms are
    multiples of ¼, which floats add without rounding)."""
    return score_sums([sum(column) for column in zip(*rows)], parties, method)


def score_sums(sums: Sequence[float], parties: int, method: str = DEFAULT_METHOD):
    """``score_terms`` from the column sums of the rows (2P + 2 of them; none: nothing answered)."""
    if not len(sums):
        sums = [0.0] * (2 * parties + 2)
    most, answered = sums[-2], int(sums[-1])
    coverage = [int(k) for k in sums[parties : 2 * parties]]
    if most <= 0:
        return [math.nan] * parties, coverage, answered
    return [score(d, most, method) for d in sums[:parties]], coverage, answered


def score_shares(shares: np.ndarray, terms: np.ndarray, method: str = DEFAULT_METHOD) -> np.ndarray:
    """(P,) the score of a group whose answers are only known as shares: ``shares`` (S, C) the part
    of the group giving answer choice ``c`` at statement ``s``, ``terms`` as ``answer_terms`` makes
    them. The sums of ``score_terms`` are replaced by their expected values over the group, so a
    group that answers alike scores exactly as one voter giving that answer; NaN when nobody answered."""
    parties = (terms.shape[-1] - 2) // 2
    sums = np.einsum("sc,scx->x", np.asarray(shares, dtype=float), terms)
    if sums[-2] <= 0:
        return np.full(parties, np.nan)
    return score(sums[:parties], sums[-2], method)


def leave_one_out(
    rows: np.ndarray, parties: int, method: str = DEFAULT_METHOD, sums: np.ndarray | None = None
) -> np.ndarray:
    """(S, P) the scores with each statement left out in turn, from one ``answer_terms`` row per
    statement ((S, 2P + 2)): the sums less that statement's terms, one pass for all S.

    Row ``i`` is exactly ``score_terms`` of the other rows (the terms are multiples of ¼, so the
    subtraction is exact): for a skipped statement that is the full score; where nothing else was
    answered it is NaN (nothing left to compare). No masks on the common path: a request pays for
    every numpy call (the result page, ``quiz/scoring/robustness.py``), so ``sums`` (``rows.sum(axis=0)``)
    may be passed in when the caller has it already.
    """
    if sums is None:
        sums = rows.sum(axis=0)
    most = (sums[-2] - rows[:, -2])[:, None]
    distance = sums[:parties] - rows[:, :parties]
    if sums[-1] >= 2:  # every row keeps an answer: no row divides by zero
        return score_into(distance, most, method)
    with np.errstate(invalid="ignore", divide="ignore"):
        return score_into(distance, most, method)  # 0 / 0 = NaN where the only answer is left out


def competition_ranks(scores: Sequence[float]) -> list[int]:
    """Competition ranks (1, 2, 2, 4) for a short list of plain numbers (a quiz's parties): equal
    numbers share a rank, without numpy's per-call cost.

    NaN (nothing answered) all share the last. Callers round first (to the whole percentages shown),
    so that floating-point noise never splits a tie the voter sees as one.
    """
    ordered = sorted((x for x in scores if x == x), reverse=True)
    first: dict[float, int] = {}
    for place, x in enumerate(ordered, start=1):
        first.setdefault(x, place)
    last = len(ordered) + 1
    return [first[x] if x == x else last for x in scores]


def grouped_scores(match: MatchResult, weights: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Scores per group of statements (e.g. per topic), by the same formula and unknown rule.

    ``groups`` is a (S, G) 0/1 matrix (statement in group). Returns (P, G) scores, 0..100, NaN for a
    group in which the voter answered nothing. Only ``cityblock`` terms are used: the per-topic view
    explains the default method's score topic by topic.
    """
    answered = ~np.isnan(match.answers)
    w = np.where(answered, np.asarray(weights, dtype=float), 0.0)
    charged = np.nan_to_num(match.distance) * w  # (P, S)
    possible = (w * match.scale_range) @ groups  # (G,)
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = score(charged @ groups, possible)
    scores[:, possible == 0] = np.nan
    return scores
