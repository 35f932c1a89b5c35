"""The answer step and the result page served before Flask (``quiz.web.fast_path``).

Why: they are most of election night's requests that no CDN can keep (answers travel in POST
bodies), and their pages are built from parts kept in memory; Flask's own work around them cost
as much as the pages (issue 25). These handlers take only the plain case: a voter on the site
(not an embed, no class, nobody else's shared answers) posting exactly the fields the page's form
sends, valid. They follow the views' own decisions and page builders (``answer_outcome``,
``render_statement``, ``render_result``), so the bytes are the views' (tests/test_fast_path.py);
anything else returns None and Flask answers, with the same error pages as ever.
"""

from __future__ import annotations

import re

from flask import Flask, g

from ..core.answers import AnswerError
from .forms import read_answer_step
from .views import answer_outcome, render_result, render_statement
from ..web.context import Carried, Reading, normalize_class_value
from ..web.fast_path import Post
from ..web.i18n import DEFAULT_LANGUAGE, EASY_PARAM, LANGUAGES
from ..web.theme import NO_THEME

# What the statement page's and the result page's forms send (templates/statement.html, result.html).
ANSWER_FIELDS = frozenset({"state", "position", "answer", "important", "action", "goto", "efter", "kommun", "lang", EASY_PARAM})
RESULT_FIELDS = frozenset({"state", "kommun", "lang", EASY_PARAM})


def plain_form(items: list, fields: frozenset) -> dict | None:
    """The form's first value of each field (as ``request.form.get``), or None if it has another."""
    form: dict[str, str] = {}
    for name, value in items:
        if name not in fields:
            return None
        form.setdefault(name, value)
    return form


def use_context(pq, form: dict) -> None:
    """What ``carried(pq)`` and the reading choice give the page builders, as the views read them
    (``quiz.web.context``, ``quiz.web.i18n``) for a request without a query, a class or an embed."""
    lang = form.get("lang", "")
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    easy = form.get(EASY_PARAM, "") == "1"
    municipality = pq.municipality_or_all(form.get("kommun", ""))
    key = (lang, easy, municipality)  # few: languages × lättläst × the quizzes' municipalities
    context = _CONTEXTS.get(key)
    if context is None:
        if len(_CONTEXTS) >= 1024:
            _CONTEXTS.clear()
        context = _CONTEXTS[key] = Carried(Reading(lang, easy, False, NO_THEME), municipality,
                                           normalize_class_value(""), False)
    g.reading_choice = (lang, easy)
    g.carried = context


_CONTEXTS: dict[tuple, Carried] = {}


def answer_step(app: Flask, path: tuple, items: list) -> bytes | None:
    form = plain_form(items, ANSWER_FIELDS)
    pq = None if form is None else app.extensions["catalog"].get(*path)
    if pq is None:
        return None
    step, problems = read_answer_step(form, pq.quiz.scale_values)
    if problems:
        return None
    outcome = answer_outcome(pq, step)
    if outcome.page == "error" or outcome.error is not None:
        return None
    use_context(pq, form)
    if outcome.page == "result":
        return render_result(pq, outcome.answers, chosen=[])
    return render_statement(pq, outcome.answers, outcome.number, to_result=outcome.to_result)


def result_page(app: Flask, path: tuple, items: list) -> bytes | None:
    form = plain_form(items, RESULT_FIELDS)
    pq = None if form is None or not form.get("state") else app.extensions["catalog"].get(*path)
    if pq is None:
        return None
    try:
        answers = pq.read_answers(form["state"])
    except AnswerError:
        return None
    use_context(pq, form)
    return render_result(pq, answers, chosen=[])


SEGMENT = "([^/]+)"  # Flask's default converter
POSTS = (
    Post(re.compile(f"/q/{SEGMENT}/{SEGMENT}/svar"), "/q/<quiz_id>/<version>/svar", answer_step),
    Post(re.compile(f"/q/{SEGMENT}/{SEGMENT}/resultat"), "/q/<quiz_id>/<version>/resultat", result_page),
)
