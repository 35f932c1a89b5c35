"""The position map: parties and a voter in two dimensions, computed from the position matrix.

An illustration, not the advice: principal components of the parties × statements matrix. A
position the platform does not state is filled with the mean of the known positions on that
statement (the map needs a full matrix; the ranking never does this), and a statement the voter
skipped is placed at that mean too, so it pulls the voter nowhere. Component signs are fixed so
that the statement loading most strongly on each axis loads positively: the same data always
gives the same picture. Pure numpy, like ``quiz.scoring.kernels``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.published import PublishedQuiz


@dataclass(frozen=True)
class PositionMap:
    mean: np.ndarray  # (S,) filled-in column means
    axes: np.ndarray  # (2, S) unit loadings of the two axes
    explained: np.ndarray  # (2,) share of the parties' variance each axis shows
    parties: np.ndarray  # (P, 2) party coordinates

    def place(self, answers: np.ndarray) -> np.ndarray:
        """The voter's (x, y): answers (NaN = skipped) projected onto the axes."""
        filled = np.where(np.isnan(answers), self.mean, answers)
        return self.axes @ (filled - self.mean)

    def loading_order(self, axis: int) -> np.ndarray:
        """Statement indices by loading on ``axis``, most negative first."""
        return np.argsort(self.axes[axis], kind="stable")


def position_map(positions: np.ndarray) -> PositionMap:
    positions = np.asarray(positions, dtype=float)
    known = ~np.isnan(positions)
    counts = known.sum(axis=0)
    mean = np.divide(np.where(known, positions, 0.0).sum(axis=0), counts, out=np.zeros(positions.shape[1]),
                     where=counts > 0)
    centred = np.where(known, positions, mean) - mean
    _, singular, vt = np.linalg.svd(centred, full_matrices=False)
    axes = np.zeros((2, positions.shape[1]))
    explained = np.zeros(2)
    total = float((singular**2).sum())
    for k in range(min(2, len(singular))):
        if singular[k] <= 1e-12:
            continue
        axis = vt[k]
        strongest = np.argmax(np.abs(axis) - 1e-9 * np.arange(len(axis)))  # first of equals
        axes[k] = axis if axis[strongest] > 0 else -axis
        explained[k] = singular[k] ** 2 / total
    return PositionMap(mean=mean, axes=axes, explained=explained, parties=centred @ axes.T)


def version_map(pq: PublishedQuiz) -> PositionMap:
    """The version's map, computed once per version."""
    return pq.once((__name__,), lambda pq: position_map(pq.positions))
