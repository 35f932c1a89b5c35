"""The result page, assembled from HTML rendered once per quiz version and reading mode.

Why: the result page shows every statement with every party's position, quote and justification
(150 blocks for 30 statements and 5 parties) plus the ranking, filters and an answer editor.
Rendering all of that through Jinja for each voter costs several times the framework's whole
per-request work (``make bench``), yet nearly all of it is the same for every voter. So the page
and its parts are rendered once per (version, language, lättläst, embed, …) with named holes
(``hole("state")``) where the voter's parts go, and a request only fills holes by joining strings.

Everything a hole receives is escaped already: pre-rendered fragments, integers, or the answer
string (``quiz.answers``: letters, ``-`` and ``.`` only).
"""

from __future__ import annotations

import string
from dataclasses import dataclass

import numpy as np
from flask import current_app, g, render_template
from markupsafe import Markup

from .answers import SKIPPED, UNSEEN, Answers
from .catalog import PublishedQuiz
from .i18n import easy_reading, select_locale
from .results import Result

MARK = "\x00"
UNKNOWN = -1  # verdict key: the party's position is unknown
PAGES_PER_MODE = 256  # bound on skeletons per reading mode (carried parameters × shared × empty)
MODES_MAX = 64  # versions × languages × lättläst × embed


def hole(name: str) -> Markup:
    return Markup(f"{MARK}{name}{MARK}")


class Holed:
    """Rendered HTML with named holes, filled by joining strings."""

    __slots__ = ("literals", "names")

    def __init__(self, html: str):
        parts = str(html).split(MARK)
        self.literals = parts[0::2]
        self.names = parts[1::2]

    def fill(self, values: dict) -> str:
        out = [self.literals[0]]
        for name, literal in zip(self.names, self.literals[1:]):
            out.append(values[name])
            out.append(literal)
        return "".join(out)

    def halves(self) -> tuple[str, str]:
        """The two sides of a fragment with a single hole (the comparison's hot loop)."""
        assert len(self.names) == 1
        return self.literals[0], self.literals[1]


class ResultParts:
    """One quiz version's result page parts in one reading mode (language, lättläst, embed)."""

    def __init__(self, pq: PublishedQuiz):
        self.pq = pq
        self.macros = current_app.jinja_env.get_template("_result_parts.html").module
        self.context_macro = current_app.jinja_env.get_template("_macros.html").module.hidden_context
        m = self.macros
        letters = string.ascii_lowercase[: len(pq.quiz.scale_values)]
        self.chars = {SKIPPED: (None, False, True), UNSEEN: (None, False, False)}
        for letter, value in zip(letters, pq.quiz.scale_values):
            self.chars[letter] = (value, False, True)
            self.chars[letter.upper()] = (value, True, True)
        numbered = list(enumerate(pq.statements, start=1))
        self.statement_open = tuple(Holed(m.statement_open(pq, s, n, hole)).halves() for n, s in numbered)
        self.party_line = tuple(
            tuple(Holed(m.party_line(pq, s, p, pq.position_of.get((p.id, s.id)), hole)).halves() for p in pq.parties)
            for s in pq.statements
        )
        self.statement_close = str(m.statement_close())
        self.answer = {ch: str(m.answer_label(pq, *args)) for ch, args in self.chars.items()}
        steps = range(int(pq.scale_max - pq.scale_min) + 1)
        self.verdict = {UNKNOWN: str(m.verdict(None)), **{k: str(m.verdict(k)) for k in steps}}
        self.editor_row = tuple(
            {ch: str(m.editor_row(pq, s, n, value, important)) for ch, (value, important, _) in self.chars.items()}
            for n, s in numbered
        )
        self.checkbox = {(i, c): str(m.party_checkbox(p, c)) for i, p in enumerate(pq.parties) for c in (False, True)}
        self.hidden_party = {p.id: str(m.party_hidden(p)) for p in pq.parties}
        self._ranking_rows: dict[tuple, Holed] = {}
        self._rank_labels: dict[tuple, str] = {}
        self._pages: dict[tuple, Holed] = {}

    def ranking_row(self, index: int, uncertain: bool, has_percent: bool) -> Holed:
        key = (index, uncertain, has_percent)
        row = self._ranking_rows.get(key)
        if row is None:
            row = self._ranking_rows[key] = Holed(self.macros.ranking_row(self.pq.parties[index], *key[1:], hole))
        return row

    def rank_label(self, rank: int, tied: bool) -> str:
        label = self._rank_labels.get((rank, tied))
        if label is None:
            label = self._rank_labels[(rank, tied)] = str(self.macros.rank_label(rank, tied))
        return label

    def page(self, key: tuple, render) -> Holed:
        found = self._pages.get(key)
        if found is None:
            if len(self._pages) >= PAGES_PER_MODE:
                self._pages.clear()
            found = self._pages[key] = Holed(render())
        return found


