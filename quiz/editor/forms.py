"""The editor's forms (Flask-WTF: every one carries a CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, IntegerField, PasswordField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, Optional

REQUIRED = _l("Fyll i det här fältet.")


class SigninForm(FlaskForm):
    email = StringField(_l("E-postadress"), validators=[InputRequired(REQUIRED), Length(max=254)])
    password = PasswordField(_l("Lösenord"), validators=[InputRequired(REQUIRED), Length(max=1000)])


class AcceptInvitationForm(FlaskForm):
    email = StringField(_l("E-postadress"), validators=[InputRequired(REQUIRED), Length(max=254)])
    password = PasswordField(_l("Lösenord (minst 12 tecken)"), validators=[InputRequired(REQUIRED), Length(max=1000)])
    password2 = PasswordField(_l("Samma lösenord igen"), validators=[InputRequired(REQUIRED), Length(max=1000)])


class InviteForm(FlaskForm):
    role = RadioField(_l("Roll"), choices=[("editor", _l("Redaktör")), ("admin", _l("Administratör"))],
                      default="editor", validators=[InputRequired(REQUIRED)])


class PlainForm(FlaskForm):
    """Only the CSRF token: sign out, publish, delete."""


class MoveForm(FlaskForm):
    steg = IntegerField(validators=[InputRequired(), NumberRange(min=-1, max=1)])


class NewQuizForm(FlaskForm):
    quiz_id = StringField(_l("Id (i adressen, t.ex. ”kommunval-solna”)"), validators=[InputRequired(REQUIRED), Length(max=60)])
    title = StringField(_l("Titel"), validators=[InputRequired(REQUIRED), Length(max=300)])
    description = TextAreaField(_l("Beskrivning"), validators=[Optional(), Length(max=2000)])
    scale = RadioField(_l("Skala"), choices=[("5", _l("Fem steg: helt emot … helt för, med neutral")),
                                              ("4", _l("Fyra steg, utan neutral")),
                                              ("3", _l("Tre steg: emot, neutral, för"))],
                       default="5", validators=[InputRequired(REQUIRED)])
    topics = TextAreaField(_l("Ämnen, ett per rad"), validators=[Optional(), Length(max=5000)])
    municipalities = TextAreaField(_l("Kommuner, en per rad"), validators=[Optional(), Length(max=5000)])


class SettingsForm(FlaskForm):
    version = HiddenField()
    title = StringField(_l("Titel"), validators=[InputRequired(REQUIRED), Length(max=300)])
    description = TextAreaField(_l("Beskrivning"), validators=[Optional(), Length(max=2000)])
    topics = TextAreaField(_l("Ämnen, ett per rad (”id: Titel”)"), validators=[Optional(), Length(max=5000)])
    municipalities = TextAreaField(_l("Kommuner, en per rad"), validators=[Optional(), Length(max=5000)])
    unlisted = BooleanField(_l("Olistat: visas inte på startsidan eller i API:ts lista, bara via länk och inbäddning"))


class PartyForm(FlaskForm):
    version = HiddenField()
    party_id = StringField(_l("Id (t.ex. ”mp-solna”)"), validators=[InputRequired(REQUIRED), Length(max=60)])
    name = StringField(_l("Namn"), validators=[InputRequired(REQUIRED), Length(max=200)])
    short_name = StringField(_l("Kort namn"), validators=[Optional(), Length(max=50)])
    municipality = StringField(_l("Kommun"), validators=[Optional(), Length(max=100)])
    color = StringField(_l("Färg (#rrggbb)"), validators=[Optional(), Length(max=7)])
    source_title = StringField(_l("Programmets titel"), validators=[Optional(), Length(max=300)])
    source_url = StringField(_l("Programmets adress (URL)"), validators=[Optional(), Length(max=1000)])
    source_captured = StringField(_l("Hämtat den (ÅÅÅÅ-MM-DD)"), validators=[Optional(), Length(max=10)])
    source_text = TextAreaField(_l("Programtext (klistra in)"), validators=[Optional()])
    source_file = FileField(_l("… eller ladda upp programtexten som en textfil (UTF-8)"))


DIRECTION_CHOICES = [("", _l("Inte angiven")), ("more", _l("Mer (en ökning, en satsning)")),
                     ("less", _l("Mindre (en minskning, ett slopande)"))]


class StatementForm(FlaskForm):
    version = HiddenField()
    statement_id = StringField(_l("Id (t.ex. ”hemloshet-1”)"), validators=[InputRequired(REQUIRED), Length(max=60)])
    text = TextAreaField(_l("Påstående"), validators=[InputRequired(REQUIRED), Length(max=1000)])
    topic = SelectField(_l("Ämne"), choices=[], validate_choice=False)
    background = TextAreaField(_l("Bakgrund"), validators=[Optional(), Length(max=5000)])
    easy = TextAreaField(_l("Lättläst svenska"), validators=[Optional(), Length(max=1000)])
    text_en = TextAreaField(_l("Engelska"), validators=[Optional(), Length(max=1000)])
    direction = SelectField(_l("Riktning"), choices=DIRECTION_CHOICES,
                            validators=[Optional(), AnyOf(["", "more", "less"], message=_l("Okänd riktning."))])


BASIS_CHOICES = [("explicit", _l("Står uttryckligen i programmet")), ("interpreted", _l("Tolkat ur programmet"))]


class PositionForm(FlaskForm):
    version = HiddenField()
    value = RadioField(_l("Ståndpunkt"), choices=[], validate_choice=False)
    basis = RadioField(_l("Grund"), choices=BASIS_CHOICES, validate_choice=False)
    justification = TextAreaField(_l("Motivering"), validators=[Optional(), Length(max=2000)])
    quote = TextAreaField(_l("Citat ur programmet (ordagrant)"), validators=[Optional(), Length(max=5000)])


class ImportForm(FlaskForm):
    file = FileField(_l("Fil: valkompass/1-JSON eller en zip med en statements-mapp"))


class CodeForm(FlaskForm):
    code = StringField(_l("Engångskod från appen, eller en reservkod"), validators=[InputRequired(REQUIRED), Length(max=40)])
