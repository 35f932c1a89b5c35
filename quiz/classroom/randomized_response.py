"""Randomized response (Warner 1965): how a class stores a student's answers without storing them.

Class mode shows a teacher what a class thinks together. Submissions carry no identity, so a
teacher who knows every other submission (their own padding, or the figures before and after one
student sends) could read off the one they do not know. So no true answer is ever stored: before
a submission is written, each of its answers is, independently,

* kept as it is with probability ``KEEP`` (p), or otherwise
* replaced by one of the ``k`` options drawn uniformly: each scale value, or "skipped".

"Skipped" is an option like the others (a statement not reached counts as skipped), so which
statements a student skipped is protected too; "viktigt för mig" is not stored at all. The
server does this when the answers arrive, so the database, its backups and the teacher only ever
see randomized answers; fresh randomness every time, so a resubmission changing ten answers
changes many more stored ones, at random.

What the randomization costs a reader of one stored answer, as local differential privacy::

    P(stored = a | true = a) = p + (1 − p)/k,   P(stored = a | true = b) = (1 − p)/k
    ε = ln((p + (1 − p)/k) / ((1 − p)/k))

With p = 0.4 and a five-point scale (k = 6): the stored answer is the true one half of the time
(0.4 + 0.6/6), and ε = ln 5 ≈ 1.6: whatever is stored is at most five times as likely if the
student meant it as if they meant any one other answer. A teacher who knows everything else
recovers about half of a student's answers (one in five by guessing), never all; tested in
tests/test_class_privacy.py. Each send spends ε once: every send is an independent draw of the
same answers, so a teacher who reads the figures after each send and takes a majority vote over
the draws recovers about 52 % of a student's answers after one send, 55 % after two, 64 % after
three, 71 % after four and 76 % after five (measured there). So a device may send at most twice,
the first send and one change (``quiz.classroom.operations.MAX_SENDS_PER_DEVICE``): about 55 %, within the 60 %
promised.

The class's figures are de-biased, since the expected observed share of an option is
``p · true + (1 − p)/k``::

    estimated true share = (observed share − (1 − p)/k) / p

clipped to 0..1 and scaled to sum to 1. The price is noise: an observed share from n students has
a standard error of at most 0.5/√n, divided by p for the estimate, so with 25 students a share is
known to about ±25 percentage points (one standard error). Figures are therefore shown as "≈"
whole students, and a class that agrees still shows its answer clearly as the class's (in more
than 95 % of random draws, tested).
"""

from __future__ import annotations

import math
import random
import secrets
from statistics import NormalDist

import numpy as np

KEEP = 0.4  # p: chosen so a teacher who knows every other submission recovers at most 60 % (see above)

_system_random = secrets.SystemRandom()


def options(scale_size: int) -> int:
    """k: the scale's values and "skipped"."""
    return scale_size + 1


def epsilon(scale_size: int, keep: float | None = None) -> float:
    keep = KEEP if keep is None else keep
    k = options(scale_size)
    if keep >= 1:
        return math.inf
    return math.log((keep + (1 - keep) / k) / ((1 - keep) / k))


def true_answer_share(scale_size: int, keep: float | None = None) -> float:
    """How often the stored answer is the student's own: p + (1 − p)/k."""
    keep = KEEP if keep is None else keep
    return keep + (1 - keep) / options(scale_size)


def randomize(choices: list[int], scale_size: int, rng: random.Random | None = None, keep: float | None = None) -> list[int]:
    """Each choice (0..k−1, k−1 = skipped) kept with probability ``keep``, else drawn uniformly."""
    keep = KEEP if keep is None else keep
    rng = rng or _system_random
    k = options(scale_size)
    return [c if rng.random() < keep else rng.randrange(k) for c in choices]


def debias(observed: np.ndarray, total: int, keep: float | None = None) -> np.ndarray:
    """Estimated true shares per option (rows: statements, columns: the k options) from observed
    counts of ``total`` randomized answers: (observed share − (1 − p)/k) / p, clipped to 0..1 and
    scaled to sum to 1 per row."""
    keep = KEEP if keep is None else keep
    observed = np.asarray(observed, dtype=float)
    k = observed.shape[-1]
    if total <= 0:
        return np.zeros_like(observed)
    shares = np.clip((observed / total - (1 - keep) / k) / keep, 0.0, 1.0)
    sums = shares.sum(axis=-1, keepdims=True)
    return np.divide(shares, sums, out=np.full_like(shares, 1.0 / k), where=sums > 0)


