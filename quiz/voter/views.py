"""The voter's path: start page, one statement per page, result. Plain HTML forms, no session.

Every answer so far travels in the form (see ``quiz.core.answers``); nothing is stored or logged, and
answers go in POST bodies so they stay out of URLs and server logs. The blueprint is registered
twice: at ``/`` with the site's chrome and at ``/embed`` for iframes (``g.embed``), so links use
relative endpoints (``.statement``) and stay inside whichever frame they started in.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from flask import Blueprint, abort, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from ..core.answers import AnswerError, Answers, OtherVersionError
from ..core.published import ALL_MUNICIPALITIES, PublishedQuiz
from ..store.catalog import current_catalog
from ..classroom.box import class_box
from .forms import BAD_NUMBER, AnswerStep, edited_answers, read_answer_step
from ..web.context import carried, reading_params
from ..web.http_cache import browser_only, public_page
from ..web.i18n import select_locale, wtforms_translations
from ..web.fast_path import may_serve_before_flask
from ..scoring.comparison import peers_for, side_by_side
from ..analysis.audit import version_audit
from ..analysis.worked_example import worked_example
from .method_line import method_line
from .charts import position_chart
from .result_page import editor_rows, render_result_page
from .method_page import method_page
from .statement_page import statement_page
from ..scoring.ranking import MINIMUM_ANSWERS, compute_result
from ..scoring.topics import topic_agreement
from ..web.errors import UNREADABLE_ANSWERS, error_response, published_or_404

bp = Blueprint("voter", __name__)


@bp.get("/")
def start():
    quizzes = current_catalog().quizzes()
    return public_page("+".join(pq.etag for pq in quizzes), lambda: render_template("voter/start.html", quizzes=quizzes))


@bp.get("/q/<quiz_id>/")
def intro(quiz_id: str):
    pq = published_or_404(quiz_id)
    return public_page(pq.etag, lambda: render_template("voter/intro.html", pq=pq))


@bp.get("/q/<quiz_id>/start")
def begin(quiz_id: str):
    """The start form's target: on to the first statement of the latest version."""
    pq = published_or_404(quiz_id)
    return redirect(
        url_for(".statement", quiz_id=pq.id, version=pq.version, number=1,
                kommun=carried(pq).municipality, klass=carried().klass, **reading_params())
    )


@bp.get("/q/<quiz_id>/<version>/<int:number>")
def statement(quiz_id: str, version: str, number: int):
    pq = published_or_404(quiz_id, version)
    if not 1 <= number <= len(pq.statements):
        abort(404)
    return public_page(
        pq.etag,
        lambda: render_statement(pq, pq.no_answers(), number),
    )


@bp.post("/q/<quiz_id>/<version>/svar")
@browser_only
def answer(quiz_id: str, version: str):
    """One submitted statement page: record the answer, then show the next page or the result."""
    pq = published_or_404(quiz_id, version)
    step, problems = read_answer_step(request.form, pq.quiz.scale_values, wtforms_translations(select_locale()).ugettext)
    if problems:
        return invalid_form(pq, problems)
    outcome = answer_outcome(pq, step)
    if outcome.page == "error":
        return invalid_answers(pq) if outcome.error is None else error_response(400, outcome.error, restart=pq)
    if outcome.page == "result":
        page = render_result(pq, outcome.answers)
    else:
        page = render_statement(pq, outcome.answers, outcome.number, error=outcome.error and str(outcome.error),
                                to_result=outcome.to_result)
        if outcome.error:
            return page, 400
    may_serve_before_flask()
    return page


class Outcome(NamedTuple):
    """What an answer step shows: "statement" ``number`` with ``answers`` (and ``error``, a 400),
    the "result", or an "error" page (``error``; None: the answers cannot be read)."""

    page: str
    answers: Answers | None = None
    number: int = 0
    error: object = None
    to_result: bool = False


