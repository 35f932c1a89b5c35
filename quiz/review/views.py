"""The review round's pages: the party's page behind its private link (``/granska/<token>``, no
account) and the editor's pages (``/redaktion/q/<quiz>/partigranskning/``, signed in, own
organisation only: another's quiz is a 404). Views parse, call ``operations``, render.

The party's page: a link opens its own party only; unknown links are a 404, expired and revoked
ones a 410, and failed look-ups are rate-limited per client (class mode's counter, its own key).
Every page is ``no-store`` and sends no referrer (the token is in the address); none may be framed
(the site's ``frame-ancestors 'none'``).
"""

from __future__ import annotations

import hashlib
import hmac
import time

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from sqlalchemy.exc import SQLAlchemyError

from ..web.context import reading_params
from ..web.clients import client_network, record_failed_attempt, retry_after, too_many_attempts
from ..core.model import ID_PATTERN
from ..editor import drafts
from ..extensions import db
from ..web.errors import database_down
from . import operations
from .forms import AnswerForm, DecisionForm, OpenRoundForm, PlainForm

party_bp = Blueprint("review", __name__, url_prefix="/granska")
editor_bp = Blueprint("review_editor", __name__, url_prefix="/redaktion/q/<quiz_id>/partigranskning")


def rurl(endpoint: str, **values) -> str:
    return url_for(endpoint, **values, **reading_params())


