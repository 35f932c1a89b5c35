"""The review round's forms (Flask-WTF: each carries a CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.validators import Length, Optional


class AnswerForm(FlaskForm):
    """A party's answer on one statement; the page renders one per statement (ids numbered)."""

    svar = HiddenField()  # "bekrafta", "avstar" or a scale value; rendered as radio buttons
    reason = TextAreaField(_l("Motivering (högst 500 tecken)"), validators=[Optional(), Length(max=2000)])
    reason_en = TextAreaField(_l("Motiveringen på engelska (valfritt)"), validators=[Optional(), Length(max=2000)])
    quote = TextAreaField(_l("Citat ur ert program (valfritt, ordagrant)"), validators=[Optional(), Length(max=5000)])
    url = StringField(_l("… eller adressen till ett annat offentligt dokument från partiet (valfritt)"),
                      validators=[Optional(), Length(max=1000)])
    priority = BooleanField(_l("En av partiets prioriterade frågor"))


class OpenRoundForm(FlaskForm):
    deadline = StringField(_l("Sista dag att svara (ÅÅÅÅ-MM-DD)"), validators=[Length(max=10)])


class DecisionForm(FlaskForm):
    decision = HiddenField()
    note = TextAreaField(_l("Varför vi behåller vår läsning (publiceras)"), validators=[Optional(), Length(max=2000)])


class PlainForm(FlaskForm):
    """Only the CSRF token."""
