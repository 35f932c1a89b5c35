"""A voter's answers as one short string that travels in a hidden form field or a share link.

The voter flow keeps no server session and sets no cookie (it must work in an iframe with
third-party cookies blocked, and answers are special-category data we do not store), so the
answers so far ride along with every form. One character per statement, in quiz order:

* ``a``, ``b``, ``c``… the index of the answer on the scale (``a`` = most against);
  upper case (``A``, ``B``…) = the same answer marked "viktigt för mig" (double weight);
* ``-`` skipped; ``.`` not reached yet (counts as skipped in the result).

Example for five statements on a five-point scale: ``eB-..`` = helt för, delvis emot (important),
skipped, two not reached.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import cache

import numpy as np

SKIPPED = "-"
UNSEEN = "."
IMPORTANT_WEIGHT = 2.0


class AnswerError(ValueError):
    """The answer string does not fit the quiz: tampered, truncated or for another version."""


@dataclass(frozen=True)
class Answer:
    value: int | None  # None = skipped or not reached
    important: bool = False
    seen: bool = False

    @property
    def number(self) -> float:
        """The value as ``matching`` takes it: NaN for no answer."""
        return np.nan if self.value is None else float(self.value)

    @property
    def weight(self) -> float:
        return IMPORTANT_WEIGHT if self.important else 1.0


class Answers:
    """Decoded answers for one quiz version; immutable, ``with_answer`` returns a new one."""

    def __init__(self, scale_values: tuple[int, ...], items: tuple[Answer, ...]):
        self.scale_values = scale_values
        self.items = items

    @classmethod
    def empty(cls, scale_values: tuple[int, ...], count: int) -> "Answers":
        return cls(scale_values, tuple(Answer(None) for _ in range(count)))

    @classmethod
    def decode(cls, scale_values: tuple[int, ...], count: int, encoded: str) -> "Answers":
        if encoded is None or len(encoded) != count:
            raise AnswerError(f"expected {count} answers, got {len(encoded or '')}")
        table = answer_table(tuple(scale_values))
        try:
            items = tuple(table[ch] for ch in encoded)
        except KeyError as exc:
            raise AnswerError(f"invalid answer character {exc.args[0]!r}") from None
        answers = cls(scale_values, items)
        answers._encoded = encoded
        return answers

    def encode(self) -> str:
        encoded = getattr(self, "_encoded", None)
        if encoded is None:
            out = []
            for item in self.items:
                if item.value is None:
                    out.append(SKIPPED if item.seen else UNSEEN)
                else:
                    ch = string.ascii_lowercase[self.scale_values.index(item.value)]
                    out.append(ch.upper() if item.important else ch)
            encoded = self._encoded = "".join(out)
        return encoded

    def with_answer(self, index: int, value: int | None, important: bool = False) -> "Answers":
        if value is not None and value not in self.scale_values:
            raise AnswerError(f"{value!r} is not on the scale")
        items = list(self.items)
        items[index] = Answer(value, important=important and value is not None, seen=True)
        return Answers(self.scale_values, tuple(items))

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> Answer:
        return self.items[index]

    @property
    def answered(self) -> int:
        return sum(1 for a in self.items if a.value is not None)

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """(values with NaN for skipped, weights) as ``matching.score_parties`` takes them."""
        found = getattr(self, "_arrays", None)
        if found is None:
            values = np.array([a.number for a in self.items], dtype=float)
            weights = np.array([a.weight for a in self.items])
            values.setflags(write=False)  # shared by every use of these answers
            weights.setflags(write=False)
            found = self._arrays = (values, weights)
        return found


@cache
def answer_table(scale_values: tuple[int, ...]) -> dict[str, Answer]:
    """Every character a state string may hold on this scale, and the answer it stands for."""
    table = {SKIPPED: Answer(None, seen=True), UNSEEN: Answer(None)}
    for letter, value in zip(string.ascii_lowercase, scale_values):
        table[letter] = Answer(value, seen=True)
        table[letter.upper()] = Answer(value, important=True, seen=True)
    return table
