"""The statement page after an answer (the answer step's POST), from HTML rendered once.

Why: every answer a voter gives is a POST that shows the next statement with the answers so far
(they travel in the form, see ``quiz.answers``). Only the hidden answer string, the checked radio
button and the "important" box depend on them, so the page is rendered once per statement,
reading mode and carried parameters with holes for those (``quiz.result_page.Holed``), and a
request fills them. A page with an error message is rendered directly (it is rare).
"""

from __future__ import annotations

from flask import g, render_template
from markupsafe import Markup

from .answers import Answers
from .catalog import PublishedQuiz
from .i18n import easy_reading, reading_params, select_locale
from .memory import app_store, kept
from .result_page import Holed, hole

PAGES_MAX = 4096  # statements × municipalities × carried choices × languages …, then start over
CHECKED = b" checked"
IMPORTANT = "important"


def statement_page(
    pq: PublishedQuiz, answers: Answers, number: int, municipality: str, klass: str | None, error: str | None = None
):
    """Statement ``number`` (1-based) with ``answers`` filled in: bytes, or the rendered error page."""
    current = answers[number - 1]
    answered = answers.answered > 0

    def render(state, checked) -> str:
        return render_template(
            "statement.html", pq=pq, statement=pq.statements[number - 1], number=number, state=state,
            answered=answered, municipality=municipality, klass=klass, error=error, checked=checked,
        )

    if error:
        return render(answers.encode(), lambda key: Markup(CHECKED.decode()) if key in marked(current) else "")
    key = (pq.etag, select_locale(), easy_reading(), bool(g.get("embed")), tuple(reading_params().items()),
           number, municipality, klass, answered)
    skeleton = kept(app_store("statement_pages"), key,
                    lambda: Holed(render(hole("state"), lambda key: hole(f"checked-{key}"))), PAGES_MAX)
    values = {f"checked-{key}": b"" for key in (*pq.quiz.scale_values, IMPORTANT)}
    values.update({f"checked-{key}": CHECKED for key in marked(current)})
    values["state"] = answers.encode().encode()
    return skeleton.fill(values)


def marked(current) -> tuple:
    """What is ticked on the page for this answer: its value, and "important" when it is."""
    return tuple(key for key, on in ((current.value, current.value is not None), (IMPORTANT, current.important)) if on)
