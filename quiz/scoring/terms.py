"""The per-answer term table: what each answer at each statement adds to every score's sums, for one
published version and one municipality's parties, built once per version.

A voter picks one of a few answers per statement (a character each, ``core.answers``), so every
term is computed once per version and a request only picks one row per statement and adds them up:
a handful of numpy calls cost more per request than the whole sum (docs/BENCHMARKS.md). One table,
``AnswerTerms``, serves our score, the Euclidean variant, the counts the pages show and the peers,
built at first use and kept with the version (``PublishedQuiz.once``), and summed once per request:

* ``summed``: every answer's row of every column side by side (``Columns``: our score's terms by
  both methods, ``kernels.answer_terms``; the agreement counts, ``kernels.agreement_terms``; the
  peers' terms, ``peers.peer_answer_terms``), packed (``PackedRows``). ``sums(state)`` adds them in
  one go; the ranking keeps the sums with its ``Result``, and the robustness line and the peers'
  rankings read theirs from there;
* ``both``: our terms by both methods as one array, for leaving each answer out in one numpy pass
  (``robustness``, only when the top's lead is close).

Every term is a multiple of ¼, so the sums are exact in any order: each part gives the same numbers
as the kernels that score one voter against a matrix.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from functools import cached_property
from operator import getitem

import numpy as np

from ..core.answers import IMPORTANT_WEIGHT, answer_table
from ..core.model import Party
from ..core.published import PublishedQuiz
from .formula import CITYBLOCK, EUCLIDEAN, check_method, largest
from .kernels import agreement_terms, answer_terms
from .peers import choice_scale, peer_answer_terms, svt_applies


def answer_terms_for(pq: PublishedQuiz, municipality: str) -> AnswerTerms:
    """The version's table for the municipality's parties, built once per version."""
    return pq.once((__name__, municipality), lambda pq: AnswerTerms(pq, municipality))


class AnswerTerms:
    """One version's per-answer terms for one municipality's parties (its "match rows")."""

    def __init__(self, pq: PublishedQuiz, municipality: str):
        table = answer_table(tuple(pq.quiz.scale_values))
        self.characters: tuple[str, ...] = tuple(table)  # the answer characters, in the scale's order
        self.values = np.array([a.number for a in table.values()])  # (C,) each choice's value, NaN = skipped
        self.weights = np.array([a.weight for a in table.values()])  # (C,)
        rows = pq.party_indices(municipality)
        self.positions = pq.positions[rows]  # (P, S) those parties' positions
        self.indices: tuple[int, ...] = tuple(rows.tolist())  # each match row's index in pq.parties
        self.parties: tuple[Party, ...] = tuple(pq.parties[i] for i in self.indices)
        self.names: tuple[str, ...] = tuple(p.name for p in self.parties)  # ties are listed by name
        self.scale_min, self.scale_max = pq.scale_min, pq.scale_max
        self.statements = np.arange(len(pq.statements))
        self.column = np.zeros(256, dtype=np.intp)  # answer character (as a byte) → its choice c
        for c, ch in enumerate(self.characters):
            self.column[ord(ch)] = c
        most = largest(float(pq.scale_max - pq.scale_min))  # cityblock, as robustness compares
        self.light = most * float(self.weights.min())  # the most one plain answer can be charged
        self.heavy = most * IMPORTANT_WEIGHT  # … one marked important
        self.top_masks: dict = {}  # robustness: first places (match rows) → (P,) bool mask, built as met
        self.robustness_tables: dict[tuple, tuple] = {}  # robustness.gaps and .margins, built as met
        self.columns = Columns(len(self.indices))

    @cached_property
    def both(self) -> np.ndarray:
        """(S, C, 2K) ``kernels.answer_terms``: cityblock, then euclidean; K = 2P + 2."""
        return np.concatenate(
            [answer_terms(self.values, self.weights, self.positions, self.scale_min, self.scale_max, m)
             for m in (CITYBLOCK, EUCLIDEAN)],
            axis=2,
        )

    @cached_property
    def cityblock_rows(self) -> tuple[dict[str, tuple[float, ...]], ...]:
        """[statement][answer character] → its ``cityblock`` terms (K numbers) as Python floats: the
        lone-top check in ``robustness`` reads a few rows per request, where numpy's per-call cost
        was most of the work."""
        k = 2 * len(self.indices) + 2
        return tuple({ch: tuple(row[c]) for c, ch in enumerate(self.characters)} for row in self.both[:, :, :k].tolist())

    @cached_property
    def _agreement(self) -> np.ndarray:
        return agreement_terms(self.values, self.positions)

    @cached_property
    def separable(self) -> int:
        """Statements on which an answer can separate two of these parties (none with one party)."""
        return int(self._agreement[:, :, -1].max(axis=1).sum()) if len(self.indices) > 1 else 0

    @cached_property
    def summed(self) -> PackedRows:
        """Every column of ``Columns``, one packed row per statement and answer character."""
        peers = peer_answer_terms(self.values, self.weights, self.positions, self.scale_min, self.scale_max)
        return PackedRows.build(self.characters, np.concatenate([self.both, self._agreement, peers], axis=2))

    @cached_property
    def _separates(self) -> tuple[dict[str, int], ...]:
        """[statement][answer character] → 1 if that answer can tell two of these parties apart (the
        agreement terms' last column)."""
        return tuple({ch: int(row[c]) for c, ch in enumerate(self.characters)}
                     for row in self._agreement[:, :, -1].tolist())

    def separating(self, state: str) -> int:
        """How many answers in ``state`` can tell two of these parties apart: the one count the answer
        step needs (``statement_page``), a third of the cost of the full sum on every step."""
        return sum(map(getitem, self._separates, state))

    def sums(self, state: str) -> list[float]:
        """Every column's sum over the answers in ``state`` (one character per statement): the one
        sum a request makes (``Columns`` says which column is which)."""
        return self.summed.sums(state)

    @cached_property
    def with_svt(self) -> bool:
        """SVT's method applies to this scale (its table needs five steps)."""
        return svt_applies(choice_scale(self.values))


class Columns:
    """Where each part's columns sit in a row of ``AnswerTerms.summed`` (and so in its sums), for P
    parties: our terms by cityblock, then by euclidean (K = 2P + 2 each, ``kernels.answer_terms``),
    the agreement counts (P + 1, ``kernels.agreement_terms``), the peers' terms (4P + 2,
    ``peers.peer_answer_terms``)."""

    def __init__(self, parties: int):
        k = 2 * parties + 2
        self.both = slice(0, 2 * k)
        self.ours = {CITYBLOCK: slice(0, k), EUCLIDEAN: slice(k, 2 * k)}
        self.agree = slice(2 * k, 2 * k + parties + 1)
        self.peers = slice(2 * k + parties + 1, None)

    def of_method(self, method: str) -> slice:
        check_method(method)
        return self.ours[method]


class PackedRows:
    """Per-answer rows of whole quarters, summed per request as packed integers.

    Every term of our score, the counts and the peers is a whole, non-negative number of quarters
    on a five- or three-step scale, so each answer's row (every column of ``Columns``, 64 numbers
    for five parties) is packed into one Python integer, a 32-bit field per number: adding 41 such
    integers adds every column at once, exactly, and never carries from one field into the next
    (``build`` checks that the largest possible sum fits). That costs less than one numpy
    gather-and-sum and a tenth of summing the columns in Python, on a path every result page
    takes. Other scales (OpenVAA's coordinates are then not quarters) sum the float rows with
    numpy: our own terms are quarters on any whole-step scale, so their sums are exact either way.
    """

    def __init__(self, packed, fields: struct.Struct, table: np.ndarray, choice: np.ndarray):
        self.packed: tuple[dict[str, int], ...] | None = packed  # [statement][answer character] → row
        self.fields = fields  # unpacks a packed sum into its numbers of quarters
        self.table = table  # (S · C, W) the float rows, for scales without whole quarters
        self.choice = choice  # (256,) answer character's byte → its choice c (row s · C + c)

    @classmethod
    def build(cls, characters: Sequence[str], terms: np.ndarray) -> PackedRows:
        """From (S, C, W) terms, choice ``c`` being ``characters[c]``."""
        statements, choices, width = terms.shape
        quarters = terms * 4
        fields = struct.Struct(f"<{width}I")
        packed = None
        if (np.array_equal(quarters, np.rint(quarters)) and quarters.min(initial=0) >= 0
                and statements * quarters.max(initial=0) < 2**32):
            rows = np.rint(quarters).astype("<u4")
            packed = tuple(
                {ch: int.from_bytes(rows[s, c].tobytes(), "little") for c, ch in enumerate(characters)}
                for s in range(statements)
            )
        choice = np.zeros(256, dtype=np.intp)
        for c, ch in enumerate(characters):
            choice[ord(ch)] = c
        return cls(packed, fields, terms.reshape(statements * choices, width), choice)

    def sums(self, state: str) -> list[float]:
        """Each column's sum over the answers in ``state`` (one character per statement)."""
        if self.packed is not None:
            quarters = self.fields.unpack(sum(map(getitem, self.packed, state)).to_bytes(self.fields.size, "little"))
            return [q * 0.25 for q in quarters]
        return self.float_sums(state)

    def float_sums(self, state: str) -> list[float]:
        choices = len(self.table) // len(state) if state else 0
        rows = self.choice[np.frombuffer(state.encode(), dtype=np.uint8)] + np.arange(len(state)) * choices
        return self.table[rows].sum(axis=0).tolist() if len(state) else [0.0] * self.table.shape[1]
