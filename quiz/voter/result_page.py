"""The result page, assembled from HTML rendered once per quiz version and reading mode.

Why: the result page shows every statement with every party's position, quote and justification
(150 blocks for 30 statements and 5 parties) plus the ranking and its filters.
Rendering all of that through Jinja for each voter costs several times the framework's whole
per-request work (``make bench``), yet nearly all of it is the same for every voter. So the page
and its parts are rendered once per version and reading mode (``quiz.web.context``) with named holes
(``hole("state")``, ``quiz.web.prerender``) where the voter's parts go, and a request only fills
holes by joining bytes.

Everything a hole receives is escaped already: pre-rendered fragments, integers, or the answer
string (``quiz.core.answers``: letters, digits, ``-`` and ``.`` only).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from itertools import chain
from operator import getitem, itemgetter

from flask import current_app, render_template
from markupsafe import Markup

from ..web import holes
from ..core.answers import answer_table
from ..core.published import PublishedQuiz
from ..web.context import Carried
from ..web.memory import app_store, kept, kind, may_build
from ..web.prerender import Holed, compact, hole
from ..scoring.ranking import Result
from ..scoring.robustness import Robustness, robustness

RESULT_PARTS = kind("result_parts")

UNKNOWN = -1  # verdict key: the party's position is unknown
NO_VERDICT = -2  # verdict key: the voter skipped the statement
PAGES_PER_MODE = 256  # bound on skeletons per reading mode (carried choices × empty)
MODES_MAX = 64  # versions × reading modes (quiz.web.context.Reading)


class ResultParts:
    """One quiz version's result page parts in one reading mode (``quiz.web.context.Reading``)."""

    def __init__(self, pq: PublishedQuiz, shared: bool = False):
        self.pq = pq
        self.shared = shared  # someone else's answers (a share link): the page says "svaret i länken"
        self.macros = current_app.jinja_env.get_template("voter/_result_parts.html").module
        m = self.macros
        # Every character of the answer string (quiz.core.answers) and (value, important, seen) it stands for.
        self.chars = {ch: (a.value, a.important, a.seen) for ch, a in answer_table(tuple(pq.quiz.scale_values)).items()}
        numbered = list(enumerate(pq.statements, start=1))
        self.answer = {ch: compact(m.answer_label(pq, *args)) for ch, args in self.chars.items()}
        steps = range(int(pq.scale_max - pq.scale_min) + 1)
        self.verdict = {
            UNKNOWN: compact(m.verdict(None, shared)), **{k: compact(m.verdict(k, shared)) for k in steps}, NO_VERDICT: b"",
        }
        self.closing = compact(m.statement_close())
        # The comparison is folded by topic (one <details> each, topics in order of their first
        # statement, quiz order within): ``order`` is the statements in that order, and a topic's
        # first statement opens its fold, its last closes it.
        # [k][answer character] → the block of statement order[k] (``blocks``): a request picks one
        # per statement, and from it the parties it shows.
        self.order = topic_order(pq)
        topic_of = [s.topic for s in pq.statements]
        folds = {t: compact(m.topic_open(pq, t, topic_of.count(t))) for t in topic_of}
        fold_end = compact(m.topic_close())
        ordered = [topic_of[i] for i in self.order]
        self.comparison = tuple(
            self.blocks(
                index, index + 1, pq.statements[index],
                folds[topic] if k == 0 or ordered[k - 1] != topic else b"",
                fold_end if k == len(ordered) - 1 or ordered[k + 1] != topic else b"",
            )
            for k, (index, topic) in enumerate(zip(self.order, ordered))
        )
        self.in_order = picker(self.order)  # the answer string in the comparison's order
        self.editor_row = tuple(  # the answer editor's rows (its own page, ``editor_rows``)
            {ch: compact(m.editor_row(pq, s, n, value, important)) for ch, (value, important, _) in self.chars.items()}
            for n, s in numbered
        )
        self.checkbox = {(i, c): compact(m.party_checkbox(p, c)) for i, p in enumerate(pq.parties) for c in (False, True)}
        self.hidden_party = {p.id: compact(m.party_hidden(p)) for p in pq.parties}
        self._ranking_rows: dict[tuple, Holed] = {}
        self._rank_labels: dict[tuple, bytes] = {}
        self._pages: dict[tuple, Holed] = {}
        self._robustness_lines: dict[Robustness, bytes] = {}  # keyed by the outcome: indices and flags
        self.tie_note = compact(m.tie_note())  # under the ranking, only when something is tied

    def kept_parts(self) -> list:
        """What this object holds of its own, for the memory bound (``quiz.web.memory.size_of``): not
        the quiz version or the templates, which it shares."""
        return [value for name, value in vars(self).items() if name not in ("pq", "macros")]

    def blocks(self, index: int, number: int, statement, fold: bytes = b"", fold_end: bytes = b"") -> dict[str, tuple]:
        """Statement ``number`` (at ``index``) as it reads for each answer character: (the statement
        and the voter's answer up to the party lines, every party's line in quiz order, the closing);
        ``fold`` and ``fold_end`` open and close its topic's fold when it is the topic's first or last."""
        before, after = Holed(self.macros.statement_open(self.pq, statement, number, hole, self.shared)).halves()
        before = fold + before
        lines = [self.party_lines(statement, party) for party in self.pq.parties]
        positions = self.pq.positions[:, index].tolist()  # per party, NaN = unknown
        return {
            ch: (
                before + self.answer[ch] + after,
                *(line[verdict_key(value, position)] for line, position in zip(lines, positions)),
                self.closing + fold_end,
            )
            for ch, (value, _, _) in self.chars.items()
        }

    def party_lines(self, statement, party) -> dict[int, bytes]:
        """A party's line on a statement as it reads for each verdict key (``verdict_key``)."""
        position = self.pq.position_of.get((party.id, statement.id))
        before, after = Holed(self.macros.party_line(self.pq, statement, party, position, hole)).halves()
        return {key: before + verdict + after for key, verdict in self.verdict.items()}

    def ranking_row(self, index: int, thin: bool, has_percent: bool, mixed: bool) -> Holed:
        key = (index, thin, has_percent, mixed)
        row = self._ranking_rows.get(key)
        if row is None:
            may_build()
            row = self._ranking_rows[key] = Holed(
                self.macros.ranking_row(self.pq.parties[index], thin, has_percent, mixed, self.shared, hole)
            )
        return row

    def rank_label(self, rank: int, tied: bool) -> bytes:
        label = self._rank_labels.get((rank, tied))
        if label is None:
            may_build()
            label = self._rank_labels[(rank, tied)] = compact(self.macros.rank_label(rank, tied))
        return label

    def robustness_line(self, r: Robustness | None) -> bytes:
        """The line under the top match (``_robustness.html``), rendered once per outcome."""
        if r is None:
            return b""
        found = self._robustness_lines.get(r)
        if found is None:
            render = current_app.jinja_env.get_template("voter/_robustness.html").module.robustness_line
            found = kept(self._robustness_lines, r, lambda: compact(render(self.pq, r, self.shared)), PAGES_PER_MODE)
        return found

    def page(self, key: tuple, render) -> Holed:
        return kept(self._pages, key, lambda: Holed(render()), PAGES_PER_MODE)


