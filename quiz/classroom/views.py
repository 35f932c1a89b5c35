"""Class mode for civics lessons: the teacher's pages and the students' join and submit steps.

A teacher needs no account: the private teacher link (a long token) is the key to the dashboard,
and a wrong one is a plain 404 that does not say whether a class exists. Students join with the
short code and then take the quiz exactly as a voter does (``klass`` travels with the answers like
``kommun``); only at the end do they choose to send their answers. The rules for what is stored
and shown live in ``quiz.classroom.operations``; these views only read requests and render.
"""

from __future__ import annotations

import csv
import io
import logging
import math
import secrets
from datetime import timezone
from types import SimpleNamespace
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, make_response, redirect, render_template, request, session as browser_session, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from . import aggregates, limits, operations, randomized_response, tickets
from ..core.answers import AnswerError
from ..core.published import PublishedQuiz
from ..store.catalog import current_catalog
from ..web.i18n import localized, scale_label
from .forms import CloseClassForm, CreateClassForm, DeleteClassForm, DiscardSendsForm, JoinClassForm, SubmitClassForm
from ..web import clients
from ..web.context import normalize_code, reading_params
from .lesson import questions_for
from ..extensions import db
from ..store.models import ClassSession
from ..web.qr import qr_svg
from ..web.errors import UNREADABLE_ANSWERS, error_response

bp = Blueprint("classroom", __name__)
log = logging.getLogger(__name__)


def class_privacy(scale_size: int = 5) -> SimpleNamespace:
    """The randomized response's figures as the privacy texts state them (a five-point scale)."""
    epsilon = randomized_response.epsilon(scale_size)
    return SimpleNamespace(
        keep_percent=round(100 * randomized_response.KEEP),
        own_percent=round(100 * randomized_response.true_answer_share(scale_size)),
        factor=round(math.exp(epsilon)) if math.isfinite(epsilon) else 0,
        epsilon=format_decimal(round(epsilon, 1)) if math.isfinite(epsilon) else "∞",
    )


bp.record_once(lambda state: state.app.jinja_env.globals.update(class_privacy=class_privacy))

DEVICE_COOKIE = "klass_{code}"


@bp.before_request
def same_origin_posts():
    """A class form is posted from our own pages only. On top of the CSRF token and the SameSite
    session cookie: refuse a POST a browser marks as coming from another site (``Sec-Fetch-Site``)
    or whose ``Origin`` names another host. ``Origin: null`` is what browsers send from a page
    with ``Referrer-Policy: no-referrer`` (all class pages), so it proves nothing either way."""
    if request.method != "POST":
        return None
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        raise CSRFError("cross-site request")
    origin = request.headers.get("Origin", "null")
    if origin != "null" and urlsplit(origin).hostname != urlsplit(request.host_url).hostname:
        raise CSRFError("the Origin is another site")
    return None


@bp.after_request
def private_pages(response):
    """Teacher links and class pages are nobody else's: never cached, never sent on as a referrer."""
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def database_down(exc):
    """Any class page while the database cannot be reached: a 503 that says so, in the reader's
    language, with Retry-After; logged without the statement's parameters (hide_parameters)."""
    db.session.rollback()
    log.warning("Class mode: the database is unavailable: %s", exc)
    body, status = error_response(503, _("Klassen går inte att nå just nu: databasen svarar inte. Inget är förlorat; försök igen om en liten stund."))
    return body, status, {"Retry-After": str(operations.RETRY_AFTER_SECONDS)}


for _failure in operations.DATABASE_DOWN:
    bp.register_error_handler(_failure, database_down)


def find_class_by_code(code: str | None) -> ClassSession | None:
    """A live class by its code, counting each miss against this client; raises 429 when over."""
    client = clients.request_client()
    if clients.too_many_attempts(client, limits.attempts_limit()):
        body, status = error_response(429)
        abort(make_response(body, status, clients.retry_after()))
    found = operations.find_by_code(code)
    if found is None:
        clients.record_failed_attempt(client)
    return found


def class_summary(session: ClassSession, pq: PublishedQuiz, count: int):
    return aggregates.class_figures(pq, session.municipality, count, lambda: operations.observed_counts(session, pq))


def class_quiz(session: ClassSession) -> PublishedQuiz | None:
    return current_catalog().get(session.quiz_id, session.version)


def teacher_class_or_404(token: str) -> tuple[ClassSession, PublishedQuiz]:
    session = operations.find_by_token(token)
    pq = class_quiz(session) if session else None
    if session is None or pq is None:
        abort(404)
    return session, pq


# --- teacher -----------------------------------------------------------------------------------


DEFAULT_CLASS_SIZE = 30  # filled in: a Swedish class is rarely larger; the teacher changes it