def answer_outcome(pq: PublishedQuiz, step: AnswerStep) -> Outcome:
    """The answer step's decision, apart from Flask: the view and the answer served before Flask
    (quiz.voter.fast) both follow it."""
    count = len(pq.statements)
    try:
        answers = pq.read_answers(step.state)
    except AnswerError:
        return Outcome("error")
    number = step.position
    if number > count:
        return Outcome("error", error=BAD_NUMBER)
    index = number - 1
    chosen = step.answer
    important = step.important
    action = step.step
    to_result = step.to_result

    if action == "next" and chosen is None:
        return Outcome("statement", answers, number, CHOOSE_OR_SKIP, to_result)
    if action == "skip":
        answers = answers.with_answer(index, None)
    elif chosen is not None:
        answers = answers.with_answer(index, chosen, important)
    elif action in ("back", "result", "stay") and answers[index].value is not None:
        # Leaving the statement page another way keeps what its "Viktigt för mig" box now says
        # about the answer already given (its only other way out, "goto", comes from the result page).
        answers = answers.with_answer(index, answers[index].value, important)

    if action == "continue":  # below the minimum, from the result page: the first statement not yet seen
        unseen = next((i for i in range(count) if not answers[i].seen), None)
        return Outcome("statement", answers, 1 if unseen is None else unseen + 1)
    if action == "important-previous":  # "Viktigt för mig" on the answer just given, from the next page
        before = answers[index - 1] if index > 0 else None
        if before is not None and before.value is not None:
            answers = answers.with_answer(index - 1, before.value, not before.important)
        return Outcome("statement", answers, number, to_result=to_result)
    if action == "goto":  # "Ändra" on the result page: that statement, then straight back
        if step.goto > count:
            return Outcome("error", error=BAD_NUMBER)
        return Outcome("statement", answers, step.goto, to_result=True)
    if action == "stay":  # a language or lättläst switch: the same page, read differently
        return Outcome("statement", answers, number, to_result=to_result)
    if action == "back":
        return Outcome("statement", answers, max(1, number - 1), to_result=to_result)
    if action == "result" or number == count or to_result:
        return Outcome("result", answers)
    return Outcome("statement", answers, number + 1)


CHOOSE_OR_SKIP = _l("Välj ett svar, eller tryck på ”Hoppa över”.")


@bp.post("/q/<quiz_id>/<version>/resultat")
@browser_only
def result(quiz_id: str, version: str):
    """The result page; also its filters and the target of the "change answers and weights" page."""
    pq = published_or_404(quiz_id, version)
    answers = posted_answers(pq)
    if request.form.get("action") == "omrakna":
        answers, errors = edited_answers(answers, request.form)
        if errors:  # nothing applied: the editor again, with what could not be read
            return render_editor(pq, answers, errors)
    may_serve_before_flask()
    return render_result(pq, answers)


@bp.post("/q/<quiz_id>/<version>/andra")
@browser_only
def edit(quiz_id: str, version: str):
    """Change answers and weights: every statement with the voter's answer and an "important" box."""
    pq = published_or_404(quiz_id, version)
    return render_editor(pq, posted_answers(pq))


@bp.get("/r/<quiz_id>/<version>/<state>")
@browser_only
def shared_result(quiz_id: str, version: str, state: str):
    """A share link: the same answers on the same quiz version give the same result, forever."""
    latest = current_catalog().latest(quiz_id)
    pq = current_catalog().get(quiz_id, version) if latest else None
    if pq is None:
        message = _("Länken gäller en version av quizet som inte finns. Den kan vara felskriven eller avkortad.")
        return error_response(404, message, restart=latest)
    try:
        answers = pq.read_answers(state)
    except OtherVersionError:
        return error_response(
            400, _("Länken är skadad eller avkortad, eller så gäller svaren i den en annan version av quizet."), restart=pq
        )
    except AnswerError:
        return error_response(
            400, _("Länken är skadad eller avkortad: svaren i den går inte att läsa."), restart=pq
        )
    return render_result(pq, answers)


@bp.post("/q/<quiz_id>/<version>/dela")
@browser_only
def share(quiz_id: str, version: str):
    """The explicit choice to put one's answers in a link: the page says what the link holds."""
    pq = published_or_404(quiz_id, version)
    answers = posted_answers(pq)
    context = carried(pq)
    query = {k: v for k, v in reading_params().items() if k in ("lang", "lattlast")}  # not an embed's theme
    if context.municipality != ALL_MUNICIPALITIES:
        query["kommun"] = context.municipality
    link = url_for("voter.shared_result", quiz_id=pq.id, version=pq.version, state=answers.encode(), _external=True, **query)
    return render_template("voter/share.html", pq=pq, answers=answers, link=link, carried=context)


