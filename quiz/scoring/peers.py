"""Three open peers' ways of scoring a voter, exactly as their own code does: pure numpy.

Why: research on voting advice shows that the method changes the advice (Louwerse & Rosema 2014).
Three open valkompasses publish their scoring, so we can tell a voter whether their top match
survives another way of counting, and prove that we count as each peer does: the numbers below are
the peers' own, checked against 300 cases their code computed (``tests/peers/vectors.json``).

Same arrays as ``kernels.score_parties``: ``answers`` (S,) on the quiz's scale, NaN = skipped;
``weights`` (S,), a statement the voter marked important has a weight above 1 (each peer applies its
own factor, below); ``positions`` (P, S), NaN = unknown. Vectorised over parties (or 10,000
candidates).

* ``svt``: SVT Valkompassen, ``svt/election-compass-match`` 2.0.1 (MIT). Per statement a score
  from a table keyed by (voter step, party step), **not symmetric** (``SVT_RANGE``: a voter at
  "delvis för" gets 8 of 12 from a party at "helt för", a voter at "helt för" 12 of 16 from a party
  at "delvis för"); the statement's maximum is the voter's answer scored against itself. **Unknown party position:** it scores 0 against a maximum
  of 2.5 (``POLITICAL_ENTITY_PENALTY_FOR_SKIPPING``), a fixed penalty whatever the voter answered.
  Important: score and maximum × 2. Result Σ score / Σ maximum in 0..1 (0 when nothing counts).
  Only for a five-step scale (SVT's ``RANGE`` question).
* ``openvaa``: OpenVAA as its voter app runs it: Manhattan distance, no question weights (our
  "important" is ignored), each answer projected to −0.5..0.5. **Unknown party position:**
  RelativeMaximum, the extreme opposite the voter (a neutral voter: +0.5), i.e. the worst case.
  Distance = mean |a − b| over the voter's answered statements; score = ``Math.round((1 − d) · 100)``.
  Nothing answered: OpenVAA refuses to match, so score and distance are NaN.
* ``matowahl``: Mat-O-Wahl (and Wahl-O-Mat): answers folded by sign to agree / neutral / disagree;
  the same side 1 point, one side neutral ½, opposite 0; important × 2 in points and maximum.
  **Unknown party position:** an empty CSV cell, which its loose comparison (``"" == 0``) takes as
  neutral. Percent = ``Math.round(points · 100 / max)``, max = Σ factors (1 when nothing counted);
  order by points, descending, ties in input order (a stable sort).

JavaScript's ``Math.round`` rounds halves up (``js_round``); Python's ``round`` rounds them to even,
so 52.5 would become 52 instead of OpenVAA's 53. Each formula keeps the peer's order of floating
point operations (OpenVAA's ``(1 − d) · 100`` and ``100 − 100·d`` differ in 9 of the 300 cases).
Every per-statement term is a multiple of ¼ on a five- or three-step scale, so sums are exact in
any order and the fast path below gives the kernels' numbers bit for bit.

Two ways to the same numbers, as in ``kernels``: the kernels (``svt``, ``openvaa``, ``matowahl``)
score any matrix; ``peer_answer_terms`` + ``peer_scores`` serve a published quiz's voters from
per-answer terms built once per version, with plain Python sums per request.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .kernels import voter_arrays

PEER_METHODS = ("svt", "openvaa", "matowahl")
SOURCES = {
    "svt": "https://github.com/svt/election-compass-match",
    "openvaa": "https://github.com/OpenVAA/voting-advice-application",
    "matowahl": "https://github.com/msteudtn/Mat-O-Wahl",
}

# SVT's DEFAULT_SCORING.RANGE as [voter step][party step], steps 0..4 = −2..2 (src/scoring.ts).
SVT_RANGE = np.array(
    [
        [16, 12, 8, 4, 0],
        [8, 12, 8, 4, 0],
        [0, 4, 8, 4, 0],
        [0, 4, 8, 12, 8],
        [0, 4, 8, 12, 16],
    ],
    dtype=float,
)
SVT_PENALTY = 2.5  # POLITICAL_ENTITY_PENALTY_FOR_SKIPPING: the maximum charged for an unknown position
SVT_IMPORTANT = 2.0  # IMPORTANT_FACTOR_USER
MATOWAHL_IMPORTANT = 2.0  # "doppelte Wertung"


def js_round(x):
    """JavaScript's ``Math.round``: the nearest integer, halves up (−2.5 → −2); NaN stays NaN.

    Not ``floor(x + 0.5)``: that adds a rounding of its own (0.49999999999999994 + 0.5 == 1.0).
    ``x − floor(x)`` is exact for every float below 2⁵², so the comparison decides as JavaScript does.
    """
    if isinstance(x, float):
        if x != x:
            return x
        whole = math.floor(x)
        return float(whole + 1 if x - whole >= 0.5 else whole)
    x = np.asarray(x, dtype=float)
    whole = np.floor(x)
    return whole + (x - whole >= 0.5)


SVT_SCALE = (-2, -1, 0, 1, 2)  # SVT's RANGE question: helt emot, delvis emot, neutral, delvis för, helt för


def svt_applies(scale_values: Sequence[float]) -> bool:
    """SVT's table is for its five-step question only: a quiz on any other scale has no SVT score,
    including [-2, 0, 2] or [-2, -1, 1, 2], which span the same range with other steps."""
    return tuple(scale_values) == SVT_SCALE


def every_step(scale_min: float, scale_max: float) -> np.ndarray:
    """The scale the kernels assume when given only its ends: every whole step between (``Picks``)."""
    return np.arange(scale_min, scale_max + 1)


def choice_scale(values) -> list[float]:
    """The scale a table of answer choices (``values``, NaN = skipped, repeated for important) is on."""
    return sorted({float(v) for v in values if v == v})


@dataclass(frozen=True)
class PeerMatch:
    """One peer's result for every party. ``percent`` is its own whole-number 0..100 figure for a
    party (SVT: ``Math.round(100 · match)``); ``key`` orders parties as the peer does (higher first,
    exactly comparable: equal keys are a real tie)."""

    method: str
    percent: np.ndarray  # (P,) whole numbers as floats; NaN where the peer gives none
    key: np.ndarray  # (P,)

    @property
    def order(self) -> np.ndarray:
        """Party indices best first, ties in input order (the peers sort stably)."""
        return np.argsort(-np.nan_to_num(self.key, nan=-np.inf), kind="stable")

    @property
    def ranks(self) -> np.ndarray:
        """Competition ranks by ``key`` (1, 2, 2, 4); parties without a key all share the last."""
        key = np.nan_to_num(self.key, nan=-np.inf)
        return 1 + (key[None, :] > key[:, None]).sum(axis=1)


@dataclass(frozen=True)
class SVTMatch(PeerMatch):
    match: np.ndarray = None  # (P,) Σ score / Σ max, 0..1: ``match()`` of the library


@dataclass(frozen=True)
class OpenVAAMatch(PeerMatch):
    score: np.ndarray = None  # (P,) whole 0..100, NaN when nothing was answered
    distance: np.ndarray = None  # (P,) 0..1, NaN when nothing was answered


@dataclass(frozen=True)
class MatOWahlMatch(PeerMatch):
    points: np.ndarray = None  # (P,) Σ points × factor
    maximum: float = 1.0  # Σ factors, 1 when nothing was answered


class Picks:
    """Which of the few possible positions (each step of the scale, or unknown) every party holds
    on every statement. A peer's term depends only on the voter's answer and that position, so the
    kernels compute each rule once per statement for every possible position (``choices``, a
    (steps + 1, S) matrix, the last row unknown) and pick each party's terms out of it: one
    gather over 10,000 × 50 instead of a rule's several passes."""

    def __init__(self, positions: np.ndarray, scale_min: float, scale_max: float):
        steps = int(scale_max - scale_min) + 1
        statements = positions.shape[1]
        possible = np.append(np.arange(scale_min, scale_max + 1, dtype=float), np.nan)
        self.choices = possible[:, None].repeat(statements, axis=1)
        # Index into ``choices.ravel()``: (position − min) · S + s, and steps · S + s (the unknown row)
        # where the position is NaN: fmin takes the number where there is one (every known index is
        # below the unknown one), in three passes where isnan-and-where took several times longer.
        columns = np.arange(statements)
        flat = positions * statements
        flat += columns - scale_min * statements
        np.fmin(flat, steps * statements + columns, out=flat)
        self.flat = flat.astype(np.intp)

    def sums(self, table: np.ndarray) -> np.ndarray:
        """(P,) each party's terms in ``table`` (steps + 1, S), summed over statements."""
        return table.ravel().take(self.flat) @ np.ones(self.flat.shape[1])


