"""The editor's pages under ``/redaktion/``: sign-in, accounts, drafts, positions, publishing.

Every page needs a signed-in editor (except sign-in and accepting an invitation) and shows only
the editor's own organisation: another organisation's quiz is a 404, like a quiz that does not
exist. Admin pages are a 404 to editors too. Views parse, call ``accounts``/``drafts``, render.
"""

from __future__ import annotations

import json
import time

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.exc import SQLAlchemyError

from ..analysis.audit import version_audit
from ..core.published import PublishedQuiz
from ..store.catalog import current_catalog
from ..core.model import COLOR_PATTERN, ID_PATTERN
from ..embed.snippet import EmbedOptions, snippet
from ..extensions import db
from ..web.context import reading_params
from ..web.errors import database_down
from . import accounts, drafts, files, log
from .forms import (AcceptInvitationForm, CodeForm, ImportForm, InviteForm, MoveForm, NewQuizForm, PartyForm, PlainForm,
                    PositionForm, SettingsForm, SigninForm, StatementForm)

bp = Blueprint("editor", __name__, url_prefix="/redaktion")

PUBLIC_ENDPOINTS = {"editor.signin", "editor.invitation", "editor.second_step"}
SECOND_STEP_SECONDS = 300
DEVICE_COOKIE = "vk_enhet"
DEVICE_COOKIE_DAYS = 180
# Routes that take platform texts (MAX_SOURCE_BYTES each) or whole imports: their own body limits.
PARTY_UPLOAD_BYTES = 2 * 2**20
IMPORT_UPLOAD_BYTES = 40 * 2**20
UPLOAD_LIMITS = {"editor.new_party": PARTY_UPLOAD_BYTES, "editor.edit_party": PARTY_UPLOAD_BYTES,
                 "editor.import_quiz": IMPORT_UPLOAD_BYTES}


def eurl(endpoint: str, **values) -> str:
    return url_for(endpoint, **values, **reading_params())


def upload_limits() -> None:
    """The editor's upload routes take more than MAX_CONTENT_LENGTH; every other route keeps it.
    Registered ahead of every other before-request hook (quiz.editor.init_editor), since CSRF
    protection and the language choice read the form before a blueprint's hooks run."""
    limit = UPLOAD_LIMITS.get(request.endpoint)
    if limit:
        request.max_content_length = limit
        request.max_form_memory_size = limit


@bp.before_request
def guard():
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return redirect(eurl("editor.signin"))
    idle = current_app.config["EDITOR_IDLE_MINUTES"] * 60
    now = int(time.time())
    if now - int(session.get("editor_seen", 0)) > idle:
        logout_user()
        session.clear()
        return redirect(eurl("editor.signin", utloggad=1))
    session["editor_seen"] = now
    return None


@bp.errorhandler(SQLAlchemyError)
def database_unavailable(exc):
    return database_down(exc, "editor", _("Redaktionen når inte databasen just nu. Försök igen om en stund; "
                                          "inget av det som redan är sparat har gått förlorat."))


@bp.context_processor
def signed_in_user():
    return {"current_user": current_user}


