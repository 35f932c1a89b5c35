"""Geometry for the server-rendered position map: where each dot goes in the SVG, and what the
axes mean in words. The numbers come from ``quiz.scoring.position_map``; this only scales them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.published import PublishedQuiz
from ..core.model import Party, Statement
from ..scoring.position_map import version_map

SIZE = 320  # the SVG's viewBox is SIZE × SIZE
MARGIN = 28
AXIS_STATEMENTS = 2  # statements named at each end of an axis


@dataclass(frozen=True)
class Dot:
    label: str
    x: float
    y: float
    color: str
    party: Party | None = None  # None: the voter
    across: int = 0  # for the table: -100 (far left) … 100 (far right) of the furthest point
    up: int = 0
    known: int = 0  # statements the party's platform takes a position on (the map fills the rest)


@dataclass(frozen=True)
class Axis:
    share: int  # percent of the parties' differences this axis shows
    low: tuple[Statement, ...]  # the further this way, the more for these
    high: tuple[Statement, ...]


@dataclass(frozen=True)
class PositionChart:
    dots: tuple[Dot, ...]
    axes: tuple[Axis, Axis]
    size: int = SIZE


def position_chart(pq: PublishedQuiz, result) -> PositionChart:
    """Parties (of the result's municipality) and the voter on the quiz's two main axes."""
    pmap = version_map(pq)
    rows = [row.index for row in result.ranking]
    values, _ = result.answers.arrays()
    voter = pmap.place(values) if result.answered else None
    points = pmap.parties[rows] if voter is None else np.vstack([pmap.parties[rows], voter])
    reach = float(np.abs(points).max()) or 1.0
    scale = (SIZE / 2 - MARGIN) / reach

    def dot(xy, label="", color="", party=None, known=0) -> Dot:  # SVG y grows downwards
        x, y = round(SIZE / 2 + xy[0] * scale, 1), round(SIZE / 2 - xy[1] * scale, 1)
        return Dot(label, x, y, color, party, int(round(100 * xy[0] / reach)), int(round(100 * xy[1] / reach)), known)

    known = (~np.isnan(pq.positions)).sum(axis=1).tolist()
    dots = [dot(pmap.parties[i], pq.parties[i].label, pq.parties[i].color or "#555555", pq.parties[i], known[i])
            for i in rows]
    if voter is not None:
        dots.append(dot(voter))
    axes = []
    for k in range(2):
        order = pmap.loading_order(k)
        axes.append(
            Axis(
                share=int(round(100 * pmap.explained[k])),
                low=tuple(pq.statements[i] for i in order[:AXIS_STATEMENTS] if pmap.axes[k, i] < 0),
                high=tuple(pq.statements[i] for i in order[::-1][:AXIS_STATEMENTS] if pmap.axes[k, i] > 0),
            )
        )
    return PositionChart(tuple(dots), (axes[0], axes[1]))
