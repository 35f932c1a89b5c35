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
the first send and one change (``quiz.classes.MAX_SENDS_PER_DEVICE``): about 55 %, within the 60 %
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