# Per-statement terms, (P, S), 0 where the voter skipped: the kernels sum them over statements and
# ``peer_answer_terms`` keeps them per answer. One definition of each rule, so both ways agree.


def svt_terms(answers, weights, positions, scale_min=-2.0):
    """(score, maximum) per party and statement, the important factor applied."""
    answered = ~np.isnan(answers)
    factor = np.where(answered, np.where(weights > 1, SVT_IMPORTANT, 1.0), 0.0)
    voter = np.where(answered, answers - scale_min, 0).astype(int)
    unknown = np.isnan(positions)
    party = np.where(unknown, 0, positions - scale_min).astype(int)
    score = np.where(unknown, 0.0, SVT_RANGE[voter, party]) * factor
    maximum = np.where(unknown, SVT_PENALTY, SVT_RANGE[voter, voter]) * factor
    return score, maximum


def openvaa_coordinate(values, scale_min, scale_max):
    """OpenVAA's ``normalizeCoordinate``: the scale onto −0.5..0.5 (COORDINATE.Min + Extent · …)."""
    return -0.5 + (values - scale_min) / (scale_max - scale_min)


def openvaa_terms(answers, positions, scale_min=-2.0, scale_max=2.0):
    """|a − b| per party and statement, an unknown position imputed by RelativeMaximum."""
    answered = ~np.isnan(answers)
    voter = openvaa_coordinate(answers, scale_min, scale_max)
    opposite = np.where(voter > 0, -0.5, 0.5)  # neutral (0) → +0.5: the default "positive" bias
    party = openvaa_coordinate(positions, scale_min, scale_max)
    party = np.where(np.isnan(party), opposite, party)
    return np.where(answered, np.abs(voter - party), 0.0)