@bp.get("/larare")
def teacher_start():
    return render_template(
        "classroom/teacher_start.html",
        quizzes=current_catalog().quizzes(),
        form=CreateClassForm(),
        max_size=max(1, current_app.config["CLASS_MAX_SUBMISSIONS"]),
        default_size=min(DEFAULT_CLASS_SIZE, max(1, current_app.config["CLASS_MAX_SUBMISSIONS"])),
        threshold=limits.threshold(),
        ttl_days=current_app.config["CLASS_TTL_DAYS"],
    )


@bp.post("/larare/ny")
def create():
    form = CreateClassForm(request.form)
    if not form.validate():
        return error_response(400, " ".join(str(m) for f in form for m in f.errors) or None)
    pq = current_catalog().latest(form.quiz.data)
    if pq is None:
        return error_response(400, _("Quizet finns inte."))
    largest = max(1, current_app.config["CLASS_MAX_SUBMISSIONS"])
    if form.storlek.data > largest:
        return error_response(400, _("En klass kan ha högst %(n)d elever.", n=largest))
    refused = creation_refused()
    if refused is not None:
        return refused
    municipality = pq.municipality_or_all(form.kommun.data)
    _session, token = operations.create_class(pq, municipality, current_app.config["CLASS_TTL_DAYS"], size=form.storlek.data)
    return redirect(url_for(".dashboard", token=token, **reading_params()), 303)


CREATED_KEY = "klasser_skapade"  # in the teacher's (signed) session cookie: when each class was made


def creation_refused():
    """A 429 when this teacher (browser session) or this client (address) has created as many
    classes this hour as allowed; else None, with this creation counted for both. Generous per
    address, since a school's teachers share one; a teacher's session holds its own count."""
    config = current_app.config
    now = int(operations.utcnow().timestamp())
    mine = [t for t in browser_session.get(CREATED_KEY, []) if isinstance(t, int) and now - t < 3600]
    if len(mine) >= max(1, config["CLASS_CREATIONS_PER_TEACHER_HOUR"]):
        wait = 3600 - (now - min(mine))
    elif not limits.count_creation(clients.request_client(), config["CLASS_CREATIONS_PER_HOUR"]):
        wait = limits.seconds_to_next_hour()
    else:
        browser_session[CREATED_KEY] = [*mine, now]
        return None
    body, status = error_response(429, _(
        "Här har det skapats många klasser på kort tid. Vänta en stund (högst en timme) och försök igen; "
        "behöver du fler klasser nu kan du använda samma klass för flera grupper."))
    return body, status, {"Retry-After": str(max(1, wait))}


@bp.get("/larare/<token>")
def dashboard(token: str):
    session, pq = teacher_class_or_404(token)
    count = operations.submission_count(session)
    return render_template(
        "classroom/class_dashboard.html",
        **class_view(session, pq, count),
        token=token,
        refresh_url=url_for(".dashboard", token=token, **reading_params()),
        projector_url=url_for(".projector", code=session.code,
                              key=tickets.projector_key(current_app.config["SECRET_KEY"], session), **reading_params()),
        expires_at=operations.as_utc(session.expires_at).astimezone(timezone.utc),
        delete_form=DeleteClassForm(),
        close_form=CloseClassForm(),
        discard_form=DiscardSendsForm(formdata=None, minuter=DISCARD_DEFAULT_MINUTES),
        discard_choices=DISCARD_MINUTES,
        cap=limits.cap(session.size, current_app.config["CLASS_MAX_SUBMISSIONS"]),
    )


DISCARD_MINUTES = (5, 10, 15, 30, 60)
DISCARD_DEFAULT_MINUTES = 10


def class_view(session: ClassSession, pq: PublishedQuiz, count: int) -> dict:
    """What the dashboard and the projector view both show: how to join, and the figures."""
    ticket = tickets.class_ticket(current_app.config["SECRET_KEY"], session)
    join_url = url_for(".join", kod=session.code, biljett=ticket.split(".", 1)[1], _external=True, **reading_params())
    return {
        "session": session,
        "pq": pq,
        "count": count,
        "threshold": limits.threshold(),
        "summary": class_summary(session, pq, count),
        # More phones have sent than the teacher said the class has: say so (the dashboard).
        "over_size": bool(session.size) and count > session.size,
        "join_url": join_url,
        "qr": qr_svg(join_url, _("QR-kod till klassens sida för att gå med, med koden ifylld")),
    }