def parts(pq: PublishedQuiz, context: Carried) -> ResultParts:
    """The parts for ``pq`` in ``context``'s reading mode (in the third person for a shared result),
    built on first use: kept by the reading's shape (whether there is a theme, not its name or
    colour: ``quiz.web.holes``)."""

    def build() -> ResultParts:
        with holes.placeholders(context):
            return ResultParts(pq, context.shared)

    return kept(app_store(RESULT_PARTS), (holes.shape(context).reading, context.shared, pq.etag), build, MODES_MAX)


def verdict_key(value, position: float) -> int:
    """How a party line reads against an answer: steps apart, UNKNOWN, or NO_VERDICT (skipped)."""
    if value is None:
        return NO_VERDICT
    return UNKNOWN if math.isnan(position) else int(abs(value - position))


def page_view(result: Result) -> tuple[str, str]:
    """What the first screen shows for ``result``: ("nothing" | "single" | "below" | "ranked", and for
    a ranking how many of the shown parties are thin: "" none, "some" or "all")."""
    if result.answered == 0:
        return "nothing", ""
    if result.single_party:
        return "single", ""
    if not result.minimum_met:
        return "below", ""
    thin = sum(row.uncertain for row in result.ranking)
    return "ranked", "" if not thin else "all" if thin == len(result.ranking) else "some"


