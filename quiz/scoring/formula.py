"""The score, in one place: every kernel, term table and page that shows our percentage uses this.

Over the statements the voter answered, with weight ``wᵢ`` (1, or 2 for "viktigt för mig"), the
charged distance ``dᵢ = |uᵢ − pᵢ|`` and ``range = max − min`` of the scale:

    cityblock (the default, as Wahl-O-Mat and Smartvote's city-block variant):
        score = 100 · (1 − Σ wᵢ·dᵢ / Σ wᵢ·range)
    euclidean (the same terms squared; one large disagreement costs more than several small ones):
        score = 100 · (1 − sqrt(Σ wᵢ·dᵢ² / Σ wᵢ·range²))

**The rule for unknown positions** ("unknown is not neutral"): an unknown position counts as half
of the largest distance possible from the voter's answer, ``dᵢ = max(uᵢ − min, max − uᵢ) / 2``.
That sits strictly between agreeing (``dᵢ = 0``) and the opposite extreme, so, all else equal, a
party that agrees with the voter scores higher than one whose position is unknown, which scores
higher than one that takes the opposite side. It neither rewards silence (as dropping the statement
would) nor invents a neutral stance (as imputing 0 would).

Skipped statements do not count at all; if the voter skipped everything there is nothing to compare,
and callers give NaN, never 0 % or 100 %.

Bit for bit: ``score`` does the same floating-point operations in the same order (d / L, the square
root for euclidean, 1 − that, times 100) for one Python float, an array, or in place
(``score_into``), so every way to a score gives the same number. The distances are multiples of ½
and the weights 1 or 2, so the sums are exact in any order (tests/test_formula.py compares every
kernel with a frozen copy of the arithmetic from before this module).
"""

from __future__ import annotations

import math

import numpy as np

CITYBLOCK = "cityblock"
EUCLIDEAN = "euclidean"
METHODS = (CITYBLOCK, EUCLIDEAN)
DEFAULT_METHOD = CITYBLOCK
AGREE_STEPS = 1  # a known position at most this many scale steps from the answer agrees with it


def check_method(method: str) -> None:
    """Refuse a method the formula does not know (the API turns its own unknown methods into a 400)."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {METHODS}")


def unknown_distance(answers: np.ndarray, scale_min: float, scale_max: float) -> np.ndarray:
    """Distance charged for an unknown position: half the largest distance possible from the answer."""
    return np.maximum(answers - scale_min, scale_max - answers) / 2.0


def charged_distances(answers, positions, imputed, unknown, euclidean: bool) -> np.ndarray:
    """(P, S) the distance each party is charged per statement, the unknown rule applied (squared
    for ``euclidean``); 0 where the voter skipped."""
    distances = np.where(unknown, imputed, np.abs(positions - answers))
    np.fmax(distances, 0.0, out=distances)  # NaN (skipped) → 0
    if euclidean:
        distances *= distances
    return distances


def largest(scale_range: float, method: str = DEFAULT_METHOD) -> float:
    """The most a statement of weight 1 can be charged: the scale's range (squared for euclidean)."""
    return scale_range**2 if method == EUCLIDEAN else scale_range


def score(distance, most, method: str = DEFAULT_METHOD):
    """``100 · (1 − d / L)`` (euclidean: ``100 · (1 − sqrt(d / L))``) for the charged distance
    ``d`` and the largest possible ``L``: plain floats (the request path), or arrays elementwise."""
    ratio = distance / most
    if isinstance(ratio, np.ndarray):
        return _finish(ratio, method)
    return 100.0 * (1.0 - (math.sqrt(ratio) if method == EUCLIDEAN else ratio))


def score_into(distance: np.ndarray, most, method: str = DEFAULT_METHOD) -> np.ndarray:
    """``score`` worked in place over ``distance``, a buffer the caller gives up: the request path's
    (S, P) pass, where every allocation costs (``kernels.leave_one_out``)."""
    distance /= most
    return _finish(distance, method)


def _finish(ratio: np.ndarray, method: str) -> np.ndarray:
    if method == EUCLIDEAN:
        np.sqrt(ratio, out=ratio)
    np.subtract(1.0, ratio, out=ratio)
    ratio *= 100.0
    return ratio