def private(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


party_bp.after_request(private)
editor_bp.after_request(private)


def database_unavailable(exc):
    return database_down(exc, "review", _("Granskningen når inte databasen just nu. Försök igen om en stund; "
                                          "inget av det som redan är sparat har gått förlorat."))


party_bp.register_error_handler(SQLAlchemyError, database_unavailable)
editor_bp.register_error_handler(SQLAlchemyError, database_unavailable)


# --- the party's page ----------------------------------------------------------------------------


def client() -> str:
    return hmac.new(current_app.config["SECRET_KEY"].encode(), b"review:" + client_network(request.remote_addr or "").encode(),
                    hashlib.sha256).hexdigest()


def opened(token: str) -> operations.Visit | Response:
    """The link's visit, or the page saying why not (404, 410, 429)."""
    limit = current_app.config["REVIEW_FAILED_LOOKUPS_PER_MINUTE"]
    if too_many_attempts(client(), limit):
        message = _("För många felaktiga länkar på kort tid. Vänta en minut och försök igen.")
        return render_template("review/gone.html", message=message), 429, retry_after()
    try:
        return operations.visit(token)
    except operations.LinkGone as gone:
        if gone.status == 404:
            record_failed_attempt(client())
        return render_template("review/gone.html", message=gone.message), gone.status


def scale_choices(draft) -> list[tuple[str, str]]:
    values, labels = drafts.scale(draft)
    return [(str(v), labels.get(str(v), str(v))) for v in reversed(values)]


def render_party(v: operations.Visit, forms: dict | None = None, status: int = 200, message: str | None = None):
    changes = operations.check_frozen(v.draft, v.round)
    statement_rows = drafts.statements(v.draft)
    coded = drafts.positions(v.draft)
    given = operations.answers(v.round, v.party)
    _values, labels = drafts.scale(v.draft)
    rows = []
    for n, s in enumerate(statement_rows, start=1):
        row = coded.get((v.party.id, s.id))
        answer = given.get((v.party.id, s.id))
        form = (forms or {}).get(s.statement_id)
        if form is None:
            svar = ""
            if answer is not None:
                svar = {"confirm": "bekrafta", "abstain": "avstar"}.get(answer.kind, str(answer.value))
            form = AnswerForm(formdata=None, svar=svar, reason=answer.reason if answer else "",
                              reason_en=answer.reason_en if answer else "", quote=answer.quote if answer else "",
                              url=answer.url if answer else "", priority=answer.priority if answer else False)
        rows.append({"n": n, "statement": s, "coded": row if row is not None and row.value is not None else None,
                     "answer": answer, "form": form,
                     "changed": [c for c in changes if c["statement"] == s.statement_id]})
    answered = sum(1 for r in rows if r["answer"] is not None)
    return render_template("review/party.html", v=v, rows=rows, labels=labels, choices=scale_choices(v.draft),
                           answered=answered, message=message, submit_form=PlainForm(),
                           saved=request.args.get("sparat", "")), status


@party_bp.get("/<token>")
def page(token: str):
    v = opened(token)
    if not isinstance(v, operations.Visit):
        return v
    return render_party(v, message=_("Era svar är inskickade. Tack!") if request.args.get("skickat") else None)


@party_bp.post("/<token>/svar/<statement_id>")
def save(token: str, statement_id: str):
    v = opened(token)
    if not isinstance(v, operations.Visit):
        return v
    s = drafts.statement(v.draft, statement_id) if ID_PATTERN.match(statement_id) else None
    if s is None:
        abort(404)
    form = AnswerForm()
    autosave = request.headers.get("X-Autosave") == "1"
    if not form.validate():
        if autosave:
            return jsonify(saved=False, message=_("Svaret kunde inte sparas: se fälten nedan.")), 400
        return render_party(v, {statement_id: form}, 400, _("Svaret kunde inte sparas: se fälten nedan."))
    raw = (form.svar.data or "").strip()
    kind, value = {"bekrafta": ("confirm", None), "avstar": ("abstain", None)}.get(raw, ("value", None))
    if kind == "value":
        value = int(raw) if raw.lstrip("-").isdigit() and len(raw) < 4 else None
    try:
        operations.save_answer(v, s, kind, value, form.reason.data or "", form.reason_en.data or "",
                               form.quote.data or "", form.url.data or "", bool(form.priority.data))
    except operations.Locked:
        db.session.rollback()
        if autosave:
            return jsonify(saved=False, message=_("Svaren är låsta: de är inskickade eller sista dagen har passerat. "
                                                  "Be redaktionen öppna dem igen.")), 409
        return render_party(v, {statement_id: form}, 409,
                            _("Svaren är låsta: de är inskickade eller sista dagen har passerat. Be redaktionen öppna dem igen."))
    except operations.ReviewError as exc:
        db.session.rollback()
        if autosave:
            return jsonify(saved=False, message=" ".join(getattr(exc, "problems", {exc.field: exc.message}).values())), 400
        for name, problem in getattr(exc, "problems", {exc.field: exc.message}).items():
            target = getattr(form, {"kind": "svar", "value": "svar"}.get(name, name), form.svar)
            target.errors = [*target.errors, problem]
        return render_party(v, {statement_id: form}, 400, _("Svaret kunde inte sparas: se fälten nedan."))
    db.session.commit()
    if autosave:
        return jsonify(saved=True)
    return redirect(rurl("review.page", token=token, sparat=statement_id) + f"#s-{statement_id}")


@party_bp.post("/<token>/skicka")
def submit(token: str):
    v = opened(token)
    if not isinstance(v, operations.Visit):
        return v
    if not PlainForm().validate():
        abort(400)
    try:
        operations.submit(v)
    except operations.Locked:
        db.session.rollback()
        return render_party(v, status=409, message=_("Svaren är redan inskickade eller låsta."))
    db.session.commit()
    return redirect(rurl("review.page", token=token, skickat=1))


# --- the editor's pages --------------------------------------------------------------------------


@editor_bp.before_request
def signed_in():
    """As the editor's own pages: signed in, not idle (``EDITOR_IDLE_MINUTES``)."""
    if not current_user.is_authenticated:
        return redirect(rurl("editor.signin"))
    now = int(time.time())
    if now - int(session.get("editor_seen", 0)) > current_app.config["EDITOR_IDLE_MINUTES"] * 60:
        logout_user()
        session.clear()
        return redirect(rurl("editor.signin", utloggad=1))
    session["editor_seen"] = now
    return None


@editor_bp.context_processor
def signed_in_user():
    return {"current_user": current_user}


def own_draft(quiz_id: str):
    draft = drafts.draft_of(current_user.org_id, quiz_id) if ID_PATTERN.match(quiz_id or "") else None
    if draft is None:
        abort(404)
    return draft


def render_round(draft, form=None, tokens=None, status=200, message=None):
    round_ = operations.latest_round(draft)
    changes = operations.check_frozen(draft, round_) if round_ is not None else []
    return render_template("review/editor_round.html", draft=draft, round=round_, form=form or OpenRoundForm(),
                           plain=PlainForm(), statuses=operations.status(draft, round_) if round_ else [],
                           is_open=round_ is not None and operations.is_open(round_), tokens=tokens or {},
                           changes=changes, message=message), status


@editor_bp.get("/")
def overview(quiz_id: str):
    return render_round(own_draft(quiz_id))


@editor_bp.post("/oppna")
def open_round(quiz_id: str):
    draft = own_draft(quiz_id)
    form = OpenRoundForm()
    if not form.validate():
        return render_round(draft, form, status=400)
    try:
        day = operations.parse_deadline(form.deadline.data or "")
        _round, tokens = operations.open_round(draft, day, user=current_user)
    except operations.ReviewError as exc:
        db.session.rollback()
        form.deadline.errors = [*form.deadline.errors, exc.message]
        return render_round(draft, form, status=400)
    db.session.commit()
    links = {party: url_for("review.page", token=token, _external=True) for party, token in tokens.items()}
    return render_round(draft, tokens=links, message=_("Rundan är öppnad. Kopiera länkarna nu: de visas bara en gång."))


def party_action(quiz_id: str, party_id: str):
    draft = own_draft(quiz_id)
    round_ = operations.latest_round(draft) or abort(404)
    party = drafts.party(draft, party_id) if ID_PATTERN.match(party_id or "") else None
    if party is None or not PlainForm().validate():
        abort(404 if party is None else 400)
    return draft, round_, party


@editor_bp.post("/parti/<party_id>/ny-lank")
def reissue(quiz_id: str, party_id: str):
    draft, round_, party = party_action(quiz_id, party_id)
    token = operations.reissue(draft, round_, party, user=current_user)
    db.session.commit()
    return render_round(draft, tokens={party.party_id: url_for("review.page", token=token, _external=True)},
                        message=_("En ny länk för %(p)s: den gamla gäller inte längre.", p=party.name))


@editor_bp.post("/parti/<party_id>/aterkalla")
def revoke(quiz_id: str, party_id: str):
    return party_step(quiz_id, party_id, operations.revoke)


@editor_bp.post("/parti/<party_id>/oppna-igen")
def reopen(quiz_id: str, party_id: str):
    return party_step(quiz_id, party_id, operations.reopen)


def party_step(quiz_id: str, party_id: str, step):
    """Revoke or reopen one party's link (``step``, an operation), then back to the round."""
    draft, round_, party = party_action(quiz_id, party_id)
    step(draft, round_, party, user=current_user)
    db.session.commit()
    return redirect(rurl("review_editor.overview", quiz_id=quiz_id))


@editor_bp.post("/stang")
def close(quiz_id: str):
    draft = own_draft(quiz_id)
    round_ = operations.latest_round(draft) or abort(404)
    if not PlainForm().validate():
        abort(400)
    operations.close(draft, round_, user=current_user)
    db.session.commit()
    return redirect(rurl("review_editor.overview", quiz_id=quiz_id))


def render_party_review(draft, round_, party, forms=None, status=200, message=None):
    mine = [i for i in operations.items(draft, round_) if i.party.id == party.id]
    _values, labels = drafts.scale(draft)
    return render_template("review/editor_party.html", draft=draft, round=round_, party=party, items=mine,
                           labels=labels, forms=forms or {}, message=message, decision_form=DecisionForm()), status


@editor_bp.get("/parti/<party_id>")
def party_review(quiz_id: str, party_id: str):
    draft = own_draft(quiz_id)
    round_ = operations.latest_round(draft) or abort(404)
    party = (drafts.party(draft, party_id) if ID_PATTERN.match(party_id or "") else None) or abort(404)
    return render_party_review(draft, round_, party)


@editor_bp.post("/parti/<party_id>/<statement_id>/beslut")
def decide(quiz_id: str, party_id: str, statement_id: str):
    draft = own_draft(quiz_id)
    round_ = operations.latest_round(draft) or abort(404)
    party = (drafts.party(draft, party_id) if ID_PATTERN.match(party_id or "") else None) or abort(404)
    s = (drafts.statement(draft, statement_id) if ID_PATTERN.match(statement_id or "") else None) or abort(404)
    answer = operations.answers(round_, party).get((party.id, s.id)) or abort(404)
    form = DecisionForm()
    if not form.validate():
        return render_party_review(draft, round_, party, {statement_id: form}, 400)
    try:
        operations.decide(draft, answer, form.decision.data or "", form.note.data or "", current_user)
    except operations.ReviewError as exc:
        db.session.rollback()
        form.note.errors = [*form.note.errors, exc.message]
        return render_party_review(draft, round_, party, {statement_id: form}, 400,
                                   _("Beslutet kunde inte sparas: se fältet nedan."))
    db.session.commit()
    return redirect(rurl("review_editor.party_review", quiz_id=quiz_id, party_id=party_id) + f"#s-{statement_id}")