def matowahl_terms(answers, weights, positions):
    """Points × factor per party and statement, answers folded by sign, unknown as neutral."""
    answered = ~np.isnan(answers)
    factor = np.where(answered, np.where(weights > 1, MATOWAHL_IMPORTANT, 1.0), 0.0)
    voter = np.sign(np.nan_to_num(answers))
    party = np.sign(np.nan_to_num(positions))  # "" == 0 in JavaScript: unknown is neutral
    points = np.where(voter == party, 1.0, np.where((voter == 0) | (party == 0), 0.5, 0.0))
    return points * factor, factor


def svt(answers, weights, positions, scale_min: float = -2.0, scale_max: float = 2.0) -> SVTMatch:
    """SVT Valkompassen's ``match`` for every party (see the module docstring)."""
    if not svt_applies(every_step(scale_min, scale_max)):
        raise ValueError("SVT's scoring table is for a five-step scale")
    answers, weights, positions = voter_arrays(answers, weights, positions)
    picks = Picks(positions, scale_min, scale_max)
    score, maximum = svt_terms(answers, weights, picks.choices, scale_min)
    return svt_result(picks.sums(score), picks.sums(maximum))


def svt_result(score_sums, maximum_sums) -> SVTMatch:
    score_sums = np.asarray(score_sums, dtype=float)
    maximum_sums = np.asarray(maximum_sums, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        match = np.where(maximum_sums == 0, 0.0, score_sums / maximum_sums)
    return SVTMatch("svt", js_round(100.0 * match), match, match=match)


def openvaa(answers, weights, positions, scale_min: float = -2.0, scale_max: float = 2.0) -> OpenVAAMatch:
    """OpenVAA's score and distance for every party; ``weights`` are ignored, as its voter app does."""
    answers, weights, positions = voter_arrays(answers, weights, positions)
    picks = Picks(positions, scale_min, scale_max)
    distances = picks.sums(openvaa_terms(answers, picks.choices, scale_min, scale_max))
    return openvaa_result(distances, int(np.count_nonzero(~np.isnan(answers))))


def openvaa_result(distance_sums, answered: int) -> OpenVAAMatch:
    distance_sums = np.asarray(distance_sums, dtype=float)
    if answered == 0:  # "Reference has no answers matching the questions": no match at all
        distance = np.full(distance_sums.shape, np.nan)
    else:
        distance = (1.0 * distance_sums) / answered  # (COORDINATE.Extent · Σ) / Σ weights
    score = js_round(((1.0 - distance) / 1.0) * 100)  # matchFraction · multiplier
    return OpenVAAMatch("openvaa", score, -distance, score=score, distance=distance)


def matowahl(answers, weights, positions, scale_min: float = -2.0, scale_max: float = 2.0) -> MatOWahlMatch:
    """Mat-O-Wahl's points, percent and order for every party (a 5-step quiz folded to 3)."""
    answers, weights, positions = voter_arrays(answers, weights, positions)
    picks = Picks(positions, scale_min, scale_max)
    points, factor = matowahl_terms(answers, weights, picks.choices)
    return matowahl_result(picks.sums(points), float(factor.sum()))


def matowahl_result(points, maximum: float) -> MatOWahlMatch:
    points = np.asarray(points, dtype=float)
    maximum = maximum or 1.0  # "if (maxPoints==0) maxPoints=1"
    percent = js_round(points * 100 / maximum)
    return MatOWahlMatch("matowahl", percent, points, points=points, maximum=maximum)


KERNELS = {"svt": svt, "openvaa": openvaa, "matowahl": matowahl}


def peer_answer_terms(values, weights, positions, scale_min: float = -2.0, scale_max: float = 2.0) -> np.ndarray:
    """(S, C, 4P + 2) what answer choice ``c`` (``values[c]``, NaN = skipped; ``weights[c]``) at
    statement ``s`` adds to every peer's sums: per party SVT's score, per party SVT's maximum (both
    0 on a scale SVT does not cover), per party OpenVAA's |a − b|, 1 if answered, per party
    Mat-O-Wahl's points, then its factor. ``peer_scores`` turns the column sums into results.
    The quiz's scale is the choices' values (``choice_scale``): SVT's columns only on its own."""
    positions = np.asarray(positions, dtype=float)
    parties, statements = positions.shape
    terms = np.zeros((statements, len(values), 4 * parties + 2))
    with_svt = svt_applies(choice_scale(values))
    for c, (value, weight) in enumerate(zip(values, weights)):
        if np.isnan(value):
            continue  # a skipped statement adds nothing to any peer
        answers = np.full(statements, float(value))
        w = np.full(statements, float(weight))
        if with_svt:
            score, maximum = svt_terms(answers, w, positions, scale_min)
            terms[:, c, :parties] = score.T
            terms[:, c, parties : 2 * parties] = maximum.T
        terms[:, c, 2 * parties : 3 * parties] = openvaa_terms(answers, positions, scale_min, scale_max).T
        terms[:, c, 3 * parties] = 1.0
        points, factor = matowahl_terms(answers, w, positions)
        terms[:, c, 3 * parties + 1 : 4 * parties + 1] = points.T
        terms[:, c, -1] = factor
    return terms


@dataclass(frozen=True)
class PeerScores:
    """Every peer's numbers for one voter as plain Python lists (a quiz's few parties): what the
    kernels return, without numpy's per-call cost on the request path."""

    svt: list[float] | None  # the match, 0..1; None on a scale SVT does not cover
    svt_percent: list[float] | None
    openvaa_score: list[float]  # NaN when nothing was answered
    openvaa_distance: list[float]
    matowahl_points: list[float]
    matowahl_maximum: float
    matowahl_percent: list[float]

    def percent(self, method: str) -> list[float] | None:
        return {"svt": self.svt_percent, "openvaa": self.openvaa_score, "matowahl": self.matowahl_percent}[method]

    def key(self, method: str) -> list[float] | None:
        """Higher is better, equal is a tie, as the peer orders parties."""
        if method == "svt":
            return self.svt
        if method == "openvaa":
            return [-d for d in self.openvaa_distance]
        return self.matowahl_points


def peer_scores(rows: Iterable[Sequence[float]], parties: int, with_svt: bool = True) -> PeerScores:
    """Every peer's numbers from one ``peer_answer_terms`` row per statement: the kernels' formulas
    on the same sums (terms are multiples of ¼, so the sums are exact in any order), in plain Python."""
    return scores_from_sums([sum(column) for column in zip(*rows)] or [0.0] * (4 * parties + 2), parties, with_svt)


def shown_percents(sums: Sequence[float], parties: int, with_svt: bool = True) -> dict[str, list[float]]:
    """Each peer's whole 0..100 percent per party straight from the column sums (in any unit common to
    every column: the ratios are the same numbers, bit for bit), NaN where the peer gives none. Our
    pages rank and tie by these, the numbers shown (``comparison``); the result page's line
    needs nothing else, so it stays a few list operations on a quiz's handful of parties."""
    p = parties
    percents = {}
    if with_svt:
        percents["svt"] = [js_round(100.0 * (0.0 if m == 0 else s / m)) for s, m in zip(sums[:p], sums[p : 2 * p])]
    answered = sums[3 * p]
    percents["openvaa"] = [
        js_round(((1.0 - (1.0 * d) / answered) / 1.0) * 100) if answered else math.nan for d in sums[2 * p : 3 * p]
    ]
    maximum = sums[-1] or 1.0
    percents["matowahl"] = [js_round(x * 100 / maximum) for x in sums[3 * p + 1 : 4 * p + 1]]
    return percents


def scores_from_sums(sums: Sequence[float], parties: int, with_svt: bool = True) -> PeerScores:
    """``peer_scores`` from the column sums of the terms."""
    p = parties
    percents = shown_percents(sums, parties, with_svt)
    svt_match = None
    if with_svt:
        svt_match = [0.0 if m == 0 else s / m for s, m in zip(sums[:p], sums[p : 2 * p])]
    answered = int(sums[3 * p])
    if answered:
        distance = [(1.0 * d) / answered for d in sums[2 * p : 3 * p]]
    else:
        distance = [math.nan] * p
    return PeerScores(
        svt_match, percents.get("svt"), percents["openvaa"], distance, sums[3 * p + 1 : 4 * p + 1], sums[-1] or 1.0,
        percents["matowahl"],
    )


def stable_order(key: Sequence[float]) -> list[int]:
    """Indices best first by ``key`` (higher first, NaN last), ties in input order, for plain lists."""
    return sorted(range(len(key)), key=lambda i: -key[i] if key[i] == key[i] else math.inf)


def voter_keys(answers, weights, positions, scale_min: float = -2.0, scale_max: float = 2.0) -> dict[str, np.ndarray]:
    """{method: (V, P) ordering key} for many voters (rows of ``answers``, (V, S); ``weights`` (V, S)
    or (S,)) against every party, for simulations (``quiz/analysis/peer_audit.py``): the same terms as the
    kernels, so each row orders the parties exactly as that voter's kernel ``key`` does. One pass
    per party keeps memory at a few (V, S) arrays."""
    answers = np.asarray(answers, dtype=float)
    positions = np.asarray(positions, dtype=float)
    weights = np.broadcast_to(np.asarray(weights, dtype=float), answers.shape)
    voters, parties = answers.shape[0], positions.shape[0]
    with_svt = svt_applies(every_step(scale_min, scale_max))
    keys = {m: np.empty((voters, parties)) for m in PEER_METHODS if with_svt or m != "svt"}
    for p in range(parties):
        if with_svt:
            score, maximum = svt_terms(answers, weights, positions[p], scale_min)
            score_sum, maximum_sum = score.sum(axis=1), maximum.sum(axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                keys["svt"][:, p] = np.where(maximum_sum == 0, 0.0, score_sum / maximum_sum)
        keys["openvaa"][:, p] = -openvaa_terms(answers, positions[p], scale_min, scale_max).sum(axis=1)
        keys["matowahl"][:, p] = matowahl_terms(answers, weights, positions[p])[0].sum(axis=1)
    return keys