@bp.post("/q/<quiz_id>/<version>/diagram")
@browser_only
def charts(quiz_id: str, version: str):
    """Per-topic agreement and the position map for the posted answers."""
    pq = published_or_404(quiz_id, version)
    answers = posted_answers(pq)
    context = carried(pq)
    result = compute_result(pq, answers, context.municipality)
    return render_template(
        "voter/charts.html", pq=pq, result=result, carried=context,
        topics=topic_agreement(result), chart=position_chart(pq, result), rankings=side_by_side(result),
        method_line=Markup(method_line(result, context).decode()),
    )


@bp.get("/q/<quiz_id>/<version>/metod")
def method(quiz_id: str, version: str):
    pq = published_or_404(quiz_id, version)
    return public_page(
        pq.etag, lambda: render_template("voter/method.html", pq=pq, example=worked_example(pq), peers=peers_for(pq),
                                         minimum=MINIMUM_ANSWERS, audit=version_audit(pq))
    )


@bp.post("/q/<quiz_id>/<version>/metod")
@browser_only
def method_from_result(quiz_id: str, version: str):
    """The method page opened from a result: the same page, with "Tillbaka till resultatet", a
    button that posts the answers back (so the answers stay in POST bodies, never in a URL)."""
    pq = published_or_404(quiz_id, version)
    return method_page(pq, carried(pq), posted_answers(pq))


STATELESS_POSTS = (answer, result, edit, share, charts, method_from_result)


def posted_answers(pq: PublishedQuiz) -> Answers:
    """The answers posted with a result-type form; unreadable ones end the request with a 400 page.

    One field, read directly: this is the busiest POST after the answer step, and a WTForms form
    cost more than the rest of the parsing; ``read_answers`` is the validation.
    """
    state = request.form.get("state")
    if not state:
        abort(make_response(error_response(400, _("Svaren saknas i formuläret."), restart=pq)))
    try:
        return pq.read_answers(state)
    except AnswerError:
        abort(make_response(invalid_answers(pq)))


def selected_parties(result) -> list[str]:
    """The parties ticked in the comparison's filter (ids of parties in the result); none = all."""
    wanted = set(request.values.getlist("parti"))
    return [row.party.id for row in result.ranking if row.party.id in wanted]


def render_statement(pq: PublishedQuiz, answers: Answers, number: int, error: str | None = None, to_result: bool = False):
    return statement_page(pq, carried(pq), answers, number, error, to_result)


def render_result(pq: PublishedQuiz, answers: Answers, chosen: list[str] | None = None):
    """The result page; ``chosen``: the parties its filter shows, else the request's (``parti``)."""
    context = carried(pq)
    result = compute_result(pq, answers, context.municipality)
    chosen = selected_parties(result) if chosen is None else chosen
    box = class_box(pq, result, context)
    page = render_result_page(result, context, chosen, classroom_box=box.html)
    return page if box.status == 200 else (page, box.status, box.headers)


def render_editor(pq: PublishedQuiz, answers: Answers, errors=()):
    wanted = set(request.values.getlist("parti"))
    page = render_template(
        "voter/edit.html", pq=pq, answers=answers, rows=editor_rows(pq, carried(pq), answers), errors=errors,
        carried=replace(carried(pq), shared=False),  # the answers the reader edits are theirs
        chosen=[p.id for p in pq.parties if p.id in wanted],
    )
    return page, 400 if errors else 200


def invalid_form(pq: PublishedQuiz, problems: list) -> tuple:
    problems = [str(m) for m in problems]
    # One problem per sentence: WTForms' own messages ("Inte ett giltigt heltal") end without a stop.
    message = " ".join(p if p.endswith((".", "!", "?")) else p + "." for p in dict.fromkeys(problems))
    return error_response(400, message or _("Formuläret är ogiltigt."), restart=pq)


def invalid_answers(pq: PublishedQuiz) -> tuple:
    return error_response(400, UNREADABLE_ANSWERS, restart=pq)
