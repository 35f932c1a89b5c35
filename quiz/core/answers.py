"""A voter's answers as one short string that travels in a hidden form field or a share link.

The voter flow keeps no server session and sets no cookie (it must work in an iframe with
third-party cookies blocked, and answers are special-category data we do not store), so the
answers so far ride along with every form. One character per statement, in quiz order:

* ``a``, ``b``, ``c``… the index of the answer on the scale (``a`` = most against);
  upper case (``A``, ``B``…) = the same answer marked "viktigt för mig" (double weight);
* ``-`` skipped; ``.`` not reached yet (counts as skipped in the result).

Example for five statements on a five-point scale: ``eB-..`` = helt för, delvis emot (important),
skipped, two not reached.

A last character binds the string to its quiz version (``version_check``): answers given on one
version are never read as answers to another that happens to have as many statements (a form from
a page before a publish, a hand-edited share link), they are refused with a 400 instead. A string
of exactly one character per statement is the format from before the check character. Only the
versions published before it (``unchecked=True``, migration 0005) still read it, so their share
links keep opening; ``encode`` adds the check when it writes it again. Every later version refuses
it, so removing the check does not move a string to another version either.
Two versions of a quiz less than 62 publishes apart never share a check character.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import cache

import numpy as np

SKIPPED = "-"
UNSEEN = "."
IMPORTANT_WEIGHT = 2.0
CHECK_CHARACTERS = string.digits + string.ascii_letters


class AnswerError(ValueError):
    """The answer string does not fit the quiz: tampered, truncated or for another version."""


class OtherVersionError(AnswerError):
    """The answer string carries another quiz version's check character."""


def version_check(version: str | None) -> str:
    """The check character of a version ``<sequence>-<hash>``: by sequence, so consecutive
    versions differ; "" for no version (answers not bound to one)."""
    if not version:
        return ""
    sequence = version.partition("-")[0]
    return CHECK_CHARACTERS[(int(sequence) - 1) % len(CHECK_CHARACTERS)] if sequence.isdigit() else ""


@dataclass(frozen=True)
class Answer:
    value: int | None  # None = skipped or not reached
    important: bool = False
    seen: bool = False

    @property
    def number(self) -> float:
        """The value as ``kernels`` takes it: NaN for no answer."""
        return np.nan if self.value is None else float(self.value)

    @property
    def weight(self) -> float:
        return IMPORTANT_WEIGHT if self.important else 1.0


class Answers:
    """Decoded answers for one quiz version; immutable, ``with_answer`` returns a new one."""

    def __init__(self, scale_values: tuple[int, ...], items: tuple[Answer, ...], check: str = ""):
        self.scale_values = scale_values
        self.items = items
        self.check = check  # the version's check character ("" = not bound to a version)

    @classmethod
    def empty(cls, scale_values: tuple[int, ...], count: int, version: str | None = None) -> "Answers":
        return cls(scale_values, tuple(Answer(None) for _ in range(count)), version_check(version))

    @classmethod
    def decode(
        cls, scale_values: tuple[int, ...], count: int, encoded: str, version: str | None = None, unchecked: bool = False
    ) -> "Answers":
        """Answers to ``count`` statements; with ``version``, the string must end in that version's
        check character, or may lack one where ``unchecked`` (a version from before the check)."""
        check = version_check(version)
        lengths = (count, count + 1) if unchecked or not check else (count + 1,)
        if encoded is None or len(encoded) not in lengths:
            if check and encoded is not None and len(encoded) == count:
                raise OtherVersionError(f"the answers carry no check character for {version}")
            raise AnswerError(f"expected {count} answers, got {len(encoded or '')}")
        letters = encoded[:count]
        if len(encoded) > count and check and encoded[count] != check:
            raise OtherVersionError(f"the answers are for another version than {version}")
        table = answer_table(tuple(scale_values))
        try:
            items = tuple(table[ch] for ch in letters)
        except KeyError as exc:
            raise AnswerError(f"invalid answer character {exc.args[0]!r}") from None
        answers = cls(scale_values, items, check)
        answers._letters = letters
        return answers

    @classmethod
    def from_choices(
        cls, scale_values: tuple[int, ...], count: int, choices: dict[int, int | None], important=frozenset()
    ) -> "Answers":
        """Answers from the value chosen per statement index (None: skipped; absent: not reached),
        those in ``important`` marked so; a value not on the scale is an ``AnswerError``."""
        items = [Answer(None)] * count
        for index, value in choices.items():
            if value is not None and value not in scale_values:
                raise AnswerError(f"{value!r} is not on the scale")
            items[index] = Answer(value, important=value is not None and index in important, seen=True)
        return cls(tuple(scale_values), tuple(items))

    @property
    def letters(self) -> str:
        """One character per statement, in quiz order (no check character)."""
        letters = getattr(self, "_letters", None)
        if letters is None:
            table = letter_table(tuple(self.scale_values))
            letters = self._letters = "".join(table[item] for item in self.items)
        return letters

    def encode(self) -> str:
        """The string forms and share links carry: the letters and the version's check character."""
        return self.letters + self.check

    def with_answer(self, index: int, value: int | None, important: bool = False) -> "Answers":
        if value is not None and value not in self.scale_values:
            raise AnswerError(f"{value!r} is not on the scale")
        items = list(self.items)
        items[index] = Answer(value, important=important and value is not None, seen=True)
        return Answers(self.scale_values, tuple(items), self.check)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> Answer:
        return self.items[index]

    @property
    def answered(self) -> int:
        return sum(1 for a in self.items if a.value is not None)

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """(values with NaN for skipped, weights) as ``kernels.score_parties`` takes them."""
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
    """Every character a state string may hold on this scale, and the answer it stands for: the
    one table of the encoding (the module docstring), read both ways."""
    table = {SKIPPED: Answer(None, seen=True), UNSEEN: Answer(None)}
    for letter, value in zip(string.ascii_lowercase, scale_values):
        table[letter] = Answer(value, seen=True)
        table[letter.upper()] = Answer(value, important=True, seen=True)
    return table


@cache
def letter_table(scale_values: tuple[int, ...]) -> dict[Answer, str]:
    """``answer_table`` the other way round: the character for each answer."""
    return {answer: ch for ch, answer in answer_table(scale_values).items()}


@cache
def option_table(scale_values: tuple[int, ...]) -> dict[str, int]:
    """Every character as an option 0..k (the scale's k values, then k for no answer: skipped or not
    reached), "important" dropped: what class mode stores and tallies, read from ``answer_table``."""
    k = len(scale_values)
    return {ch: k if a.value is None else scale_values.index(a.value) for ch, a in answer_table(scale_values).items()}


@cache
def option_letters(scale_values: tuple[int, ...]) -> tuple[str, ...]:
    """``option_table`` the other way round: the character for options 0..k (no answer: skipped)."""
    table = letter_table(scale_values)
    return (*(table[Answer(v, seen=True)] for v in scale_values), table[Answer(None, seen=True)])