@bp.get("/visning/<code>/<key>")
def projector(code: str, key: str):
    """The projector view: a read-only link of its own, so the private teacher address never shows
    in the address bar on the wall, and no button there deletes the class."""
    session = operations.find_by_code(code) if normalize_code(code) == code else None
    if session is None or not tickets.projector_key_matches(current_app.config["SECRET_KEY"], session, key):
        abort(404)
    pq = class_quiz(session)
    if pq is None:
        abort(404)
    count = operations.submission_count(session)
    slides = len(pq.statements) + 1  # 0: how to join and the parties; then one statement each
    slide = min(max(request.args.get("s", 0, type=int), 0), slides - 1)

    def slide_url(number: int) -> str:
        return url_for(".projector", code=code, key=key, **({"s": number} if number else {}), **reading_params())

    return render_template(
        "classroom/class_projector.html",
        **class_view(session, pq, count),
        slide=slide,
        slides=slides,
        slide_url=slide_url,
        refresh_url=slide_url(slide),
    )


@bp.get("/larare/<token>/klass.csv")
def export_csv(token: str):
    """The class's figures as CSV for Swedish Excel: UTF-8 with a byte order mark (or Excel reads
    å, ä, ö wrongly), semicolons between fields and decimal commas (Excel's Swedish list and decimal
    separators). One row per statement, then one per party; every column means one thing, and a
    column that does not apply to a row is empty. Estimates only, never a student's row."""
    session, pq = teacher_class_or_404(token)
    count = operations.submission_count(session)
    summary = class_summary(session, pq, count)
    labels = [scale_label(pq.quiz, v).value for v in pq.quiz.scale_values]  # as the dashboard shows them
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([
        _("rad"), _("nummer"), "id", _("påstående"), *[_("%(answer)s (≈ elever)", answer=label) for label in labels],
        _("hoppade över (≈ elever)"), _("medelvärde (%(low)s till %(high)s)", low=pq.scale_min, high=pq.scale_max),
        _("spridning (0–1)"), _("parti"), _("matchning med klassens svar (%)"), _("elever som skickat in"),
    ])
    blank_statement = [""] * (len(labels) + 4)
    if summary is not None:
        for s in summary.statements:
            writer.writerow([
                _("påstående"), s.number, s.statement.id, localized(s.statement, "text").value, *s.counts, s.skipped,
                decimal(s.mean, 2), decimal(s.spread, 2), "", "", count,
            ])
        for p in summary.parties:
            writer.writerow([_("parti"), "", p.party.id, *blank_statement, p.party.name, decimal(p.average, 1), count])
    else:
        writer.writerow([_("inget ännu"), "", "", "", *[""] * (len(labels) + 3), "", "", count])
    filename = f"klass-{session.code}.csv"
    return "\ufeff" + out.getvalue(), 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{filename}"',
    }


def decimal(value: float | None, places: int) -> str:
    """A number as Swedish Excel reads it: a decimal comma; empty when there is none."""
    return "" if value is None else f"{value:.{places}f}".replace(".", ",")


@bp.post("/larare/<token>/stang")
def close(token: str):
    return set_closed(token, True)


@bp.post("/larare/<token>/oppna")
def reopen(token: str):
    return set_closed(token, False)


def set_closed(token: str, closed: bool):
    if not CloseClassForm(request.form).validate():
        return error_response(400, _("Formuläret är för gammalt eller ogiltigt. Ladda om sidan och försök igen."))
    session, _pq = teacher_class_or_404(token)
    operations.set_closed(session, closed)
    return redirect(url_for(".dashboard", token=token, **reading_params()), 303)


@bp.post("/larare/<token>/kasta")
def discard(token: str):
    """Discard the sends of the last minutes (e.g. one phone that sent over and over)."""
    form = DiscardSendsForm(request.form)
    if not form.validate():
        return error_response(400, " ".join(str(m) for f in form for m in f.errors) or None)
    session, pq = teacher_class_or_404(token)
    operations.discard_recent(session, pq, form.minuter.data)
    return redirect(url_for(".dashboard", token=token, **reading_params()), 303)


@bp.post("/larare/<token>/radera")
def delete(token: str):
    form = DeleteClassForm(request.form)
    if not form.validate():
        return error_response(400, _("Formuläret är för gammalt eller ogiltigt. Ladda om sidan och försök igen."))
    session, _pq = teacher_class_or_404(token)
    operations.delete_class(session)
    return render_template("classroom/class_deleted.html")


# --- students ----------------------------------------------------------------------------------


@bp.get("/klass")
def join():
    """The join form; the QR code's URL fills in the code, the student still presses the button."""
    form = JoinClassForm()
    form.kod.data = normalize_code(request.args.get("kod")) or ""
    biljett = request.args.get("biljett") or ""
    form.biljett.data = biljett if tickets.read_ticket(current_app.config["SECRET_KEY"], f"{form.kod.data}.{biljett}") else ""
    return render_template("classroom/class_join.html", form=form, error=None)