@bp.after_request
def private(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def fail(form, name: str, message: str) -> None:
    getattr(form, name).errors = [*getattr(form, name).errors, message]


def admin_only() -> None:
    if not current_user.is_admin:
        abort(404)


def own_draft(quiz_id: str):
    draft = drafts.draft_of(current_user.org_id, quiz_id) if ID_PATTERN.match(quiz_id) else None
    if draft is None:
        abort(404)
    return draft


def version_of(form) -> int | None:
    raw = form.version.data or ""
    return int(raw) if raw.isdigit() and len(raw) < 10 else None




def autosaving() -> bool:
    """A save the page's script sent as the editor typed (static/editor-autosave.js): JSON back."""
    return request.headers.get("X-Autosave") == "1"


def after_save(url: str, version: int):
    return jsonify(saved=True, version=version) if autosaving() else redirect(url)


def not_saved(form, message, status: int, page):
    if autosaving():
        return jsonify(saved=False, conflict=status == 409, message=message or _("Inte sparat: rätta det som är markerat och spara med knappen.")), status
    return page


def conflict_message() -> str:
    return _("Någon annan har sparat ändringar här sedan du öppnade sidan. Dina ändringar är inte sparade; "
             "de står kvar i formuläret. Jämför med det sparade nedan och spara igen om du vill ersätta det.")


def save_edit(quiz_id: str, draft, row, row_id: str, form, fields_of, find, key: str, taken: str, record):
    """A posted edit of a party or statement (``row``, found by ``find(draft, row_id)``): refused where
    the new id ``key`` is taken; saved only over the version the editor opened, else a 409 that keeps
    the form beside the row as saved now; ``record(row)`` logs it. (response, row, message, status):
    the response after a save, else None and the page's row, message and status (400, or 409)."""
    message, status = None, 200
    fields = fields_of(form, draft) if form.validate() else None
    if fields is not None:
        if fields[key] != getattr(row, key) and find(draft, fields[key]) is not None:
            fail(form, key, taken)
        else:
            try:
                drafts.save(row, version_of(form), **fields)
            except drafts.Conflict:
                row = find(draft, row_id)
                form.version.data = str(row.version)
                message, status = conflict_message(), 409
            else:
                drafts.touch(draft)
                record(row)
                db.session.commit()
                return after_save(eurl("editor.overview", quiz_id=quiz_id), row.version), row, None, 200
    return None, row, message, status if status != 200 else 400


# --- signing in and out --------------------------------------------------------------------------


def device_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="editor-device")


def known_device(email: str) -> bool:
    try:
        known = device_serializer().loads(request.cookies.get(DEVICE_COOKIE, ""))
    except BadSignature:
        return False
    return isinstance(known, list) and accounts.normal_email(email) in known


@bp.route("/logga-in", methods=["GET", "POST"])
def signin():
    if request.method == "GET" and current_user.is_authenticated:
        return redirect(eurl("editor.home"))
    form = SigninForm()
    message, status, headers = None, 200, {}
    if request.args.get("utloggad"):
        message = _("Du loggades ut efter %(m)d minuter utan aktivitet. Logga in igen.",
                    m=current_app.config["EDITOR_IDLE_MINUTES"])
    if form.validate_on_submit():
        try:
            user = accounts.sign_in(form.email.data, form.password.data, request.remote_addr or "",
                                    known_device(form.email.data))
        except accounts.SigninRefused as refused:
            message, status = refused.message, 429 if refused.wait else 400
            if refused.wait:
                headers = {"Retry-After": str(refused.wait)}
        else:
            db.session.commit()
            session.clear()
            if user.totp_secret:  # the password was right; the code from the app comes next
                session["second_step"] = [user.get_id(), int(time.time())]
                return redirect(eurl("editor.second_step"))
            return signed_in(user)
    elif request.method == "POST":
        status = 400
    return render_template("editor/signin.html", form=form, message=message), status, headers


