"""The worked example on the method page, computed by the real scoring code on the real quiz.

A teacher should be able to redo the sum by hand and get the percentage the quiz shows, so the
example is not written out by hand: a fixed pattern of answers on the first statements is scored
by ``quiz.scoring.kernels.score_parties`` and every term of the formula is taken from its result.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.answers import IMPORTANT_WEIGHT
from ..core.published import PublishedQuiz
from ..core.model import Party, Statement
from ..scoring.formula import largest, unknown_distance
from ..scoring.kernels import score_parties

STATEMENTS = 4


@dataclass(frozen=True)
class ExampleRow:
    statement: Statement
    answer: float | None  # None: skipped
    weight: float
    positions: tuple[float | None, ...]  # per party; None = unknown
    distances: tuple[float | None, ...]  # per party, as scored; None where skipped
    weighted: tuple[float | None, ...]  # per party: w·d


@dataclass(frozen=True)
class WorkedExample:
    parties: tuple[Party, ...]
    rows: tuple[ExampleRow, ...]
    charged: tuple[float, ...]  # per party: Σ w·d
    possible: float  # Σ w·range
    scores: tuple[float, ...]
    scale_range: float
    unknown_rule: tuple[tuple[int, float], ...]  # (answer, distance charged for an unknown position)


def example_answers(pq: PublishedQuiz) -> tuple[np.ndarray, np.ndarray]:
    """Helt för (important), delvis emot, skipped, neutral on the first statements; the rest skipped."""
    scale = pq.quiz.scale_values
    pattern = [scale[-1], scale[1], None, scale[len(scale) // 2]][:STATEMENTS]
    answers = np.full(len(pq.statements), np.nan)
    weights = np.ones(len(pq.statements))
    for i, value in enumerate(pattern[: len(pq.statements)]):
        if value is not None:
            answers[i] = value
    weights[0] = IMPORTANT_WEIGHT
    return answers, weights


def worked_example(pq: PublishedQuiz) -> WorkedExample:
    answers, weights = example_answers(pq)
    match = score_parties(answers, weights, pq.positions, pq.scale_min, pq.scale_max)
    shown = min(STATEMENTS, len(pq.statements))
    optional = lambda x: None if np.isnan(x) else float(x)  # noqa: E731
    rows = tuple(
        ExampleRow(
            statement=pq.statements[s],
            answer=optional(answers[s]),
            weight=float(weights[s]),
            positions=tuple(optional(v) for v in pq.positions[:, s]),
            distances=tuple(optional(v) for v in match.distance[:, s]),
            weighted=tuple(optional(v) for v in match.distance[:, s] * weights[s]),
        )
        for s in range(shown)
    )
    w = np.where(np.isnan(answers), 0.0, weights)
    charged = (np.nan_to_num(match.distance) * w).sum(axis=1)
    return WorkedExample(
        parties=pq.parties,
        rows=rows,
        charged=tuple(float(c) for c in charged),
        possible=float(w.sum() * largest(match.scale_range)),
        scores=tuple(float(x) for x in match.scores),
        scale_range=match.scale_range,
        unknown_rule=tuple(
            (v, float(unknown_distance(np.array([v], dtype=float), pq.scale_min, pq.scale_max)[0]))
            for v in pq.quiz.scale_values
        ),
    )