# --- what a class's figures can carry -----------------------------------------------------------

FALSE_RANKING = 0.10  # at most this chance that noise alone ranks any two statements of a class


def ranking_z(statements: int) -> float:
    """How many standard errors apart two leans must be before they are ranked: a two-sided 90 %
    interval, Bonferroni-corrected over all S(S − 1)/2 pairs, so that with every statement's true
    lean equal the chance that *any* pair is ranked by noise alone is at most ``FALSE_RANKING``
    (comparing the most and least united of many statements is comparing every pair)."""
    pairs = max(statements * (statements - 1) // 2, 1)
    return NormalDist().inv_cdf(1 - FALSE_RANKING / (2 * pairs))


def whole_counts(shares: np.ndarray, total: int) -> np.ndarray:
    """Estimated shares (rows summing to 1) as whole students that add up to ``total`` per row: each
    row's floors, then one more to the largest remainders (Hamilton's method; ties by column order)."""
    shares = np.atleast_2d(np.asarray(shares, dtype=float))
    exact = shares * total
    counts = np.floor(exact).astype(int)
    short = total - counts.sum(axis=1)
    order = np.argsort(-(exact - counts), axis=1, kind="stable")
    for row, missing in enumerate(short):
        counts[row, order[row, : max(int(missing), 0)]] += 1
    return counts


def lean(observed: np.ndarray, total: int, for_mask: np.ndarray, against_mask: np.ndarray,
         keep: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """How far the class leans to one side on each statement, and the noise the randomization adds.

    ``observed`` (S, k) are the stored answers' counts from ``total`` = n students; the masks pick the
    options for and against (g_for and g_against of the k). The lean is D = π_for − π_against
    (−1 … 1), estimated without clipping, so that the estimate is unbiased and its noise known::

        D̂ = (q̂_for − q̂_against − (1 − p)(g_for − g_against)/k) / p      (q̂: observed shares)

    The class's true answers are fixed; only the randomization is random, independently per student.
    A student whose true answer is for (x = 1), against (x = −1) or neither (x = 0) adds
    X = [stored for] − [stored against], with mean m = p·x + (1 − p)(g_for − g_against)/k and
    E[X²] = p·|x| + (1 − p)(g_for + g_against)/k, so::

        Var(D̂) = Σ_x π_x · (E[X²] − m²) / (n · p²)

    with π_x the class's estimated shares (``debias``). With p = 0.4 on a five-point scale a student
    who took a side adds 0.64 and one who did not 0.4, so the standard error is at most 2/√n: ±0.4 in
    a class of 25. With p = 1 (nothing randomized) it is 0. Returns (D̂, its standard error)."""
    keep = KEEP if keep is None else keep
    observed = np.atleast_2d(np.asarray(observed, dtype=float))
    k = observed.shape[-1]
    n = max(total, 1)
    for_mask, against_mask = np.asarray(for_mask, bool), np.asarray(against_mask, bool)
    g_for, g_against = int(for_mask.sum()), int(against_mask.sum())
    seen_for, seen_against = observed[:, for_mask].sum(axis=1) / n, observed[:, against_mask].sum(axis=1) / n
    offset = (1 - keep) * (g_for - g_against) / k
    d = (seen_for - seen_against - offset) / keep
    shares = debias(observed, total, keep)
    variance = np.zeros(len(observed))
    for x, mask in ((1, for_mask), (-1, against_mask), (0, ~(for_mask | against_mask))):
        mean = keep * x + offset
        square = keep * abs(x) + (1 - keep) * (g_for + g_against) / k
        variance += shares[:, mask].sum(axis=1) * (square - mean**2)
    return d, np.sqrt(np.maximum(variance, 0.0) / (n * keep**2))


def clearly_more_united(d: np.ndarray, se: np.ndarray, a: int, b: int, z: float) -> bool:
    """Whether the class leans to one side on statement ``a`` more than on ``b`` by more than the
    noise: |D̂_a| − |D̂_b| > z · √(se_a² + se_b²), z from ``ranking_z``."""
    return abs(d[a]) - abs(d[b]) > z * float(np.hypot(se[a], se[b]))