def signed_in(user):
    log.record("signed_in", user.email, user)
    db.session.commit()
    login_user(user)
    session["editor_seen"] = int(time.time())
    response = redirect(eurl("editor.home"))
    try:
        known = device_serializer().loads(request.cookies.get(DEVICE_COOKIE, ""))
    except BadSignature:
        known = []
    known = [e for e in (known if isinstance(known, list) else []) if isinstance(e, str)][-4:]
    response.set_cookie(DEVICE_COOKIE, device_serializer().dumps(sorted({*known, user.email})),
                        max_age=DEVICE_COOKIE_DAYS * 86400, httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"], path=bp.url_prefix)
    return response


@bp.route("/logga-in/kod", methods=["GET", "POST"])
def second_step():
    """Two-step sign-in: the password was right; a code from the app (or a recovery code) ends it.
    Wrong codes count against the client like wrong passwords; the step lasts SECOND_STEP_SECONDS."""
    pending = session.get("second_step")
    user = None
    if isinstance(pending, list) and len(pending) == 2 and int(time.time()) - int(pending[1]) <= SECOND_STEP_SECONDS:
        user = accounts.user_for_session(str(pending[0]))
    if user is None or not user.totp_secret:
        session.pop("second_step", None)
        return redirect(eurl("editor.signin"))
    form, message, status, headers = CodeForm(), None, 200, {}
    if form.validate_on_submit():
        address = request.remote_addr or ""
        locked = accounts.client_locked_for(address)
        if locked:
            message, status = _("För många misslyckade inloggningar härifrån. Försök igen om %(m)d minuter.",
                                m=max(1, (locked + 59) // 60)), 429
            headers = {"Retry-After": str(locked)}
        elif accounts.second_step_ok(user, form.code.data):
            session.pop("second_step", None)
            return signed_in(user)
        else:
            accounts.count_client_failure(address)
            db.session.commit()
            fail(form, "code", _("Koden stämmer inte. Försök igen med nästa kod från appen."))
            status = 400
    elif request.method == "POST":
        status = 400
    return render_template("editor/second_step.html", form=form, message=message), status, headers


@bp.route("/tvastegs", methods=["GET", "POST"])
def two_step():
    """Turn two-step sign-in on (scan, then confirm with a code: recovery codes shown once) or off."""
    from ..web.qr import qr_svg

    user = current_user._get_current_object()
    form, codes = CodeForm(), None
    secret = session.get("totp_setup") if not user.totp_secret else None
    if secret is None and not user.totp_secret:
        secret = session["totp_setup"] = accounts.new_totp_secret()
    if form.validate_on_submit():
        if user.totp_secret:
            if accounts.second_step_ok(user, form.code.data):
                accounts.disable_totp(user)
                log.record("two_step_off", user.email, user)
                db.session.commit()
                return redirect(eurl("editor.two_step"))
            fail(form, "code", _("Koden stämmer inte. Försök igen med nästa kod från appen."))
        elif accounts.totp_ok(secret, form.code.data):
            codes = accounts.enable_totp(user, secret)
            session.pop("totp_setup", None)
            log.record("two_step_on", user.email, user)
            db.session.commit()
            form = CodeForm(formdata=None)
        else:
            fail(form, "code", _("Koden stämmer inte. Försök igen med nästa kod från appen."))
    uri = accounts.totp_uri(secret, user.email) if secret and not user.totp_secret else None
    # Not the cached qr_svg: a secret must not stay in a shared cache.
    qr = qr_svg.__wrapped__(uri, _("QR-kod för autentiseringsappen")) if uri else None
    return render_template("editor/two_step.html", form=form, codes=codes, uri=uri, secret=secret, qr=qr,
                           enabled=bool(user.totp_secret)), 400 if form.errors else 200


@bp.post("/logga-ut")
def signout():
    user = current_user._get_current_object()
    accounts.end_sessions(user)
    log.record("signed_out", user.email, user)
    db.session.commit()
    logout_user()
    session.clear()
    return redirect(eurl("editor.signin"))


@bp.route("/inbjudan/<token>", methods=["GET", "POST"])
def invitation(token: str):
    try:
        invitation = accounts.open_invitation(token)
    except accounts.InvitationGone as gone:
        return render_template("editor/invitation_gone.html", message=gone.message), 410
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        if form.password.data != form.password2.data:
            fail(form, "password2", _("Lösenorden är inte lika."))
        else:
            try:
                user = accounts.accept_invitation(invitation, form.email.data, form.password.data)
            except accounts.AccountError as exc:
                field = "email" if "adress" in str(exc) or "address" in str(exc) else "password"
                fail(form, field, str(exc))
            except accounts.InvitationGone as gone:
                return render_template("editor/invitation_gone.html", message=gone.message), 410
            else:
                log.record("account_created", user.email, user, role=user.role, via="invitation")
                db.session.commit()
                return redirect(eurl("editor.signin", ny=1))
    status = 400 if request.method == "POST" else 200
    return render_template("editor/invitation.html", form=form, token=token), status


# --- the organisation ------------------------------------------------------------------------------


@bp.get("/")
def home():
    return render_template("editor/home.html", drafts=drafts.drafts_of(current_user.org_id),
                           signout_form=PlainForm(), import_form=ImportForm())


@bp.route("/konton", methods=["GET", "POST"])
def people():
    admin_only()
    from sqlalchemy import select

    from ..store.editor import EditorUser

    form, link = InviteForm(), None
    if form.validate_on_submit():
        token = accounts.invite(current_user, form.role.data)
        log.record("invited", form.role.data, current_user)
        db.session.commit()
        link = url_for("editor.invitation", token=token, _external=True)
    users = db.session.execute(select(EditorUser).where(EditorUser.org_id == current_user.org_id)
                               .order_by(EditorUser.email)).scalars()
    return render_template("editor/people.html", form=form, link=link, users=list(users),
                           days=accounts.INVITATION_DAYS)


@bp.get("/logg")
def changelog():
    admin_only()
    return render_template("editor/log.html", entries=log.entries(current_user.org_id, limit=500))


@bp.get("/logg.csv")
def changelog_csv():
    admin_only()
    return Response(log.as_csv(current_user.org_id), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=valkompass-logg.csv"})


@bp.get("/logg.json")
def changelog_json():
    admin_only()
    return Response(json.dumps(log.as_rows(current_user.org_id), ensure_ascii=False, indent=1),
                    mimetype="application/json",
                    headers={"Content-Disposition": "attachment; filename=valkompass-logg.json"})


# --- a draft -------------------------------------------------------------------------------------


@bp.route("/nytt", methods=["GET", "POST"])
def new_quiz():
    form = NewQuizForm()
    if form.validate_on_submit():
        try:
            draft = drafts.create_draft(current_user.org_id, form.quiz_id.data.strip(), form.title.data,
                                        form.description.data or "", form.scale.data, form.topics.data or "",
                                        form.municipalities.data or "")
        except drafts.DraftError as exc:
            fail(form, exc.field or "quiz_id", exc.message)
        else:
            log.record("draft_created", draft.quiz_id, current_user, title=draft.title)
            db.session.commit()
            return redirect(eurl("editor.overview", quiz_id=draft.quiz_id))
    return render_template("editor/new_quiz.html", form=form), 400 if form.errors else 200


@bp.get("/q/<quiz_id>/")
def overview(quiz_id: str):
    draft = own_draft(quiz_id)
    form = SettingsForm(formdata=None, obj=draft, version=str(draft.version),
                        topics=drafts.topics_as_lines(draft), municipalities="\n".join(drafts.municipalities(draft)))
    return render_overview(draft, form)


def render_overview(draft, form, message=None, status=200):
    party_rows, statement_rows = drafts.parties(draft), drafts.statements(draft)
    coded = drafts.positions(draft)
    known = {p.id: sum(1 for s in statement_rows if (p.id, s.id) in coded and coded[(p.id, s.id)].value is not None)
             for p in party_rows}
    return render_template("editor/overview.html", draft=draft, form=form, parties=party_rows,
                           statements=statement_rows, known=known, message=message, move_form=MoveForm(),
                           published=current_catalog().latest(draft.quiz_id), limits=drafts), status


@bp.post("/q/<quiz_id>/installningar")
def settings(quiz_id: str):
    draft = own_draft(quiz_id)
    form = SettingsForm()
    if not form.validate():
        return render_overview(draft, form, status=400)
    try:
        drafts.save(draft, version_of(form), title=form.title.data.strip(), description=(form.description.data or "").strip(),
                    topics=json.dumps(drafts.merged_topics(draft, form.topics.data or ""), ensure_ascii=False),
                    municipalities=json.dumps(drafts.parse_lines(form.municipalities.data or ""), ensure_ascii=False),
                    unlisted=bool(form.unlisted.data), updated_at=drafts.utcnow())
    except drafts.Conflict:
        draft = own_draft(quiz_id)
        form.version.data = str(draft.version)
        return render_overview(draft, form, message=conflict_message(), status=409)
    log.record("draft_settings", draft.quiz_id, current_user, title=draft.title, unlisted=draft.unlisted)
    db.session.commit()
    return redirect(eurl("editor.overview", quiz_id=quiz_id, sparat=1))


# --- parties ---------------------------------------------------------------------------------------


def party_fields(form, draft) -> dict | None:
    """The form's party as model fields, or None with the problems put beside their fields."""
    ok = True
    party_id = (form.party_id.data or "").strip()
    if not ID_PATTERN.match(party_id):
        fail(form, "party_id", _("Id:t får bara ha små bokstäver a–z, siffror och bindestreck.")); ok = False
    color = (form.color.data or "").strip()
    if color and not COLOR_PATTERN.match(color):
        fail(form, "color", _("Skriv färgen som #rrggbb.")); ok = False
    captured = (form.source_captured.data or "").strip()
    problem = drafts.captured_problem(captured)
    if problem:
        fail(form, "source_captured", problem); ok = False
    url = (form.source_url.data or "").strip()
    if url and not url.startswith(("https://", "http://")):
        fail(form, "source_url", _("Adressen ska börja med https:// eller http://.")); ok = False
    municipality = (form.municipality.data or "").strip()
    allowed = drafts.municipalities(draft)
    if municipality and allowed and municipality not in allowed:
        fail(form, "municipality", _("Kommunen finns inte i quizets lista över kommuner.")); ok = False
    text = form.source_text.data or ""
    upload = form.source_file.data
    if upload and getattr(upload, "filename", ""):
        raw = upload.read(drafts.MAX_SOURCE_BYTES + 1)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            fail(form, "source_file", _("Filen är inte text i UTF-8.")); ok = False
        form.source_text.data = text
    problem = drafts.source_problem(text)
    if problem:
        fail(form, "source_text", problem); ok = False
    if not ok:
        return None
    return dict(party_id=party_id, name=form.name.data.strip(), short_name=(form.short_name.data or "").strip(),
                municipality=municipality, color=color, source_title=(form.source_title.data or "").strip(),
                source_url=url, source_captured=captured, source_text=text.replace("\r\n", "\n"))


@bp.route("/q/<quiz_id>/partier/ny", methods=["GET", "POST"])
def new_party(quiz_id: str):
    draft = own_draft(quiz_id)
    form = PartyForm()
    if form.validate_on_submit():
        fields = party_fields(form, draft)
        if fields is not None:
            try:
                row = drafts.add_party(draft, **fields)
            except drafts.DraftError as exc:
                fail(form, exc.field or "party_id", exc.message)
            else:
                drafts.touch(draft)
                log.record("party_added", f"{quiz_id}/{row.party_id}", current_user, name=row.name,
                           source_bytes=len(row.source_text.encode()))
                db.session.commit()
                return redirect(eurl("editor.overview", quiz_id=quiz_id))
    return render_template("editor/party.html", draft=draft, form=form, row=None,
                           municipalities=drafts.municipalities(draft)), 400 if form.errors else 200


@bp.route("/q/<quiz_id>/partier/<party_id>", methods=["GET", "POST"])
def edit_party(quiz_id: str, party_id: str):
    draft = own_draft(quiz_id)
    row = drafts.party(draft, party_id) or abort(404)
    message, status = None, 200
    if request.method == "GET":
        form = PartyForm(formdata=None, obj=row, version=str(row.version))
    else:
        form = PartyForm()
        saved, row, message, status = save_edit(
            quiz_id, draft, row, party_id, form, party_fields, drafts.party, "party_id",
            _("Det finns redan ett parti med det id:t i quizet."),
            lambda row: log.record("party_changed", f"{quiz_id}/{row.party_id}", current_user,
                                   source_bytes=len(row.source_text.encode())))
        if saved is not None:
            return saved
    return not_saved(form, message, status, (render_template(
        "editor/party.html", draft=draft, form=form, row=row, message=message,
        municipalities=drafts.municipalities(draft)), status))


# --- statements ------------------------------------------------------------------------------------


def statement_form(draft, **kwargs) -> StatementForm:
    form = StatementForm(**kwargs)
    form.topic.choices = [("", _("Inget ämne"))] + [(t["id"], t["title"]) for t in drafts.topics(draft)]
    return form


def statement_fields(form, draft) -> dict | None:
    fields = dict(statement_id=(form.statement_id.data or "").strip(), text=(form.text.data or "").strip(),
                  topic=form.topic.data or "", background=(form.background.data or "").strip(),
                  easy=(form.easy.data or "").strip(), text_en=(form.text_en.data or "").strip(),
                  direction=form.direction.data or "")
    problems = drafts.statement_problems(fields["statement_id"], fields["text"], fields["topic"],
                                         fields["direction"], {t["id"] for t in drafts.topics(draft)})
    for name, problem in problems.items():
        fail(form, name, problem)
    return None if problems else fields


@bp.route("/q/<quiz_id>/pastaenden/nytt", methods=["GET", "POST"])
def new_statement(quiz_id: str):
    draft = own_draft(quiz_id)
    form = statement_form(draft)
    if request.method == "GET":
        form.statement_id.data = f"p{drafts.count(drafts.DraftStatement, draft) + 1}"
    if form.validate_on_submit():
        fields = statement_fields(form, draft)
        if fields is not None:
            try:
                row = drafts.add_statement(draft, **fields)
            except drafts.DraftError as exc:
                fail(form, exc.field or "statement_id", exc.message)
            else:
                drafts.touch(draft)
                log.record("statement_added", f"{quiz_id}/{row.statement_id}", current_user, text=row.text)
                db.session.commit()
                return redirect(eurl("editor.overview", quiz_id=quiz_id))
    return render_template("editor/statement.html", draft=draft, form=form, row=None), 400 if form.errors else 200


@bp.route("/q/<quiz_id>/pastaenden/<statement_id>", methods=["GET", "POST"])
def edit_statement(quiz_id: str, statement_id: str):
    draft = own_draft(quiz_id)
    row = drafts.statement(draft, statement_id) or abort(404)
    message, status = None, 200
    if request.method == "GET":
        form = statement_form(draft, formdata=None, obj=row, version=str(row.version))
    else:
        form = statement_form(draft)
        saved, row, message, status = save_edit(
            quiz_id, draft, row, statement_id, form, statement_fields, drafts.statement, "statement_id",
            _("Det finns redan ett påstående med det id:t i quizet."),
            lambda row: log.record("statement_changed", f"{quiz_id}/{row.statement_id}", current_user, text=row.text))
        if saved is not None:
            return saved
    return not_saved(form, message, status, (render_template(
        "editor/statement.html", draft=draft, form=form, row=row, message=message), status))


@bp.post("/q/<quiz_id>/pastaenden/<statement_id>/flytta")
def move_statement(quiz_id: str, statement_id: str):
    draft = own_draft(quiz_id)
    row = drafts.statement(draft, statement_id) or abort(404)
    form = MoveForm()
    if not form.validate():
        abort(400)
    drafts.move_statement(draft, row, form.steg.data)
    drafts.touch(draft)
    log.record("statement_moved", f"{quiz_id}/{statement_id}", current_user, step=form.steg.data)
    db.session.commit()
    return redirect(eurl("editor.overview", quiz_id=quiz_id) + f"#s-{statement_id}")


# --- positions -------------------------------------------------------------------------------------


@bp.get("/q/<quiz_id>/partier/<party_id>/stallning")
def party_positions(quiz_id: str, party_id: str):
    draft = own_draft(quiz_id)
    row = drafts.party(draft, party_id) or abort(404)
    statement_rows = drafts.statements(draft)
    coded = drafts.positions(draft)
    values, labels = drafts.scale(draft)
    return render_template("editor/party_positions.html", draft=draft, party=row, statements=statement_rows,
                           coded={s.id: coded.get((row.id, s.id)) for s in statement_rows}, labels=labels)


def position_form(draft, **kwargs) -> PositionForm:
    form = PositionForm(**kwargs)
    values, labels = drafts.scale(draft)
    form.value.choices = [("", _("Okänd: programmet säger inget om detta"))] + [
        (str(v), f"{v:+d} {labels.get(str(v), '')}".strip() if v else f"0 {labels.get('0', '')}".strip()) for v in values]
    return form


@bp.route("/q/<quiz_id>/partier/<party_id>/stallning/<statement_id>", methods=["GET", "POST"])
def edit_position(quiz_id: str, party_id: str, statement_id: str):
    draft = own_draft(quiz_id)
    p = drafts.party(draft, party_id) or abort(404)
    s = drafts.statement(draft, statement_id) or abort(404)
    row = drafts.position(p, s)
    values, _labels = drafts.scale(draft)
    message, status = None, 200
    if request.method == "GET":
        form = position_form(draft, formdata=None, version=str(row.version if row else 0),
                             value="" if row is None or row.value is None else str(row.value),
                             basis=row.basis if row else "", justification=row.justification if row else "",
                             quote=row.quote if row else "")
    else:
        form = position_form(draft)
        if form.validate():
            raw = form.value.data or ""
            value = int(raw) if raw.lstrip("-").isdigit() and len(raw) < 4 else None
            if raw and value is None:
                fail(form, "value", _("Värdet finns inte på skalan."))
            basis, justification, quote = form.basis.data or "", (form.justification.data or "").strip(), (form.quote.data or "").strip()
            problems = drafts.position_problems(value, basis, justification, quote, p.source_text, values)
            for name, problem in problems.items():
                fail(form, name, problem)
            if not form.errors:
                if value is None:
                    basis = basis if basis in ("explicit", "interpreted") else ""
                try:
                    row = drafts.set_position(p, s, version_of(form) if form.version.data else 0, value, basis,
                                              justification, quote)
                except drafts.Conflict:
                    db.session.rollback()
                    row = drafts.position(p, s)
                    form.version.data = str(row.version if row else 0)
                    message, status = conflict_message(), 409
                else:
                    drafts.touch(draft)
                    log.record("position_set", f"{quiz_id}/{party_id}/{statement_id}", current_user, value=value,
                               basis=basis, quote=quote[:200])
                    db.session.commit()
                    return after_save(eurl("editor.party_positions", quiz_id=quiz_id, party_id=party_id)
                                      + f"#s-{statement_id}", row.version)
        if status == 200:
            status = 400
        if autosaving():
            return not_saved(form, message, status, None)
    quote_at = drafts.find_quote(p.source_text, form.quote.data or "") if form.quote.data else None
    return render_template("editor/position.html", draft=draft, party=p, statement=s, form=form, row=row,
                           message=message, quote_at=quote_at), status


# --- checking and publishing -----------------------------------------------------------------------


@bp.get("/q/<quiz_id>/granska")
def review(quiz_id: str):
    draft = own_draft(quiz_id)
    result = drafts.check(draft)
    # The draft as a version nobody can open: the method page's audit (all parties and each
    # municipality's, quiz/analysis/audit.py) computed on it, shown with the same template.
    pq = PublishedQuiz(quiz=result.quiz, version="utkast", sequence=0) if result.quiz is not None else None
    return render_template("editor/review.html", draft=draft, check=result, pq_for_audit=pq,
                           audit=version_audit(pq) if pq else None, form=PlainForm(),
                           published=current_catalog().latest(draft.quiz_id))


@bp.post("/q/<quiz_id>/publicera")
def publish(quiz_id: str):
    draft = own_draft(quiz_id)
    if not PlainForm().validate():
        abort(400)
    try:
        row = drafts.publish(draft)
    except drafts.DraftError:
        return redirect(eurl("editor.review", quiz_id=quiz_id))
    if row is not None:
        log.record("published", f"{quiz_id}/{row.version}", current_user, unlisted=draft.unlisted)
    else:
        log.record("published_unchanged", quiz_id, current_user, unlisted=draft.unlisted)
    db.session.commit()
    return redirect(eurl("editor.published", quiz_id=quiz_id))


@bp.get("/q/<quiz_id>/publicerat")
def published(quiz_id: str):
    draft = own_draft(quiz_id)
    pq = current_catalog().latest(draft.quiz_id) or abort(404)
    link = url_for("voter.intro", quiz_id=pq.id, _external=True)
    return render_template("editor/published.html", draft=draft, pq=pq, link=link, snippet=snippet(EmbedOptions(pq)))


# --- files -----------------------------------------------------------------------------------------


@bp.get("/q/<quiz_id>/export.json")
def export_json(quiz_id: str):
    draft = own_draft(quiz_id)
    try:
        data = drafts.export_document(draft)
    except drafts.ContentError as exc:
        return render_template("editor/export_failed.html", draft=draft, errors=exc.errors), 409
    return Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json",
                    headers={"Content-Disposition": f"attachment; filename={quiz_id}.json"})


@bp.get("/q/<quiz_id>/export.zip")
def export_zip(quiz_id: str):
    draft = own_draft(quiz_id)
    try:
        body = files.folder_zip(draft)
    except drafts.ContentError as exc:
        return render_template("editor/export_failed.html", draft=draft, errors=exc.errors), 409
    return Response(body, mimetype="application/zip",
                    headers={"Content-Disposition": f"attachment; filename={quiz_id}.zip"})


@bp.post("/importera")
def import_quiz():
    form = ImportForm()
    upload = form.file.data if form.validate() else None
    if not upload or not getattr(upload, "filename", ""):
        return render_template("editor/import_failed.html", errors=[_("Välj en fil att importera.")]), 400
    try:
        draft, replaced = files.import_upload(current_user.org_id, upload.filename, upload.read(IMPORT_UPLOAD_BYTES + 1))
    except files.ImportRefused as exc:
        db.session.rollback()
        return render_template("editor/import_failed.html", errors=exc.errors), 400
    log.record("draft_imported", draft.quiz_id, current_user, file=upload.filename[:100], replaced=replaced)
    db.session.commit()
    return redirect(eurl("editor.overview", quiz_id=draft.quiz_id))
