"""What the class's answers say together: de-biased shares per statement, the statements to
discuss first, and the parties scored against the class as one voter. Pure figures over the
stored (randomized) counts; nothing here reads the database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import limits, randomized_response
from ..core.published import PublishedQuiz
from ..core.model import Party, Statement
from ..scoring.kernels import answer_terms, score_shares

DISCUSSION_STARTERS = 3


@dataclass(frozen=True)
class StatementSummary:
    """One statement's estimated answers, in whole students (estimates: shown with "≈")."""

    statement: Statement
    number: int
    counts: tuple[int, ...]  # estimated students per scale value, in scale order
    skipped: int
    answered: int
    mean: float | None  # on the quiz's scale
    spread: float | None  # 0 = everyone gave the same answer, 1 = split half and half between the extremes
    against: int = 0  # answers below the scale's middle
    neutral: int = 0
    in_favour: int = 0
    top: int | None = None  # index on the scale of the most common answer, None if most skipped
    lean: float = 0.0  # estimated share for minus share against (−1 … 1)
    lean_error: float = 0.0  # its standard error from the randomization (randomized_response.lean)


@dataclass(frozen=True)
class PartySummary:
    party: Party
    average: float | None  # the class's answers taken together, scored as one voter's: 0..100


@dataclass(frozen=True)
class ClassAggregates:
    submissions: int  # how many students the figures rest on: all who have sent
    statements: tuple[StatementSummary, ...]
    divided: tuple[StatementSummary, ...]
    united: tuple[StatementSummary, ...]
    parties: tuple[PartySummary, ...]  # best match first


def discussion_starters(statements: list[StatementSummary], lean: np.ndarray, error: np.ndarray,
                        took_side: np.ndarray) -> tuple[tuple[StatementSummary, ...], tuple[StatementSummary, ...]]:
    """(most divided, most united), ranked only as far as the class size carries it
    (randomized_response.clearly_more_united: 90 % intervals, corrected for comparing many
    statements, so that noise alone ranks anything at most one time in ten):

    * most divided: the statements the class leans least on, each clearly less than on the one it
      leans most on, where at least half the class took a side (mostly neutral or skipped is not
      divided);
    * most united: the statements it leans most on, each clearly more than on the one it leans least
      on, and not already listed as divided.

    At most ``DISCUSSION_STARTERS`` each (half the statements each for a short quiz). Both empty
    when no statement differs from another by more than the noise: the class is too small to tell."""
    candidates = [i for i, s in enumerate(statements) if s.spread is not None]
    if len(candidates) < 2:
        return (), ()
    starters = min(DISCUSSION_STARTERS, max(1, len(candidates) // 2))
    z = randomized_response.ranking_z(len(candidates))
    least = min(candidates, key=lambda i: (abs(lean[i]), i))
    most = max(candidates, key=lambda i: (abs(lean[i]), -i))
    divided = [i for i in sorted(candidates, key=lambda i: (abs(lean[i]), i))
               if took_side[i] >= 0.5 and randomized_response.clearly_more_united(lean, error, most, i, z)][:starters]
    united = [i for i in sorted(candidates, key=lambda i: (-abs(lean[i]), i))
              if i not in divided and randomized_response.clearly_more_united(lean, error, i, least, z)][:starters]
    return tuple(statements[i] for i in divided), tuple(statements[i] for i in united)


def class_figures(pq: PublishedQuiz, municipality: str, total: int, observed: Callable[[], np.ndarray]) -> ClassAggregates | None:
    """What the class shows of ``total`` sends: None below the class threshold (``limits.threshold``;
    nothing may be shown then, and the tallies, ``observed()``, are not even read), else the figures."""
    if total < limits.threshold():
        return None
    return aggregates(pq, municipality, observed(), total)


def aggregates(pq: PublishedQuiz, municipality: str, observed: np.ndarray, total: int) -> ClassAggregates:
    """What the class's answers say together (only ever shown from the threshold: ``class_figures``).

    ``observed`` (S, k) are the stored, randomized answers' counts; every figure is computed from
    their de-biased shares (``randomized_response.debias``), as no student's true answers exist.
    The parties are scored against those shares by the result page's formula (``kernels.score_shares``).
    """
    scale_values = tuple(pq.quiz.scale_values)
    scale = np.array(scale_values, dtype=float)
    shares = randomized_response.debias(observed, total)  # (S, k), the last column skipped
    counts = randomized_response.whole_counts(shares, total)  # whole students, each row adds up to total
    half_range = (scale[-1] - scale[0]) / 2
    middle = (scale[-1] + scale[0]) / 2
    in_favour, against = np.append(scale > middle, False), np.append(scale < middle, False)
    neutral = np.append(scale == middle, False)
    lean, lean_error = randomized_response.lean(observed, total, in_favour, against)
    statements = []
    for i, statement in enumerate(pq.statements):
        answered_share = shares[i, :-1].sum()
        if answered_share > 0:
            weights = shares[i, :-1] / answered_share
            mean = float(weights @ scale)
            spread = float(np.sqrt(weights @ (scale - mean) ** 2) / half_range)
        else:
            mean = spread = None
        row = counts[i]
        statements.append(
            StatementSummary(
                statement=statement,
                number=i + 1,
                counts=tuple(int(c) for c in row[:-1]),
                skipped=int(row[-1]),
                answered=int(total - row[-1]),
                mean=mean,
                spread=spread,
                against=int(row[against].sum()),
                neutral=int(row[neutral].sum()),
                in_favour=int(row[in_favour].sum()),
                top=int(np.argmax(shares[i, :-1])) if answered_share > 0 else None,
                lean=float(lean[i]),
                lean_error=float(lean_error[i]),
            )
        )
    divided, united = discussion_starters(statements, lean, lean_error, shares[:, in_favour | against].sum(axis=1))

    rows = pq.party_indices(municipality)
    values = np.array([*scale, np.nan])
    terms = answer_terms(values, np.ones(len(values)), pq.positions[rows], pq.scale_min, pq.scale_max)
    scores = score_shares(shares, terms)
    parties = sorted(
        (
            PartySummary(party=pq.parties[row], average=None if np.isnan(scores[i]) else float(scores[i]))
            for i, row in enumerate(rows)
        ),
        key=lambda p: (-(p.average if p.average is not None else -1), p.party.name),
    )
    return ClassAggregates(total, tuple(statements), divided, united, tuple(parties))
