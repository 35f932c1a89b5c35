"""The class box: what class mode offers the voter's result page, the only thing the voter pages
take from it. The result page asks ``class_box`` for the box under the result (send the answers to
the class, why that cannot be done, or nothing) and shows it as it comes."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app, render_template

from ..core.published import PublishedQuiz
from ..extensions import db
from ..store.models import ClassSession
from ..web.context import Carried, normalize_code
from . import limits
from .forms import SubmitClassForm
from .operations import DATABASE_DOWN, RETRY_AFTER_SECONDS, find_by_ticket
from .tickets import read_ticket


@dataclass(frozen=True)
class ResultClass:
    """What a result page says about the class its ``klass`` value names: the class to offer the
    send form for, or why there is none (``reason``: "unchecked" for a value without our ticket,
    "gone" for a class deleted or expired)."""

    session: ClassSession | None = None
    reason: str | None = None
    code: str | None = None


def class_for_result(pq: PublishedQuiz, value: str | None) -> ResultClass | None:
    """The class a result page may offer to send the answers to; None when ``value`` names none or
    a class of another quiz version. A value without a valid ticket costs no database query."""
    if not value:
        return None
    ticket = read_ticket(current_app.config["SECRET_KEY"], value)
    if ticket is None:
        return ResultClass(reason="unchecked", code=normalize_code(value.split(".")[0]))
    found = find_by_ticket(ticket)
    if found is None:
        return ResultClass(reason="gone", code=ticket.code)
    if (found.quiz_id, found.version) != (pq.id, pq.version):
        return None
    return ResultClass(session=found, code=found.code)


@dataclass(frozen=True)
class Box:
    """The box's HTML and what it makes of the page's answer (503 while the database is away)."""

    html: str = ""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


def class_box(pq: PublishedQuiz, result, context: Carried) -> Box:
    """The box under ``result`` for the class ``context`` carries: none inside an iframe (sending
    needs a CSRF cookie, which third-party contexts block) or on a shared result."""
    if context.reading.embed or not context.klass or context.shared:
        return Box()
    try:
        classroom = class_for_result(pq, context.klass)
    except DATABASE_DOWN:  # the result is still shown; only the class cannot be reached
        db.session.rollback()
        html = render_template("classroom/_class_unreachable.html", pq=pq, result=result, carried=context)
        return Box(html, 503, {"Retry-After": str(RETRY_AFTER_SECONDS)})
    if classroom is None:
        return Box()
    if classroom.session is None:  # says why it cannot send, never silently nothing
        return Box(render_template("classroom/_class_not_found.html", classroom=classroom))
    return Box(render_template("classroom/_class_submit_box.html", result=result, classroom=classroom.session,
                               ticket=context.klass, submit_form=SubmitClassForm(formdata=None),
                               threshold=limits.threshold()))
