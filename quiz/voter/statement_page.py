"""The statement page after an answer (the answer step's POST), from HTML rendered once.

Why: every answer a voter gives is a POST that shows the next statement with the answers so far
(they travel in the form, see ``quiz.core.answers``). Only the hidden answer string, the checked radio
button and the "important" box depend on them, so the page is rendered once per statement,
reading mode and carried parameters with holes for those (``quiz.web.prerender``), and a
request fills them. A page with an error message is rendered directly (it is rare).

Each answer option is a submit button (one tap per answer); the voter's earlier answer, or an
earlier "Hoppa över", is marked ``aria-pressed="true"`` when they come back to the statement.
``to_result``: the voter came from the result page's "Ändra", so answering returns there.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from flask import render_template
from markupsafe import Markup, escape

from ..web import holes
from ..core.answers import Answers
from ..core.published import PublishedQuiz
from ..web.context import Carried
from ..web.i18n import scale_label, select_locale
from ..scoring.ranking import minimum as minimum_for
from ..scoring.terms import answer_terms_for
from ..web.memory import app_store, kept, kind
from ..web.prerender import Holed, hole

STATEMENT_PAGES = kind("statement_pages")

PAGES_MAX = 4096  # statements × municipalities × carried choices × languages …, then start over
CHECKED = b" checked"
PRESSED = b' aria-pressed="true"'
IMPORTANT = "important"
SKIP = "skip"


def statement_page(pq: PublishedQuiz, context: Carried, answers: Answers, number: int, error: str | None = None,
                   to_result: bool = False):
    """Statement ``number`` (1-based) with ``answers`` filled in, for the request's ``context``
    (``carried(pq)``): bytes, or the rendered error page."""
    current = answers[number - 1]
    answered = answers.answered > 0
    on = marked(current)
    context = replace(context, shared=False)  # changing someone else's answers makes them one's own
    # Below the minimum for a ranking (``ranking.MINIMUM_ANSWERS``), "Visa resultat nu" says what is missing.
    minimum = separating = 0
    if answered and not to_result and number < len(pq.statements):
        how = answer_terms_for(pq, context.municipality)
        minimum = minimum_for(how)
        separating = how.separating(answers.letters)
    below = separating < minimum
    # The answer just given, so that "Viktigt för mig" can still be set on it (one tap per answer).
    before = answers[number - 2] if number > 1 else None
    previous = None if before is None or before.value is None else before.important

    def render(state, checked, pressed, n, label, carried=context) -> str:
        return render_template(
            "voter/statement.html", pq=pq, statement=pq.statements[number - 1], number=number, state=state,
            answered=answered, carried=carried, error=error, checked=checked,
            pressed=pressed, to_result=to_result, below=below, minimum=minimum, separating=n,
            previous=None if previous is None else "important" if previous else "plain", previous_label=label,
        )

    label = previous_label(pq, before.value) if previous is not None else b""
    if error:
        return render(answers.encode(), lambda key: Markup(CHECKED.decode()) if key in on else "",
                      lambda key: Markup(PRESSED.decode()) if key in on else "", separating, Markup(label.decode()))

    def skeleton_page() -> Holed:  # the visitor's free text (theme, class) as holes: quiz.web.holes
        with holes.placeholders(context):
            return Holed(holes.holes(render(hole("state"), lambda key: hole(f"checked-{key}"),
                                                lambda key: hole(f"pressed-{key}"), hole("separating"),
                                                hole("previous"), holes.shape(context))))

    key = (holes.shape(context), pq.etag, number, answered, to_result, below, previous)
    skeleton = kept(app_store(STATEMENT_PAGES), key, skeleton_page, PAGES_MAX)
    values = holes.values(context)
    values.update(blank_holes(pq.quiz.scale_values))
    values["separating"] = str(separating).encode()
    values["previous"] = label
    for key in on:
        values[f"pressed-{key}" if key != IMPORTANT else f"checked-{key}"] = PRESSED if key != IMPORTANT else CHECKED
    values["state"] = answers.encode().encode()
    return skeleton.fill(values)


@cache
def blank_holes(scale_values: tuple) -> tuple:
    """Every mark hole of a statement page, empty (nothing chosen yet)."""
    return ((f"checked-{IMPORTANT}", b""), (f"pressed-{SKIP}", b""), *((f"pressed-{v}", b"") for v in scale_values))


def marked(current) -> tuple:
    """What is marked on the page for this answer: its value (or "skip" when it was skipped), and
    "important" when it is."""
    return tuple(
        key for key, on in (
            (current.value, current.value is not None),
            (SKIP, current.seen and current.value is None),
            (IMPORTANT, current.important),
        ) if on
    )


def previous_label(pq: PublishedQuiz, value) -> bytes:
    """The scale label of an answer, escaped, marked with its language where it is not the page's."""
    local = scale_label(pq.quiz, value)
    text = escape(local.value)
    if local.lang != select_locale():
        return f'<span lang="{local.lang}">{text}</span>'.encode()
    return str(text).encode()