def render_result_page(result: Result, context: Carried, chosen: list[str], classroom_box: str = "") -> bytes:
    """The result page for ``result`` (UTF-8) in the request's ``context`` (``carried(pq)``; ``context.shared``:
    someone else's answers, from a share link); ``chosen`` party ids filter the comparison (none: all).

    What the page's forms carry besides the answers (``quiz.web.context``) keys the skeleton: it is
    rendered into it, with what the first screen shows (``page_view``). ``classroom_box`` is the
    class submission form (it holds a per-visitor CSRF token).
    """
    pq, rp = result.quiz, parts(result.quiz, context)
    view, thin = page_view(result)
    nothing = view == "nothing"
    shaped = holes.shape(context)  # the visitor's free text (theme, class) is filled in as holes

    def render() -> str:
        with holes.placeholders(context):
            return holes.holes(render_template(
                "voter/result.html", pq=pq, carried=shaped, shared=context.shared, nothing=nothing, view=view, thin=thin,
                minimum=result.minimum, single=result.ranking[0].party if view == "single" else None, hole=hole,
            ))

    skeleton = rp.page((shaped, view, thin), render)
    state = result.answers.encode()
    shown = [row for row in result.ranking if row.party.id in chosen] if chosen else list(result.ranking)
    first = result.ranking[0]
    return skeleton.join(
        {
            **holes.values(context),
            # the one party of a single-party municipality: its counts, no rank
            "agreeing": str(first.agreeing).encode(),
            "coverage": str(first.coverage).encode(),
            "silent": str(result.answered - first.coverage).encode(),
            "classroom": classroom_box.encode(),
            "answered": str(result.answered).encode(),
            "separating": str(result.separating).encode(),
            "state": state.encode(),
            "ranking": ranking_html(rp, result, thin == "some") if view == "ranked" else b"",
            "separation": rp.robustness_line(robustness(result)) if view == "ranked" else b"",
            "tie_note": rp.tie_note if view == "ranked" and any(row.tied for row in result.ranking) else b"",
            "party_hidden": b"".join(rp.hidden_party[i] for i in chosen),
            "party_checkboxes": b"".join(rp.checkbox[(row.index, row.party.id in chosen)] for row in result.ranking),
            "comparison": comparison_pieces(rp, state, shown),
        }
    )


def editor_rows(pq: PublishedQuiz, context: Carried, answers) -> Markup:
    """The answer editor's rows (``/andra``) for these answers, from rows rendered once per answer."""
    return Markup(b"".join(map(getitem, parts(pq, context).editor_row, answers.letters)).decode())


def ranking_html(rp: ResultParts, result: Result, mixed: bool = False) -> bytes:
    """The ranked parties, each with the counts its score is made of (``ranking.RankedParty``)."""
    out = []
    answered = result.answered
    whole = str(answered).encode()
    for row in result.ranking:
        has_percent = row.percent is not None
        holed = rp.ranking_row(row.index, row.uncertain, has_percent, mixed and row.uncertain)
        agree_w = 100 * row.agreeing // answered if answered else 0
        out.append(
            holed.fill(
                {
                    "rank": rp.rank_label(row.rank, row.tied),
                    "percent": str(row.percent).encode(),
                    "coverage": str(row.coverage).encode(),
                    "agreeing": str(row.agreeing).encode(),
                    "silent": str(answered - row.coverage).encode(),
                    "answered": whole,
                    "agree_w": str(agree_w).encode(),
                    "disagree_w": str(100 * row.disagreeing // answered if answered else 0).encode(),
                }
            )
        )
    return b"".join(out)


def topic_order(pq: PublishedQuiz) -> list[int]:
    """Statement indices grouped by topic, topics in order of their first statement (quiz order
    within a topic; statements without a topic form a group of their own)."""
    topics = list(dict.fromkeys(s.topic for s in pq.statements))
    return sorted(range(len(pq.statements)), key=lambda i: (topics.index(pq.statements[i].topic), i))


def comparison_pieces(rp: ResultParts, state: str, shown) -> Iterable[bytes]:
    """Every statement with the voter's answer and each shown party's position and distance, in
    the ranking's order: three C calls per statement, no Python loop (the page's innermost)."""
    closing = len(rp.pq.parties) + 1
    pick = itemgetter(0, *(row.index + 1 for row in shown), closing)
    return chain.from_iterable(map(pick, map(getitem, rp.comparison, rp.in_order(state))))


def picker(indices: list[int]):
    """``lambda seq: tuple(seq[i] for i in indices)``, in one C call where it can be (the page's
    innermost loop: a generator here cost the result page about 2 %)."""
    if len(indices) > 1:
        return itemgetter(*indices)
    return lambda seq: tuple(seq[i] for i in indices)
