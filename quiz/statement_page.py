"""The statement page after an answer (the answer step's POST), from HTML rendered once.

Why: every answer a voter gives is a POST that shows the next statement with the answers so far
(they travel in the form, see ``quiz.answers``). Only the hidden answer string, the checked radio
button and the "important" box depend on them, so the page is rendered once per statement,
reading mode and carried parameters with holes for those (``quiz.result_page.Holed``), and a
request fills them. A page with an error message is rendered directly (it is rare).
"""

from __future__ import annotations

from flask import current_app, g, render_template
from markupsafe import Markup

from .answers import Answers
from .catalog import PublishedQuiz
from .i18n import easy_reading, reading_params, select_locale
from .result_page import Holed, hole

PAGES_MAX = 4096  # statements × municipalities × carried choices × languages …, then start over
CHECKED = b" checked"
IMPORTANT = "important"


def statement_page(
    pq: PublishedQuiz, answers: Answers, number: int, municipality: str, klass: str | None, error: str | None = None
):
    """Statement ``number`` (1-based) with ``answers`` filled in: bytes, or the rendered error page."""
    current = answers[number - 1]
    if error:

        def checked(key) -> str:
            return Markup(" checked") if key == current.value or (key == IMPORTANT and current.important) else ""

        return render_template(
            "statement.html", pq=pq, statement=pq.statements[number - 1], number=number, state=answers.encode(),
            answered=answers.answered > 0, municipality=municipality, klass=klass, error=error, checked=checked,
        )
    answered = answers.answered > 0
    key = (pq.etag, select_locale(), easy_reading(), bool(g.get("embed")), tuple(reading_params().items()),
           number, municipality, klass, answered)
    pages = current_app.extensions.setdefault("statement_pages", {})
    skeleton = pages.get(key)
    if skeleton is None:
        if len(pages) >= PAGES_MAX:
            pages.clear()
        skeleton = pages[key] = Holed(
            render_template(
                "statement.html", pq=pq, statement=pq.statements[number - 1], number=number, state=hole("state"),
                answered=answered, municipality=municipality, klass=klass, error=None,
                checked=lambda key: hole(f"checked-{key}"),
            )
        )
    values = {f"checked-{v}": b"" for v in pq.quiz.scale_values}
    values[f"checked-{IMPORTANT}"] = CHECKED if current.important else b""
    if current.value is not None:
        values[f"checked-{current.value}"] = CHECKED
    values["state"] = answers.encode().encode()
    return skeleton.fill(values)