@bp.post("/klass")
def join_submit():
    form = JoinClassForm(request.form)
    if not form.validate():
        return render_template("classroom/class_join.html", form=form, error=" ".join(str(m) for f in form for m in f.errors)), 400
    code = normalize_code(form.kod.data)
    ticket = tickets.read_ticket(current_app.config["SECRET_KEY"], f"{code}.{form.biljett.data or ''}") if code else None
    # By the QR code or link: its ticket, no guess counted. A typed code: a guess, limited.
    session = operations.find_by_ticket(ticket) if ticket else find_class_by_code(form.kod.data)
    pq = class_quiz(session) if session else None
    if session is None or pq is None:
        error = _("Vi hittar ingen pågående klass med koden ”%(code)s”. Kontrollera koden med din lärare; en klass finns kvar bara en begränsad tid.", code=form.kod.data.strip()[:20])
        return render_template("classroom/class_join.html", form=form, error=error), 404
    return redirect(
        url_for("voter.statement", quiz_id=pq.id, version=pq.version, number=1, kommun=session.municipality,
                klass=tickets.class_ticket(current_app.config["SECRET_KEY"], session), **reading_params()),
        303,
    )


def class_gone():
    return error_response(404, _("Klassen finns inte längre, eller så är koden fel. Dina svar skickades inte."))


@bp.post("/klass/<code>/svar")
def submit(code: str):
    form = SubmitClassForm(request.form)
    if not form.validate():
        return error_response(400, _("Formuläret är för gammalt eller ogiltigt. Ladda om sidan och försök igen."))
    # Only the canonical code: the device cookie's path is /klass/<CODE> and browsers match cookie
    # paths case-sensitively, so a phone posting to any other spelling would not send its cookie
    # and would count as a second device. The forms always post the canonical code.
    # Sends never count as guesses: the class is the one the page's ticket names, found by its id.
    ticket = tickets.read_ticket(current_app.config["SECRET_KEY"], form.klass.data)
    if ticket is None:
        return error_response(400, _("Länken till klassen går inte att kontrollera, så dina svar skickades inte. Gå med i klassen igen med koden från din lärare."))
    session = operations.find_by_ticket(ticket) if ticket.code == code else None
    pq = class_quiz(session) if session else None
    if session is None or pq is None:
        return class_gone()
    cookie = DEVICE_COOKIE.format(code=session.code)
    device = request.cookies.get(cookie) or ""
    if len(device) != 43:
        device = secrets.token_urlsafe(32)
    config = current_app.config
    try:
        sends = operations.submit(session, pq, device, form.state.data,
                               max_submissions=limits.cap(session.size, config["CLASS_MAX_SUBMISSIONS"]),
                               per_minute=config["CLASS_SUBMISSIONS_PER_MINUTE"])
    except operations.SendsUsedUp:
        return error_response(409, _(
            "Du har redan skickat dina svar till klassen två gånger från den här telefonen, så de kan inte skickas igen. "
            "Varje gång svaren skickas slumpas de på nytt, och med fler försök skulle läraren till slut kunna gissa vad du "
            "svarade. Därför går det bara att ändra sig en gång, så att allas svar förblir skyddade. Dina svar från förra "
            "gången finns kvar i klassens sammanställning."))
    except operations.ClassFull:
        return error_response(409, _("Klassen är full: den har redan svar från %(n)d telefoner. Dina svar skickades inte. Säg till din lärare.",
                                     n=limits.cap(session.size, config["CLASS_MAX_SUBMISSIONS"])))
    except operations.ClassClosed:
        return error_response(409, _("Läraren har stängt klassen, så den tar inte emot svar just nu. Dina svar skickades inte; försök igen när läraren har öppnat den."))
    except operations.ClassGone:
        return class_gone()
    except operations.ClassBusy:
        response, status = error_response(429, _("Många skickar till klassen just nu. Vänta en minut och försök igen; dina svar skickades inte."))
        return response, status, {"Retry-After": "60"}
    except AnswerError:
        return error_response(
            400, UNREADABLE_ANSWERS,
            restart=pq,
        )
    response = current_app.make_response(
        render_template("classroom/class_submitted.html", session=session, pq=pq, state=form.state.data, ticket=form.klass.data,
                        sends_left=operations.MAX_SENDS_PER_DEVICE - sends)
    )
    max_age = int((operations.as_utc(session.expires_at) - operations.utcnow()).total_seconds())
    response.set_cookie(
        cookie, device, max_age=max(0, max_age), path=f"/klass/{session.code}", httponly=True, samesite="Lax",
        secure=request.is_secure or current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


@bp.get("/larare/guide")
def guide():
    return render_template(
        "classroom/teacher_guide.html",
        quizzes=current_catalog().quizzes(),
        questions_for=questions_for,
        threshold=limits.threshold(),
        ttl_days=current_app.config["CLASS_TTL_DAYS"],
    )
