"""The quiz domain: topics, parties, statements, positions and the quiz, as plain frozen data.

Pure (no Flask, no database, no file format): the content formats (``quiz.content``) read and
write these, the published version (``quiz.core.published``) turns one into arrays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .party_review import Review

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
COLOR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
BASES = ("explicit", "interpreted")
DIRECTIONS = ("more", "less")


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    translations: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Party:
    id: str
    name: str
    short_name: str = ""
    municipality: str = ""
    color: str = ""
    source_title: str = ""
    source_url: str = ""
    source_file: str = ""
    source_captured: str = ""  # when the source text was captured (YYYY-MM-DD), if known

    @property
    def label(self) -> str:
        return self.short_name or self.name


@dataclass(frozen=True)
class Statement:
    id: str
    text: str
    topic: str = ""
    background: str = ""
    origin: str = ""
    easy: dict[str, str] = field(default_factory=dict)
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    direction: str = ""  # "more", "less" or "" (not stated): see DIRECTIONS and statements/README.md


@dataclass(frozen=True)
class Position:
    party: str
    statement: str
    value: int | None
    basis: str = ""
    justification: str = ""
    quote: str = ""
    # Per language: the justification translated (never the quote, which stays verbatim): {"en": {"justification": …}}
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    review: Review | None = None  # the parties' review round (quiz.core.party_review), when there was one


@dataclass(frozen=True)
class Quiz:
    id: str
    title: str
    language: str
    scale_values: tuple[int, ...]
    scale_labels: dict[str, str]
    parties: tuple[Party, ...]
    statements: tuple[Statement, ...]
    positions: tuple[Position, ...]
    topics: tuple[Topic, ...] = ()
    description: str = ""
    translations: dict[str, dict[str, str]] = field(default_factory=dict)  # per language: title, description
    easy: dict[str, str] = field(default_factory=dict)  # lättläst: description


def normalise_space(text: str) -> str:
    return " ".join(text.split())
