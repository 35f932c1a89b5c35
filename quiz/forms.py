"""Flask-WTF forms.

The voter's answer form carries no CSRF token, on purpose: it changes no server state (nothing
is stored; the answers only come back in the response), so there is nothing for a forged
cross-site request to do. A token would need a session cookie, and the quiz must work inside a
news site's iframe where third-party cookies are blocked. Forms that change state (class mode)
keep Flask-WTF's CSRF protection.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, StringField
from wtforms.validators import AnyOf, InputRequired, NumberRange, Optional

from .core.answers import Answers


class AnswerForm(FlaskForm):
    class Meta:
        csrf = False

    state = HiddenField(validators=[InputRequired(message=_l("Svaren saknas i formuläret."))])
    position = IntegerField(
        validators=[
            InputRequired(message=_l("Det saknas vilket påstående du svarade på.")),
            NumberRange(min=1, message=_l("Påståendets nummer är ogiltigt.")),
        ]
    )
    answer = RadioField(coerce=int, validate_choice=False)
    important = StringField(validators=[Optional(), AnyOf(["1"], message=_l("Ogiltigt värde för ”Viktigt för mig”."))])
    action = StringField(
        validators=[Optional(), AnyOf(["next", "skip", "back", "result", "stay", "continue", "important-previous"], message=_l("Okänd knapp."))]
    )
    goto = IntegerField(validators=[Optional(), NumberRange(min=1, message=_l("Påståendets nummer är ogiltigt."))])
    # Set on a statement opened with the result page's "Ändra": answering it goes back to the result.
    efter = StringField(validators=[Optional(), AnyOf(["resultat"], message=_l("Okänd knapp."))])


def with_scale(form: AnswerForm, scale_values: tuple[int, ...]) -> AnswerForm:
    """Restrict the answer to the quiz's scale (known only per quiz version)."""
    form.answer.choices = [(v, str(v)) for v in scale_values]
    form.answer.validators = [
        Optional(),
        AnyOf(scale_values, message=_l("Svaret måste vara ett av alternativen på skalan.")),
    ]
    return form


class CreateClassForm(FlaskForm):
    """A teacher's new class: which quiz, which municipality's parties (CSRF-protected)."""

    quiz = HiddenField(validators=[InputRequired(message=_l("Välj ett quiz."))])
    kommun = StringField(validators=[Optional()])
    # How many students: the class takes this many phones plus 10 % (quiz.classes.cap); the upper
    # bound, CLASS_MAX_SUBMISSIONS, is checked by the view, which knows it.
    storlek = IntegerField(validators=[
        InputRequired(message=_l("Skriv hur många elever som är med i klassen.")),
        NumberRange(min=1, message=_l("Klassen måste ha minst en elev.")),
    ])


class DeleteClassForm(FlaskForm):
    """Only the CSRF token: deleting needs the teacher link and a request from our own page."""


class CloseClassForm(FlaskForm):
    """Only the CSRF token: closing or opening a class needs the teacher link and our own page."""


class DiscardSendsForm(FlaskForm):
    """Discard the sends of the last ``minuter`` minutes (CSRF-protected)."""

    minuter = IntegerField(validators=[
        InputRequired(message=_l("Välj hur många minuter bakåt.")),
        NumberRange(min=1, max=24 * 60, message=_l("Välj hur många minuter bakåt.")),
    ])


class JoinClassForm(FlaskForm):
    kod = StringField(validators=[InputRequired(message=_l("Skriv klassens kod."))])
    # From the QR code or the join link: the class's ticket (quiz.classes), so joining by the link
    # is not counted as a guess. Checked against the code in the field; a typed code has none.
    biljett = HiddenField(validators=[Optional()])


class SubmitClassForm(FlaskForm):
    """A student's answers sent to the class (CSRF-protected, unlike the voter's answer forms)."""

    state = HiddenField(validators=[InputRequired(message=_l("Svaren saknas i formuläret."))])
    klass = HiddenField(validators=[Optional()])  # the class's ticket, which the page carried


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
