"""What a page carries from request to request besides the answers: one frozen value per request.

The voter flow keeps no session (``quiz.core.answers``, ``quiz.web.i18n``), so every choice that shapes
the pages travels in the links and forms: the municipality, the class a student joined, the
language, lättläst and, inside an embedding (the ``/embed`` URL prefix), the embedding's theme.
``carried()`` reads them all once per request into a ``Carried`` value, and that value is

* the only input of the hidden fields every form passes on (``hidden_context`` and
  ``hidden_carried`` in templates/web/_macros.html) and of the parameters links carry
  (``reading_params``), and
* the first part of the key of every page kept in memory (the statement, result, method and
  error pages), so a page rendered for one visitor's choices can never be served to another's.

To carry a new parameter, add a field here with its ``examples`` (two requests that give two
different values) and read it in ``carried()``: forms, links and keys follow, and
tests/test_carried.py checks every page kind kept in memory against the new field by itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from flask import Flask, g, has_app_context, has_request_context, request

from ..core.published import ALL_MUNICIPALITIES, PublishedQuiz
from .theme import NO_THEME, Theme
from .i18n import DEFAULT_LANGUAGE, EASY_PARAM, easy_reading, request_value, select_locale

SHARED_PARAM = "delad"
A_MUNICIPALITY = "<a municipality of the quiz>"  # in an example: the test picks one of its quiz's


class Example(NamedTuple):
    """A request that gives a field one value: its parameters and the URL prefix it is made under."""

    params: dict[str, str]
    prefix: str = ""


def examples(*given: Example) -> dict:
    return {"examples": given}


@dataclass(frozen=True)
class Reading:
    """How the pages read: the shared parts of a page (quiz.voter.result_page) are rendered per value."""

    lang: str = field(default=DEFAULT_LANGUAGE, metadata=examples(Example({}), Example({"lang": "en"})))
    easy: bool = field(default=False, metadata=examples(Example({}), Example({EASY_PARAM: "1"})))
    embed: bool = field(default=False, metadata=examples(Example({}), Example({}, "/embed")))
    theme: Theme = field(default=NO_THEME, metadata=examples(
        Example({}, "/embed"), Example({"farg": "#005a9c", "namn": "Lokaltidningen"}, "/embed")))

    def params(self) -> dict[str, str]:
        """The choices that differ from the defaults, as URL parameters (``url_for(..., **params)``)."""
        params = {}
        if self.lang != DEFAULT_LANGUAGE:
            params["lang"] = self.lang
        if self.easy:
            params[EASY_PARAM] = "1"
        if self.embed:
            params.update(self.theme.params())
        return params


@dataclass(frozen=True)
class Carried:
    """Everything a page carries besides the answers; see the module docstring."""

    reading: Reading = Reading()
    municipality: str = field(default=ALL_MUNICIPALITIES, metadata=examples(  # a slug of the quiz's
        Example({}), Example({"kommun": A_MUNICIPALITY})))
    klass: str | None = field(default=None, metadata=examples(Example({}), Example({"klass": "ACD347"})))
    # Someone else's answers, opened from a share link: the result and the pages reached from it
    # (its filters, method, charts) say so, until the reader changes an answer (``statement_page``).
    shared: bool = field(default=False, metadata=examples(Example({}), Example({SHARED_PARAM: "1"})))

    def hidden_fields(self, municipality: bool = True) -> list[tuple[str, str]]:
        """(name, value) of every field a form passes on; without the municipality for a form
        that asks for it itself."""
        fields = [("kommun", self.municipality)] if municipality else []
        if self.klass:
            fields.append(("klass", self.klass))
        if self.shared:
            fields.append((SHARED_PARAM, "1"))
        fields.extend(self.reading.params().items())
        return fields


DEFAULT = Carried()


def carried(pq: PublishedQuiz | None = None) -> Carried:
    """This request's carried choices, read once; for ``pq``'s pages with the municipality checked
    against that quiz (one it does not have means all)."""
    if not has_request_context():  # a request served before Flask (quiz.web.fast_path) sets g.carried
        return g.get("carried", DEFAULT) if has_app_context() else DEFAULT
    found = g.get("carried")
    if found is None:
        embed = bool(g.get("embed"))
        reading = Reading(select_locale(), easy_reading(), embed, g.get("embed_theme", NO_THEME) if embed else NO_THEME)
        shared = request_value(SHARED_PARAM) == "1" or (request.endpoint or "").endswith(".shared_result")
        found = g.carried = Carried(reading, ALL_MUNICIPALITIES, normalize_class_value(request_value("klass")), shared)
    if pq is None:
        return found
    municipality = pq.municipality_or_all(request_value("kommun"))
    return found if municipality == found.municipality else replace(found, municipality=municipality)


EMBED_PREFIX = "/embed"


def embedded() -> bool:
    """This request is an embed's: the voter's pages under /embed (``request.blueprint == "embed"``)
    or any other URL there (so its 404 fits the frame). Decided once per request, kept in ``g.embed``."""
    found = g.get("embed")
    if found is None:
        path = request.path
        found = g.embed = request.blueprint == "embed" or path == EMBED_PREFIX or path.startswith(EMBED_PREFIX + "/")
    return found


def init_context(app: Flask) -> None:
    """Templates read the carried choices: ``carried`` (a quiz's pages pass ``carried(pq)`` instead)
    and ``reading_params()`` for their links."""
    app.jinja_env.globals.update(reading_params=reading_params)  # a global: macros imported without context call it
    app.context_processor(lambda: {"carried": carried()})


def reading_params() -> dict[str, str]:
    """The reader's choices that differ from the defaults, to carry in links (``url_for(..., **p)``)."""
    return carried().reading.params()


# --- the class a student's pages carry ----------------------------------------------------------
# Only the format of the ``klass`` value lives here (class mode, quiz.classroom.operations, finds the class and
# checks the ticket's signature), so reading the request context needs no class-mode code.

# No look-alikes: no 0/O/Q, 1/I/L, 2/Z, 5/S, 8/B, 6/G; upper case only, so it reads aloud unambiguously.
CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
CODE_LENGTH = 6
CODE_PATTERN = re.compile(rf"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")
TICKET_PATTERN = re.compile(rf"^([{CODE_ALPHABET}]{{{CODE_LENGTH}}})\.([1-9][0-9]{{0,11}})\.([A-Za-z0-9_-]{{16}})$")


def normalize_code(raw: str | None) -> str | None:
    """A code as typed (any case, spaces or dashes) in canonical form, or None if it cannot be one."""
    if not raw:
        return None
    code = re.sub(r"[\s-]", "", raw).upper()
    return code if CODE_PATTERN.match(code) else None


def normalize_class_value(raw: str | None) -> str | None:
    """A carried ``klass`` value as the pages pass it on: a ticket (checked later, where it is
    used) or a bare code (from a link made before tickets), else None."""
    if raw and TICKET_PATTERN.match(raw):
        return raw
    return normalize_code(raw)