def parts(pq: PublishedQuiz) -> ResultParts:
    """This request's reading mode's parts for ``pq``, built on first use."""
    key = (pq.etag, select_locale(), easy_reading(), bool(g.get("embed")))
    cache = current_app.extensions.setdefault("result_parts", {})
    found = cache.get(key)
    if found is None:
        if len(cache) >= MODES_MAX:
            cache.clear()
        found = cache[key] = ResultParts(pq)
    return found


def render_result_page(
    result: Result, chosen: list[str], errors=(), shared: bool = False, klass: str | None = None, classroom_box: str = ""
) -> str:
    """The result page for ``result``; ``chosen`` party ids filter the comparison (none: all).

    Whatever the page's forms carry besides the answers (municipality, reading choices, the class
    and any other parameter ``hidden_context`` passes on) keys the skeleton: it is rendered into it.
    ``classroom_box`` is the class submission form (it holds a per-visitor CSRF token).
    """
    pq, rp = result.quiz, parts(result.quiz)
    nothing = result.answered == 0
    carried = str(rp.context_macro(result.municipality, klass))
    skeleton = rp.page(
        (carried, shared, nothing),
        lambda: render_template(
            "result.html", pq=pq, municipality=result.municipality, klass=klass, shared=shared, nothing=nothing,
            hole=hole,
        ),
    )
    state = result.answers.encode()
    shown = [row for row in result.ranking if row.party.id in chosen] if chosen else list(result.ranking)
    return skeleton.fill(
        {
            "errors": str(rp.macros.edit_errors(errors)) if errors else "",
            "classroom": classroom_box,
            "answered": str(result.answered),
            "state": state,
            "ranking": ranking_html(rp, result),
            "party_hidden": "".join(rp.hidden_party[i] for i in chosen),
            "party_checkboxes": "".join(rp.checkbox[(row.index, row.party.id in chosen)] for row in result.ranking),
            "comparison": comparison_html(rp, result, shown),
            "editor": "".join(rp.editor_row[s][ch] for s, ch in enumerate(state)),
        }
    )


def ranking_html(rp: ResultParts, result: Result) -> str:
    out = []
    answered = str(result.answered)
    for row in result.ranking:
        has_percent = row.percent is not None
        holed = rp.ranking_row(row.index, row.uncertain, has_percent)
        out.append(
            holed.fill(
                {
                    "rank": rp.rank_label(row.rank, row.tied),
                    "percent": str(row.percent),
                    "coverage": str(row.coverage),
                    "answered": answered,
                }
            )
        )
    return "".join(out)


def comparison_html(rp: ResultParts, result: Result, shown) -> str:
    """Every statement with the voter's answer and each shown party's position and distance."""
    encoded = result.answers.encode()
    raw = result.match.raw  # (P, S) steps apart; NaN where unknown or skipped
    unknown = np.isnan(result.match.positions)
    rows = [(row.index, row.match_row) for row in shown]
    out = []
    for s, ch in enumerate(encoded):
        before, after = rp.statement_open[s]
        out += (before, rp.answer[ch], after)
        answered = ch not in (SKIPPED, UNSEEN)
        for index, match_row in rows:
            before, after = rp.party_line[s][index]
            if not answered:
                verdict = ""
            elif unknown[match_row, s]:
                verdict = rp.verdict[UNKNOWN]
            else:
                verdict = rp.verdict[int(raw[match_row, s])]
            out += (before, verdict, after)
        out.append(rp.statement_close)
    return "".join(out)
