"""What a voter's top match rests on: does it still come first without any one answer, and under
the other distance measure?

The result page and the JSON API say it in one line under the top match. "First" is what the page
shows: whole percentages, parties with the same one sharing the first place (``ranking``), so a
shared first place is reported as shared, never as a single winner. The top is *stable* when the
same parties are first in every variant:

* each answered statement left out in turn (``kernels.leave_one_out``: the sums less that
  statement's terms, all statements in one numpy pass), when at least one other answer remains;
* the ``euclidean`` method instead of ``cityblock`` (same answers, same unknown rule).

When it is not, the report names what decides it: the statement whose omission changes the top
(of several, the one that leaves the old top furthest behind; the first in quiz order among equals),
else the method. A voter who
answered only one statement has a top that rests on that answer alone: that statement decides it.

Per request this reads the sums the ranking made (``Result.sums``); only when the top's lead is
close (``clear_lead``) does it look at single answers: for a lone first place, bounds per party and
per statement from tables kept with the version's term table rule out nearly every statement, and
the few left are scored exactly (``lone_top_moved``: 22 µs where the full (S, P) numpy pass took
about 54 on the shipped quiz); a shared first place takes that pass. No rendering (docs/BENCHMARKS.md).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from operator import getitem
from typing import NamedTuple

import numpy as np

from ..core.published import PublishedQuiz
from .formula import EUCLIDEAN, score
from .kernels import leave_one_out
from .ranking import Result
from .terms import AnswerTerms, answer_terms_for


class Robustness(NamedTuple):
    """Parties are indices into the quiz version's parties (``pq.parties``): cheap to compare and
    hash, so the rendered line is found by the outcome itself."""

    top: tuple[int, ...]  # first as shown (more than one: a shared first place), alphabetically
    stable: bool
    statement: int | None  # index of the statement that decides the top, if one does
    method: str | None  # "euclidean" when the method decides it (and no single statement does)
    new_top: tuple[int, ...]  # who is first in the deciding variant (empty: nothing left to compare)

    @property
    def tied(self) -> bool:
        return len(self.top) > 1

    def to_json(self, pq: PublishedQuiz) -> dict:
        ids = [p.id for p in pq.parties]
        new_top = [ids[i] for i in self.new_top]
        if self.statement is not None:
            decided_by = {"statement": pq.statements[self.statement].id, "top": new_top}
        elif self.method is not None:
            decided_by = {"method": self.method, "top": new_top}
        else:
            decided_by = None
        return {"top": [ids[i] for i in self.top], "tied": self.tied, "stable": self.stable, "decided_by": decided_by}


def robustness(result: Result) -> Robustness | None:
    """The top match's robustness for this result (scored by ``cityblock``); None if nothing was
    answered (there is no top)."""
    if not result.answered:
        return None
    t = answer_terms_for(result.quiz, result.municipality)
    parties = len(t.indices)
    k = 2 * parties + 2
    top_rows, top = [], []
    for row in result.ranking:
        if row.rank == 1:
            top_rows.append(row.match_row)
            top.append(row.index)
    top_rows, top = tuple(top_rows), tuple(top)
    state = result.answers.letters
    totals = result.sums[t.columns.both]  # both methods' sums, from the ranking's one sum
    if result.answered == 1:
        return Robustness(top, False, answered_statements(t, state)[0], None, ())

    if len(top_rows) > 1:
        picked = t.both[t.statements, t.column[np.frombuffer(state.encode(), dtype=np.uint8)], :k]
        whole = np.rint(leave_one_out(picked, parties, sums=np.array(totals[:k])))  # rint: half to even, as round()
        if ((whole == whole.max(axis=1, keepdims=True)) != top_mask(t, top_rows)).any():
            return decided_by_statement(t, whole, top_rows, top)
    elif not clear_lead(t, totals, top_rows[0], state):
        moved = lone_top_moved(t, totals, top_rows[0], state)
        if moved is not None:
            return Robustness(top, False, moved[0], None, by_name(t, moved[1]))

    euclidean = totals[k:]
    shown = [round(score(d, euclidean[-2], EUCLIDEAN)) for d in euclidean[:parties]]
    best = max(shown)
    first = [i for i, x in enumerate(shown) if x == best]
    if first != sorted(top_rows):
        return Robustness(top, False, None, "euclidean", by_name(t, first))
    return Robustness(top, True, None, None, ())


def answered_statements(t: AnswerTerms, state: str) -> list[int]:
    """The indices of the statements the voter answered (not skipped, not unseen)."""
    values = t.values[t.column[np.frombuffer(state.encode(), dtype=np.uint8)]]
    return np.flatnonzero(~np.isnan(values)).tolist()


def clear_lead(t: AnswerTerms, totals: Sequence[float], first: int, state: str) -> bool:
    """True when no single statement left out can change a lone first place, so the (S, P) pass
    can be skipped: a cheap sufficient condition, exact where it says yes.

    Leaving out statement i (weight w, largest distance w·range = l) changes the top's lead over
    party q, in distance sums, by at most l, and the new total is L − l. So the shown lead stays at
    least 100·(Δ − l)/(L − l) points, which falls as l grows: if it exceeds 1 point (here 1.01, a
    margin far beyond float rounding) at the largest l the voter has, every whole-percentage
    comparison keeps the top first and alone (a − b > 1 means round(a) > round(b)).
    """
    parties = len(t.indices)
    distances, largest = totals[:parties], totals[2 * parties]
    others = [d for i, d in enumerate(distances) if i != first]
    if not others:
        return True
    lead = min(others) - distances[first]
    heaviest = t.light if state.islower() else t.heavy  # an upper-case answer is marked important
    return 100.0 * (lead - heaviest) > 1.01 * (largest - heaviest)


def lone_top_moved(t: AnswerTerms, totals: Sequence[float], first: int, state: str) -> tuple[int, list[int]] | None:
    """For a lone first place (match row ``first``): the statement whose omission lets another party
    reach it, and the match rows first without it; None if no single omission does.

    Of several, the one where the best other party gets furthest past the top (the first in quiz
    order among equals): the (S, P) pass over every statement left out, worked only where it can
    matter. Leaving out statement i changes the lead over party q by ``d_q,i − d_first,i`` and the
    total by its largest distance ``l_i``; where ``100 · (lead − change) > 1.01 · (L − l_i)`` party q
    stays more than a point behind, whole percentages keep the order (as ``clear_lead``), and a
    statement safe for every q cannot be the one. The largest change over the voter's answers
    (``gaps``) rules out most parties at once, each remaining party's largest margin
    (``margins``) most of the rest; the statements left are scored exactly, with ``formula.score``
    as ``kernels.leave_one_out`` does (tests/test_robustness.py compares them).
    """
    parties = len(t.indices)
    distances, largest = totals[:parties], totals[2 * parties]
    own = distances[first]
    gap = max(map(getitem, gaps(t, first), state))
    loosest = 1.01 * (largest - t.light)  # an answered statement's largest distance is at least ``light``
    candidates: set[int] = set()
    for q in range(parties):
        if q == first or 100.0 * (distances[q] - own - gap) > loosest:
            continue
        threshold = 100.0 * (distances[q] - own) - 1.01 * largest
        candidates.update(i for i, m in enumerate(map(getitem, margins(t, q, first), state)) if m >= threshold)
    furthest, found = -math.inf, None
    for i in sorted(candidates):
        r = t.cityblock_rows[i][state[i]]
        most = largest - r[-2]
        whole = [round(score(d - x, most)) for d, x in zip(distances, r)]
        top_score = whole[first]
        past = max(w - top_score for q, w in enumerate(whole) if q != first)
        if past > furthest:
            furthest, found = past, (i, whole)
    if found is None or furthest < 0:
        return None
    i, whole = found
    best = max(whole)
    return i, [q for q, w in enumerate(whole) if w == best]


def gaps(t: AnswerTerms, first: int) -> tuple[dict[str, float], ...]:
    """[statement][answer character] → the most any other match row's charged distance exceeds that
    of match row ``first`` there: what leaving the answer out can cost ``first``'s lead at most.
    Built per first place as met."""
    found = t.robustness_tables.get(("gaps", first))
    if found is None:
        parties = len(t.indices)
        distances = t.both[:, :, :parties]
        others = np.delete(distances, first, axis=2) - distances[:, :, first, None]
        most = others.max(axis=2) if parties > 1 else np.zeros(distances.shape[:2])
        found = t.robustness_tables[("gaps", first)] = tuple(dict(zip(t.characters, row)) for row in most.tolist())
    return found


def margins(t: AnswerTerms, q: int, first: int) -> tuple[dict[str, float], ...]:
    """[statement][answer character] → ``100 · (d_q − d_first) − 1.01 · l`` for that answer: leaving
    it out can bring party q within a point of ``first`` only where this reaches
    ``100 · lead − 1.01 · L`` (``lone_top_moved``; the 1.01 margin is far beyond float rounding).
    Built per pair of match rows as met."""
    found = t.robustness_tables.get(("margins", q, first))
    if found is None:
        parties = len(t.indices)
        terms = t.both[:, :, :2 * parties + 2]
        table = 100.0 * (terms[:, :, q] - terms[:, :, first]) - 1.01 * terms[:, :, -2]
        found = t.robustness_tables[("margins", q, first)] = tuple(dict(zip(t.characters, row)) for row in table.tolist())
    return found


def decided_by_statement(t: AnswerTerms, whole: np.ndarray, top_rows: tuple[int, ...], top: tuple[int, ...]) -> Robustness:
    """Of the statements whose omission changes who is first (``whole``: (S, P) whole percentages
    with each left out), the one that leaves the old top furthest behind; the first among equals."""
    best = whole.max(axis=1, keepdims=True)
    first = whole == best
    is_top = top_mask(t, top_rows)
    rows = np.flatnonzero((first != is_top).any(axis=1))
    behind = best[rows, 0] - whole[rows][:, is_top].min(axis=1)
    s = int(rows[int(np.argmax(behind))])
    return Robustness(top, False, s, None, by_name(t, np.flatnonzero(first[s]).tolist()))


def top_mask(t: AnswerTerms, top_rows: tuple[int, ...]) -> np.ndarray:
    """(P,) True for the match rows first, kept per set of rows (there are few)."""
    found = t.top_masks.get(top_rows)
    if found is None:
        found = np.zeros(len(t.indices), dtype=bool)
        found[list(top_rows)] = True
        t.top_masks[top_rows] = found
    return found


def by_name(t: AnswerTerms, rows: list[int]) -> tuple[int, ...]:
    """Match rows sharing a place as party indices, listed as the ranking lists a tie: by name."""
    return tuple(t.indices[i] for i in sorted(rows, key=t.names.__getitem__))
