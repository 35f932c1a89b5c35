"""The voter's forms: the answer form and the result page's "change answers" rows.

The voter's answer form carries no CSRF token, on purpose: it changes no server state (nothing
is stored; the answers only come back in the response), so there is nothing for a forged
cross-site request to do. A token would need a session cookie, and the quiz must work inside a
news site's iframe where third-party cookies are blocked. Forms that change state (class mode)
keep Flask-WTF's CSRF protection (quiz.classroom.forms).
"""

from __future__ import annotations

from typing import NamedTuple

from flask_babel import lazy_gettext as _l

from ..core.answers import Answers


ACTIONS = ("next", "skip", "back", "result", "stay", "continue", "important-previous")
NO_STATE = _l("Svaren saknas i formuläret.")
NO_POSITION = _l("Det saknas vilket påstående du svarade på.")
BAD_NUMBER = _l("Påståendets nummer är ogiltigt.")
NOT_ON_SCALE = _l("Svaret måste vara ett av alternativen på skalan.")
BAD_IMPORTANT = _l("Ogiltigt värde för ”Viktigt för mig”.")
UNKNOWN_BUTTON = _l("Okänd knapp.")
# WTForms' own messages, which this form gave while it was a WTForms form (in WTForms' catalog).
NOT_AN_INTEGER = "Not a valid integer value."
NOT_A_CHOICE = "Invalid Choice: could not coerce."


class AnswerStep(NamedTuple):
    """One submitted statement page (the answer step's POST), read."""

    state: str  # the answers so far (``quiz.answers``), not yet decoded
    position: int  # the statement answered, 1-based
    answer: int | None  # the value chosen, None when no answer button was pressed
    important: bool
    action: str  # "" when the form named none: then "goto" or "next" (``AnswerStep.step``)
    goto: int | None  # "Ändra" on the result page: that statement
    to_result: bool  # the statement was opened from the result page ("efter=resultat")

    @property
    def step(self) -> str:
        return self.action or ("goto" if self.goto else "next")


def _blank(raw: str) -> bool:
    return not raw.strip()


def _integer(raw: str, problems: list, gettext) -> int | None:
    try:
        return int(raw)
    except ValueError:
        problems.append(gettext(NOT_AN_INTEGER))
        return None


def read_answer_step(form, scale_values: tuple[int, ...], gettext=lambda s: s) -> tuple[AnswerStep | None, list]:
    """The answer step's fields, checked: (the step, []) or (None, the problems, in field order).

    Why by hand: a WTForms form cost the answer step more than the rest of the request (issue 25);
    this is the busiest POST of all. It reads and refuses exactly what the WTForms ``AnswerForm``
    did, with the same messages in the same order (``gettext`` translates WTForms' own two, as
    WTForms did with its catalog), so the error pages are the same bytes (tests/test_answer_step_form.py).
    """
    problems: list = []
    state = form.get("state")
    if not state:
        problems.append(NO_STATE)
    raw = form.get("position")
    position = None
    if not raw:
        problems.append(NO_POSITION)
    else:
        position = _integer(raw, problems, gettext)
        if position is None or position < 1:
            problems.append(BAD_NUMBER)
    raw = form.get("answer")
    answer = None
    if raw is not None and not _blank(raw):
        try:
            answer = int(raw)
        except ValueError:
            problems.append(gettext(NOT_A_CHOICE))
        if answer not in scale_values:
            problems.append(NOT_ON_SCALE)
    important = form.get("important")
    if important is not None and not _blank(important) and important != "1":
        problems.append(BAD_IMPORTANT)
    action = form.get("action")
    if action is not None and not _blank(action) and action not in ACTIONS:
        problems.append(UNKNOWN_BUTTON)
    raw = form.get("goto")
    goto = None
    if raw is not None and not _blank(raw):
        goto = _integer(raw, problems, gettext)
        if goto is None or goto < 1:
            problems.append(BAD_NUMBER)
    efter = form.get("efter")
    if efter is not None and not _blank(efter) and efter != "resultat":
        problems.append(UNKNOWN_BUTTON)
    if problems:
        return None, problems
    return AnswerStep(state, position, answer, important == "1", action or "", goto, efter == "resultat"), []


def edited_answers(answers: Answers, form) -> tuple[Answers, list[int]]:
    """Apply the result page's "change answers and weights" rows (``svar-N``, ``viktig-N``).

    Plain parsing rather than a WTForms FieldList: 60 fields built and validated per request would
    cost more than the whole rest of the result page. Returns the new answers and the numbers of
    the rows that could not be read (then nothing is applied, so the voter keeps what they had).
    """
    scale = {str(v): v for v in answers.scale_values}
    edited, errors = answers, []
    for index in range(len(answers)):
        raw = form.get(f"svar-{index + 1}")
        if raw is None:
            continue
        important = form.get(f"viktig-{index + 1}") == "1"
        if raw == "":
            edited = edited.with_answer(index, None)
        elif raw in scale:
            edited = edited.with_answer(index, scale[raw], important)
        else:
            errors.append(index + 1)
    return (answers, errors) if errors else (edited, [])
