"""Class mode's forms: each changes state, so each keeps Flask-WTF's CSRF protection (unlike the
voter's answer forms, quiz.voter.forms)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, StringField
from wtforms.validators import InputRequired, NumberRange, Optional


class CreateClassForm(FlaskForm):
    """A teacher's new class: which quiz, which municipality's parties (CSRF-protected)."""

    quiz = HiddenField(validators=[InputRequired(message=_l("Välj ett quiz."))])
    kommun = StringField(validators=[Optional()])
    # How many students: the class takes this many phones plus 10 % (quiz.classroom.limits.cap); the upper
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
    # From the QR code or the join link: the class's ticket (quiz.classroom.tickets), so joining by the link
    # is not counted as a guess. Checked against the code in the field; a typed code has none.
    biljett = HiddenField(validators=[Optional()])


class SubmitClassForm(FlaskForm):
    """A student's answers sent to the class (CSRF-protected, unlike the voter's answer forms)."""

    state = HiddenField(validators=[InputRequired(message=_l("Svaren saknas i formuläret."))])
    klass = HiddenField(validators=[Optional()])  # the class's ticket, which the page carried
