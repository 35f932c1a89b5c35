"""The per-answer term table: what each answer at each statement adds to every score's sums, for one
published version and one municipality's parties, built once per version.

A voter picks one of a few answers per statement (a character each, ``core.answers``), so every
term is computed once per version and a request only picks one row per statement and adds them up:
a handful of numpy calls cost more per request than the whole sum (docs/BENCHMARKS.md). One table,
``AnswerTerms``, serves our score, the Euclidean variant and the peers; each part is built at
first use and kept with the version (``PublishedQuiz.once``):

* ``ours(method)``: our score's terms (``kernels.answer_terms``) as plain tuples per answer
  character, summed in Python for the ranking (``ranking.compute_result``);
* ``both``: the same terms, both methods side by side in one array, for leaving each answer out
  in one numpy pass (``robustness``);
* ``agree``: the agreement counts the result page shows (``kernels.agreement_terms``);
* ``peers``: the peers' terms (``peers.peer_answer_terms``), packed (``PackedRows``).

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
        self._ours: dict = {}

    @cached_property
    def both(self) -> np.ndarray:
        """(S, C, 2K) ``kernels.answer_terms``: cityblock, then euclidean; K = 2P + 2."""
        return np.concatenate(
            [answer_terms(self.values, self.weights, self.positions, self.scale_min, self.scale_max, m)
             for m in (CITYBLOCK, EUCLIDEAN)],
            axis=2,
        )

    def ours(self, method: str) -> tuple[dict[str, tuple[float, ...]], ...]:
        """[statement][answer character] → that answer's ``answer_terms`` row for ``method``."""
        found = self._ours.get(method)
        if found is None:
            check_method(method)
            k = 2 * len(self.indices) + 2
            part = self.both[:, :, :k] if method == CITYBLOCK else self.both[:, :, k:]
            found = self._ours[method] = self._by_character(part)
        return found

    @cached_property
    def _agreement(self) -> tuple[tuple[dict[str, tuple[float, ...]], ...], int]:
        terms = agreement_terms(self.values, self.positions)
        separable = int(terms[:, :, -1].max(axis=1).sum()) if len(self.indices) > 1 else 0
        return self._by_character(terms), separable

    @property
    def agree(self) -> tuple[dict[str, tuple[float, ...]], ...]:
        """[statement][answer character] → its ``agreement_terms`` row (the last: the answer separates)."""
        return self._agreement[0]

    @property
    def separable(self) -> int:
        """Statements on which an answer can separate two of these parties (none with one party)."""
        return self._agreement[1]

    @cached_property
    def peers(self) -> PackedRows:
        return PackedRows.build(self.characters, peer_answer_terms(
            self.values, self.weights, self.positions, self.scale_min, self.scale_max))

    @cached_property
    def with_svt(self) -> bool:
        """SVT's method applies to this scale (its table needs five steps)."""
        return svt_applies(choice_scale(self.values))

    def _by_character(self, terms: np.ndarray) -> tuple[dict[str, tuple[float, ...]], ...]:
        return tuple({ch: tuple(row[c]) for c, ch in enumerate(self.characters)} for row in terms.tolist())


class PackedRows:
    """Per-answer rows of whole quarters, summed per request as packed integers.

    Every peer term is a whole number of quarters on a five- or three-step scale, so each answer's
    row (4P + 2 numbers) is packed into one Python integer, a 32-bit field per number: adding 30
    such integers adds all 34 columns at once, exactly, and never carries from one field into the
    next (``build`` checks that the largest possible sum fits). That is a third of the cost of one
    numpy gather-and-sum and a tenth of summing the columns in Python, on a path every result page
    takes. Other scales (OpenVAA's coordinates are then not quarters) sum the float rows with numpy.
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
        if np.array_equal(quarters, np.rint(quarters)) and statements * quarters.max(initial=0) < 2**32:
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
            return [q * 0.25 for q in self.quarter_sums(state)]
        return self.float_sums(state)

    def quarter_sums(self, state: str) -> tuple[int, ...] | list[float]:
        """The sums in some unit common to every column (quarters when packed): enough to compare."""
        if self.packed is not None:
            return self.fields.unpack(sum(map(getitem, self.packed, state)).to_bytes(self.fields.size, "little"))
        return self.float_sums(state)

    def float_sums(self, state: str) -> list[float]:
        choices = len(self.table) // len(state) if state else 0
        rows = self.choice[np.frombuffer(state.encode(), dtype=np.uint8)] + np.arange(len(state)) * choices
        return self.table[rows].sum(axis=0).tolist() if len(state) else [0.0] * self.table.shape[1]
