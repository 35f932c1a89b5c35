"""Editor accounts: the first admin from the CLI, signing in and out, limits, invitations, roles."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select, update

from quiz.editor import accounts
from quiz.store.editor import ChangeLog, EditorUser, Invitation
from quiz.extensions import db
from quiz.store.models import utcnow
from tests.helpers.database import database_down
from tests.helpers.editor import PASSWORD, Editor, create_user, sign_in, signed_in_editor
from tests.helpers.forms import csrf


def test_the_first_admin_is_made_with_the_cli_reading_the_password_from_stdin(app):
    result = create_user(app, "Chef@Example.se", "Lokaltidningen", admin=True)
    assert result.exit_code == 0, result.output
    assert "chef@example.se: admin of Lokaltidningen" in result.output
    with app.app_context():
        user = db.session.execute(select(EditorUser)).scalar_one()
        assert user.role == "admin" and user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash


def test_short_or_common_passwords_are_refused(app):
    for weak in ("kort", "password1234", "aaaaaaaaaaaaaaa", "lösenord1234"):
        result = create_user(app, "x@example.se", "Org", password=weak)
        assert result.exit_code != 0
    assert "minst 12 tecken" in create_user(app, "x@example.se", "Org", password="kort").output
    with app.app_context():
        assert db.session.execute(select(EditorUser)).first() is None


def test_sign_in_and_out_and_a_copied_session_cookie_dies_with_the_sign_out(app):
    create_user(app, "red@example.se", "Tidningen")
    client = app.test_client()
    wrong = sign_in(client, "red@example.se", "fel lösenord helt och hållet")
    assert wrong.status_code == 400 and "Fel e-postadress eller lösenord." in wrong.get_data(as_text=True)
    assert sign_in(client, "red@example.se").headers["Location"].endswith("/redaktion/")
    home = client.get("/redaktion/")
    assert home.status_code == 200 and "Mina quiz" in home.get_data(as_text=True)
    copied = client.get_cookie("session").value
    client.post("/redaktion/logga-ut", data={"csrf_token": csrf(home.get_data(as_text=True))})
    assert client.get("/redaktion/").status_code == 302
    client.set_cookie("session", copied)
    assert client.get("/redaktion/").headers["Location"].startswith("/redaktion/logga-in")


def test_editor_pages_are_never_framed_nor_stored(app):
    for url in ("/redaktion/logga-in", "/redaktion/"):
        response = app.test_client().get(url)
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["Cache-Control"] == "no-store"


def test_a_voter_page_gets_no_cookie_and_no_vary_cookie_from_the_editor(client):
    response = client.get("/q/mini/")
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers.get("Vary", "")


def test_forms_without_the_csrf_token_are_refused(app):
    create_user(app, "red@example.se", "Tidningen")
    client = app.test_client()
    response = client.post("/redaktion/logga-in", data={"email": "red@example.se", "password": PASSWORD})
    assert response.status_code == 400 and "Formuläret är för gammalt eller ogiltigt" in response.get_data(as_text=True)
    assert client.get("/redaktion/").headers["Location"] == "/redaktion/logga-in"  # not signed in


def test_the_session_ends_after_idle_minutes(app, monkeypatch):
    editor = signed_in_editor(app)
    from quiz.editor import views

    now = views.time.time()
    monkeypatch.setattr(views.time, "time", lambda: now + 31 * 60)
    response = editor.get("/redaktion/")
    assert response.status_code == 302 and "utloggad=1" in response.headers["Location"]
    assert "30 minuter utan aktivitet" in editor.get(response.headers["Location"]).get_data(as_text=True)
    assert editor.get("/redaktion/").status_code == 302


def test_a_client_is_locked_after_ten_failures_but_the_editor_still_gets_in_from_elsewhere(app, monkeypatch):
    # The account's back-off is one second at this point; hold its clock, or a slow machine (ten
    # password hashes) lets that second pass before the stranger tries.
    frozen = utcnow()
    monkeypatch.setattr(accounts, "utcnow", lambda: frozen)
    create_user(app, "red@example.se", "Tidningen")
    own = app.test_client()
    assert sign_in(own, "red@example.se", address="10.0.0.1").status_code == 302  # a known device since
    attacker = app.test_client()
    for _ in range(accounts.CLIENT_FAILURES):
        assert sign_in(attacker, "red@example.se", "gissning gissning", address="10.9.9.9").status_code in (400, 429)
    locked = sign_in(attacker, "red@example.se", address="10.9.9.9")  # even the right password
    assert locked.status_code == 429
    assert 0 < int(locked.headers["Retry-After"]) <= accounts.CLIENT_WINDOW_SECONDS + 1  # when it may try again
    assert "För många misslyckade inloggningar härifrån" in locked.get_data(as_text=True)
    # The account backs off for strangers, but not for the editor's own browser:
    stranger = sign_in(app.test_client(), "red@example.se", address="10.5.5.5")
    assert stranger.status_code == 429 and "Vänta" in stranger.get_data(as_text=True)
    assert f"Vänta {stranger.headers['Retry-After']} s" in stranger.get_data(as_text=True)  # the page and the header agree
    own.post("/redaktion/logga-ut", data={"csrf_token": csrf(own.get("/redaktion/").get_data(as_text=True))})
    assert sign_in(own, "red@example.se", address="10.0.0.1").status_code == 302


def test_the_client_lock_ends_by_itself(app, monkeypatch):
    create_user(app, "red@example.se", "Tidningen")
    attacker = app.test_client()
    for _ in range(accounts.CLIENT_FAILURES):
        sign_in(attacker, "nobody@example.se", "gissning gissning", address="10.9.9.9")
    locked = sign_in(attacker, "red@example.se", address="10.9.9.9")
    assert locked.status_code == 429 and "Mina quiz" not in attacker.get("/redaktion/").get_data(as_text=True)
    now = accounts.time.time()
    monkeypatch.setattr(accounts.time, "time", lambda: now + accounts.CLIENT_WINDOW_SECONDS + 1)
    assert sign_in(attacker, "red@example.se", address="10.9.9.9").status_code == 302
    assert "Mina quiz" in attacker.get("/redaktion/").get_data(as_text=True)  # signed in


def invitation_link(admin: Editor, role: str = "editor") -> str:
    page = admin.post("/redaktion/konton", {"role": role}, form_page="/redaktion/konton").get_data(as_text=True)
    match = re.search(r'id="invite-link"[^>]*value="([^"]+)"', page)
    assert match, page
    return match.group(1).replace("http://localhost", "")


def test_an_admin_invites_an_editor_with_a_one_time_link(app):
    admin = signed_in_editor(app, "chef@example.se", admin=True)
    link = invitation_link(admin)
    guest = app.test_client()
    page = guest.get(link)
    assert page.status_code == 200 and page.headers["Referrer-Policy"] == "no-referrer"
    token = csrf(page.get_data(as_text=True))
    short = guest.post(link, data={"csrf_token": token, "email": "ny@example.se", "password": "kort", "password2": "kort"})
    assert short.status_code == 400
    body = short.get_data(as_text=True)
    assert 'aria-invalid="true"' in body and "minst 12 tecken" in body and 'value="ny@example.se"' in body
    done = guest.post(link, data={"csrf_token": token, "email": "ny@example.se", "password": PASSWORD, "password2": PASSWORD})
    assert done.status_code == 302
    again = app.test_client().get(link)
    assert again.status_code == 410 and "redan använd" in again.get_data(as_text=True)
    assert sign_in(app.test_client(), "ny@example.se").status_code == 302
    with app.app_context():
        user = db.session.execute(select(EditorUser).where(EditorUser.email == "ny@example.se")).scalar_one()
        admin_row = db.session.execute(select(EditorUser).where(EditorUser.email == "chef@example.se")).scalar_one()
        assert user.role == "editor" and user.org_id == admin_row.org_id


def test_an_expired_invitation_says_so(app):
    admin = signed_in_editor(app, "chef@example.se", admin=True)
    link = invitation_link(admin)
    with app.app_context():
        db.session.execute(update(Invitation).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    page = app.test_client().get(link)
    assert page.status_code == 410 and "har gått ut" in page.get_data(as_text=True)
    assert app.test_client().get("/redaktion/inbjudan/finns-inte").status_code == 410


def test_an_editor_cannot_act_as_admin(app):
    editor = signed_in_editor(app)
    for url in ("/redaktion/konton", "/redaktion/logg", "/redaktion/logg.csv", "/redaktion/logg.json"):
        assert editor.get(url).status_code == 404, url
    token = csrf(editor.get("/redaktion/").get_data(as_text=True))
    assert editor.client.post("/redaktion/konton", data={"csrf_token": token, "role": "admin"}).status_code == 404
    with app.app_context():
        assert db.session.execute(select(Invitation)).first() is None


def test_account_actions_are_logged_and_the_admin_exports_the_log(app):
    admin = signed_in_editor(app, "chef@example.se", admin=True)
    invitation_link(admin)
    csv = admin.get("/redaktion/logg.csv").get_data(as_text=True)
    assert "account_created" in csv and "signed_in" in csv and "invited" in csv
    rows = admin.get("/redaktion/logg.json").get_json()
    assert [r["action"] for r in rows][:3] == ["account_created", "signed_in", "invited"]
    with app.app_context():
        assert db.session.execute(select(ChangeLog)).scalars().all()


def test_two_step_sign_in_with_a_code_from_the_app_or_a_recovery_code_once(app):
    import pyotp

    editor = signed_in_editor(app)
    page = editor.get("/redaktion/tvastegs").get_data(as_text=True)
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    assert "<svg" in page  # the QR code, drawn on the server
    wrong = editor.client.post("/redaktion/tvastegs", data={"csrf_token": csrf(page), "code": "000000"})
    assert wrong.status_code == 400 and "Koden stämmer inte" in wrong.get_data(as_text=True)
    done = editor.client.post("/redaktion/tvastegs", data={"csrf_token": csrf(page), "code": pyotp.TOTP(secret).now()})
    codes = re.findall(r"<li><code>([0-9a-f]{8}-[0-9a-f]{8})</code></li>", done.get_data(as_text=True))
    assert len(codes) == accounts.RECOVERY_CODES
    with app.app_context():
        stored = db.session.execute(select(EditorUser.recovery_codes)).scalar()
        assert codes[0] not in stored  # only hashes

    client = app.test_client()
    first = sign_in(client, "red@example.se")
    assert first.headers["Location"].endswith("/redaktion/logga-in/kod")
    assert client.get("/redaktion/").status_code == 302  # the password alone is not a session
    step = client.get("/redaktion/logga-in/kod").get_data(as_text=True)
    refused = client.post("/redaktion/logga-in/kod", data={"csrf_token": csrf(step), "code": "123456"})
    assert refused.status_code == 400
    ok = client.post("/redaktion/logga-in/kod", data={"csrf_token": csrf(step), "code": codes[0]})
    assert ok.headers["Location"].endswith("/redaktion/")
    assert client.get("/redaktion/").status_code == 200

    again = app.test_client()
    sign_in(again, "red@example.se")
    step = again.get("/redaktion/logga-in/kod").get_data(as_text=True)
    used = again.post("/redaktion/logga-in/kod", data={"csrf_token": csrf(step), "code": codes[0]})
    assert used.status_code == 400  # a recovery code works once
    assert again.post("/redaktion/logga-in/kod", data={"csrf_token": csrf(step),
                                                       "code": pyotp.TOTP(secret).now()}).status_code == 302


def test_wrong_codes_at_the_second_step_lock_the_client_and_say_until_when(app):
    import pyotp

    editor = signed_in_editor(app)
    page = editor.get("/redaktion/tvastegs").get_data(as_text=True)
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    editor.client.post("/redaktion/tvastegs", data={"csrf_token": csrf(page), "code": pyotp.TOTP(secret).now()})
    guesser = app.test_client()
    sign_in(guesser, "red@example.se")
    step = guesser.get("/redaktion/logga-in/kod").get_data(as_text=True)
    for _ in range(accounts.CLIENT_FAILURES):
        guesser.post("/redaktion/logga-in/kod", data={"csrf_token": csrf(step), "code": "000000"})
    locked = guesser.post("/redaktion/logga-in/kod", data={"csrf_token": csrf(step), "code": pyotp.TOTP(secret).now()})
    assert locked.status_code == 429 and "För många misslyckade inloggningar härifrån" in locked.get_data(as_text=True)
    assert 0 < int(locked.headers["Retry-After"]) <= accounts.CLIENT_WINDOW_SECONDS + 1


def test_the_second_step_without_the_password_leads_back_to_the_sign_in(app):
    assert app.test_client().get("/redaktion/logga-in/kod").headers["Location"].startswith("/redaktion/logga-in")


def test_a_signed_in_editor_on_the_voter_pages_costs_no_sql_and_gets_no_vary_cookie(make_app):
    """The editor's user is loaded under /redaktion/ only: the voter path stays database-free."""
    from tests.helpers.database import counted_statements

    app = make_app(CATALOG_REFRESH_SECONDS=3600)
    editor = signed_in_editor(app)
    assert editor.client.get_cookie("session") is not None
    version = app.extensions["catalog"].latest("mini").version
    with counted_statements(app) as statements:
        for url in ("/", "/q/mini/", f"/q/mini/{version}/1"):
            response = editor.get(url)
            assert response.status_code == 200
            assert "Cookie" not in response.headers.get("Vary", "") and "Set-Cookie" not in response.headers
    assert statements == []


def test_without_the_database_the_editor_and_the_review_pages_say_so_with_a_503(app):
    editor = signed_in_editor(app)
    party = app.test_client()
    with database_down(app):
        home = editor.client.get("/redaktion/")
        link = party.get("/granska/" + "a" * 43)
    for response, words in ((home, "Redaktionen når inte databasen just nu"),
                            (link, "Granskningen når inte databasen just nu")):
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "30" and response.headers["Cache-Control"] == "no-store"
        assert words in response.get_data(as_text=True)
