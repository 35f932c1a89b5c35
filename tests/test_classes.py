"""Class mode: a teacher's class, students joining and submitting anonymously, the dashboard.

Every test runs on SQLite and, with ``TEST_DATABASE_URL``, on PostgreSQL.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from quiz.classroom import operations, randomized_response
from quiz.web import clients
from quiz.extensions import db
from quiz.store.models import ClassSession, ClassSubmission, JoinAttempt
from tests.helpers.classroom import (
    ANSWER_SETS, class_code, class_value, create_class, csv_rows, join, projector_link, student, submit_from_result, take_quiz,
)
from tests.helpers.forms import csrf, hidden_state


@pytest.fixture(autouse=True)
def answers_stored_as_sent(monkeypatch):
    """The flow tests here check the figures by hand, so answers are kept as sent (p = 1); the
    randomization itself and what it protects are tested in tests/test_class_privacy.py."""
    monkeypatch.setattr(randomized_response, "KEEP", 1.0)


def test_teacher_creates_a_class_and_gets_code_qr_and_private_link(client):
    dashboard = create_class(client)
    assert re.fullmatch(r"/larare/[A-Za-z0-9_-]{43}", dashboard)
    response = client.get(dashboard)
    html = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "private, no-store"
    code = class_code(html)
    assert set(code) <= set(operations.CODE_ALPHABET) and not set(code) & set("0OQ1IL2Z5S8B6G")
    assert f"/klass?kod={code}" in html  # the QR code's URL
    assert '<svg class="qr" role="img"' in html
    assert "0 elever har skickat in" in html
    assert "<script src=" in html and "<script>" not in html
    with client.application.app_context():
        stored = db.session.execute(db.select(ClassSession)).scalar_one()
        assert stored.teacher_token_hash != dashboard.rsplit("/", 1)[1]
        assert stored.teacher_token_hash == operations.sha256(dashboard.rsplit("/", 1)[1])


def test_student_joins_takes_the_quiz_and_submits_anonymously(app, client):
    code = class_code(client.get(create_class(client)).get_data(as_text=True))
    phone = app.test_client()
    response = join(phone, code.lower())  # typed in lower case: still the class
    location = response.headers["Location"]
    assert f"klass={code}" in location and "/q/mini/" in location
    statement = phone.get(location).get_data(as_text=True)
    assert f'name="klass" value="{code}.' in statement  # the code and the class's ticket
    result = take_quiz(phone, code, ["2", "2", "-2", "1"])
    html = result.get_data(as_text=True)
    assert "Skicka dina svar anonymt till klassen" in html and "Inget namn" in html
    submitted = submit_from_result(phone, html)
    assert submitted.status_code == 200
    cookie = submitted.headers["Set-Cookie"]
    assert cookie.startswith(f"klass_{code}=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert f"Path=/klass/{code}" in cookie and "Max-Age=" in cookie
    assert "Tillbaka till mitt resultat" in submitted.get_data(as_text=True)
    with app.app_context():
        row = db.session.execute(db.select(ClassSubmission)).scalar_one()
        assert row.state == "eead"
        device = cookie.split(";")[0].split("=", 1)[1]
        assert row.device_hash == operations.sha256(device)
        assert {c.name for c in ClassSubmission.__table__.columns} == {"id", "class_id", "device_hash", "state", "submitted_at", "sends", "discarded"}
        assert row.sends == 1


def test_a_plain_voter_sees_no_class_box(client):
    result = take_quiz_without_class(client)
    assert "Skicka dina svar anonymt" not in result


def take_quiz_without_class(client):
    page = client.get(client.get("/q/mini/start").headers["Location"]).get_data(as_text=True)
    version = re.search(r'action="/q/mini/([^/]+)/svar"', page).group(1)
    return client.post(f"/q/mini/{version}/resultat", data={"state": hidden_state(page).replace(".", "c")}).get_data(as_text=True)


def test_dashboard_shows_nothing_below_the_threshold_then_the_aggregates(app, client):
    dashboard = create_class(client)
    code = class_code(client.get(dashboard).get_data(as_text=True))
    for answers in ANSWER_SETS[:4]:
        student(app, code, answers)
    html = client.get(dashboard).get_data(as_text=True)
    assert "4 elever har skickat in" in html
    assert "visas när minst 5 elever" in html
    assert "Partierna mot klassens samlade svar" not in html and "mest oenig" not in html
    assert "Alfapartiet" not in html
    rows = csv_rows(client.get(dashboard + "/klass.csv"))
    assert [r["rad"] for r in rows] == ["inget ännu"] and rows[0]["elever som skickat in"] == "4"

    student(app, code, ANSWER_SETS[4])
    html = client.get(dashboard).get_data(as_text=True)
    assert "5 elever har skickat in" in html
    assert "Partierna mot klassens samlade svar" in html and "Alfapartiet" in html
    assert "Här är klassen mest oenig" in html and "Här är klassen mest enig" in html
    assert "Siffrorna är uppskattningar" in html
    # statement 4: every answer "Delvis för" (one skipped); statement 1 all for; 2 and 3 split
    divided = html.split("mest oenig")[1].split("</ul>")[0]
    united = html.split("mest enig")[1].split("</ul>")[0]
    assert "4. Kommunen ska ta bort avgifterna i hemtjänsten." in united and "för: ≈ 4 · emot: ≈ 0 · neutralt: ≈ 0" in united
    assert "1. Kommunen ska bygga fler sociala lägenheter." in united and "för: ≈ 5 · emot: ≈ 0 · neutralt: ≈ 0" in united
    assert "3. Försörjningsstöd ska ha tydliga krav." in divided and "för: ≈ 2 · emot: ≈ 2 · neutralt: ≈ 1" in divided
    # ranked by how far the class leans to one side: all five for on 1, four of five on 4 (one skipped)
    assert united.index("1. Kommunen") < united.index("4. Kommunen")


def test_the_count_shown_is_the_count_the_figures_use(app, client):
    """Issue 15.10: "6 elever har skickat in" next to figures that rested on the first 5 contradicted
    itself; now the figures rest on every student who sent, and the page says so."""
    dashboard = create_class(client)
    code = class_code(client.get(dashboard).get_data(as_text=True))
    for answers in ANSWER_SETS:
        student(app, code, answers)
    student(app, code, ["-2", "-2", "-2", "-2"])
    html = client.get(dashboard).get_data(as_text=True)
    assert "6 elever har skickat in sina svar." in html and "Siffrorna nedan bygger på alla 6." in html
    assert "de första" not in html
    counts = html.split('id="dist-title"')[1].split("</ol>")[0]
    first = counts.split("</li>\n      {% endfor %}")[0].split("<ul class=\"counts\">")[1].split("</ul>")[0]
    assert sum(int(n) for n in re.findall(r"≈ (\d+)</strong>", first)) == 6


def test_threshold_is_configurable_but_never_below_three(make_app):
    app = make_app(CLASS_MIN_SUBMISSIONS=1)
    client = app.test_client()
    dashboard = create_class(client)
    code = class_code(client.get(dashboard).get_data(as_text=True))
    for answers in ANSWER_SETS[:2]:
        student(app, code, answers)
    assert "visas när minst 3 elever" in client.get(dashboard).get_data(as_text=True)
    student(app, code, ANSWER_SETS[2])
    assert "Partierna mot klassens samlade svar" in client.get(dashboard).get_data(as_text=True)


def test_resubmission_from_the_same_phone_replaces_the_answers(app, client):
    dashboard = create_class(client)
    code = class_code(client.get(dashboard).get_data(as_text=True))
    phone = student(app, code, ["2", "2", "2", "2"])
    html = take_quiz(phone, code, ["-2", "-2", "-2", "-2"]).get_data(as_text=True)
    assert submit_from_result(phone, html).status_code == 200
    with app.app_context():
        states = db.session.execute(db.select(ClassSubmission.state)).scalars().all()
    assert states == ["aaaa"]
    assert "1 elev har skickat in" in client.get(dashboard).get_data(as_text=True)


def test_two_classes_stay_isolated(app):
    teacher_a, teacher_b = app.test_client(), app.test_client()
    dash_a, dash_b = create_class(teacher_a), create_class(teacher_b, kommun="solna")
    code_a = class_code(teacher_a.get(dash_a).get_data(as_text=True))
    code_b = class_code(teacher_b.get(dash_b).get_data(as_text=True))
    assert code_a != code_b and dash_a != dash_b
    for answers in ANSWER_SETS:
        student(app, code_a, answers)
    student(app, code_b, ANSWER_SETS[0])
    assert "5 elever har skickat in" in teacher_a.get(dash_a).get_data(as_text=True)
    html_b = teacher_b.get(dash_b).get_data(as_text=True)
    assert "1 elev har skickat in" in html_b and "Alfapartiet" not in html_b
    # class B compares with Solna's parties only
    for answers in ANSWER_SETS[1:]:
        student(app, code_b, answers)
    html_b = teacher_b.get(dash_b).get_data(as_text=True)
    assert "Alfapartiet" in html_b and "Betapartiet" not in html_b
    # one teacher's link is not the other's; deleting B leaves A whole
    page = teacher_b.get(dash_b).get_data(as_text=True)
    assert teacher_b.post(dash_b + "/radera", data={"csrf_token": csrf(page)}).status_code == 200
    assert teacher_b.get(dash_b).status_code == 404
    assert "5 elever har skickat in" in teacher_a.get(dash_a).get_data(as_text=True)


def test_wrong_teacher_links_are_plain_404s(client):
    create_class(client)
    for path in ("/larare/" + "x" * 43, "/larare/kort", "/larare/" + "x" * 43 + "/klass.csv"):
        response = client.get(path)
        assert response.status_code == 404
        assert "Sidan finns inte" in response.get_data(as_text=True)


def test_wrong_or_expired_code_gets_a_clear_message(app, client):
    dashboard = create_class(client)
    code = class_code(client.get(dashboard).get_data(as_text=True))
    phone = app.test_client()
    response = join(phone, "XXXXXX")
    assert response.status_code == 404
    assert "Vi hittar ingen pågående klass med koden" in response.get_data(as_text=True)
    with app.app_context():
        session = db.session.execute(db.select(ClassSession)).scalar_one()
        session.expires_at = operations.utcnow() - timedelta(seconds=1)
        db.session.commit()
    response = join(phone, code)
    assert response.status_code == 404 and "Vi hittar ingen pågående klass" in response.get_data(as_text=True)
    assert client.get(dashboard).status_code == 404


def test_expiry_and_purge_delete_every_row(app, client, runner):
    dashboard = create_class(client)
    code = class_code(client.get(dashboard).get_data(as_text=True))
    for answers in ANSWER_SETS[:2]:
        student(app, code, answers)
    keep = create_class(app.test_client())
    with app.app_context():
        old = db.session.execute(db.select(ClassSession).where(ClassSession.code == code)).scalar_one()
        old.expires_at = operations.utcnow() - timedelta(minutes=1)
        db.session.commit()
    result = runner.invoke(args=["classes", "purge"])
    assert result.exit_code == 0 and "1 expired class(es) deleted" in result.output
    with app.app_context():
        assert db.session.execute(db.select(db.func.count()).select_from(ClassSubmission)).scalar() == 0
        assert db.session.execute(db.select(ClassSession.code)).scalars().all() != [code]
        assert db.session.execute(db.select(db.func.count()).select_from(ClassSession)).scalar() == 1
    assert client.get(dashboard).status_code == 404
    assert client.get(keep).status_code == 200


def test_default_expiry_is_fourteen_days(app, client):
    create_class(client)
    with app.app_context():
        session = db.session.execute(db.select(ClassSession)).scalar_one()
        lifetime = operations.as_utc(session.expires_at) - operations.as_utc(session.created_at)
    assert lifetime == timedelta(days=14)


def test_teacher_deletes_the_class_at_once(app, client):
    dashboard = create_class(client)
    code = class_code(client.get(dashboard).get_data(as_text=True))
    student(app, code, ANSWER_SETS[0])
    page = client.get(dashboard).get_data(as_text=True)
    response = client.post(dashboard + "/radera", data={"csrf_token": csrf(page)})
    assert "Klassen är raderad" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(db.select(db.func.count()).select_from(ClassSubmission)).scalar() == 0
        assert db.session.execute(db.select(db.func.count()).select_from(ClassSession)).scalar() == 0


def test_state_changing_forms_are_rejected_without_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    assert client.post("/larare/ny", data={"quiz": "mini", "kommun": "alla"}).status_code == 400
    dashboard = create_class(client)
    code = class_code(client.get(dashboard).get_data(as_text=True))
    assert client.post(dashboard + "/radera", data={}).status_code == 400
    phone = app.test_client()
    html = take_quiz(phone, code, ["2", "2", "2", "2"]).get_data(as_text=True)
    response = phone.post(f"/klass/{code}/svar", data={"state": hidden_state(html)})
    assert response.status_code == 400
    assert client.get(dashboard).status_code == 200  # still there
    with app.app_context():
        assert db.session.execute(db.select(db.func.count()).select_from(ClassSubmission)).scalar() == 0


def test_submitting_tampered_answers_is_a_clear_400(app, client):
    code = class_code(client.get(create_class(client)).get_data(as_text=True))
    phone = app.test_client()
    html = take_quiz(phone, code, ["2", "2", "2", "2"]).get_data(as_text=True)
    action = f"/klass/{code}/svar"
    response = phone.post(action, data={"csrf_token": csrf(html), "state": "zzzzzz", "klass": class_value(html)})
    assert response.status_code == 400 and "går inte att läsa" in response.get_data(as_text=True)


def test_join_attempts_are_rate_limited_per_client_without_storing_the_address(make_app, steady_clock):
    app = make_app(JOIN_ATTEMPTS_PER_MINUTE=3)
    client = app.test_client()
    dashboard = create_class(client)
    code = class_code(client.get(dashboard).get_data(as_text=True))
    guesser = app.test_client()
    for _ in range(3):
        assert join(guesser, "AAAAAA").status_code == 404
    response = join(guesser, code)  # even the right code is refused now
    assert response.status_code == 429
    assert "för många försök" in response.get_data(as_text=True).lower()
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert join(other, code).status_code == 303
    with app.app_context():
        keys = db.session.execute(db.select(JoinAttempt.client_hash)).scalars().all()
    assert keys and all("127.0.0.1" not in k and len(k) == 64 for k in keys)


def test_old_rate_limit_windows_are_deleted(app):
    with app.app_context():
        now = operations.utcnow()
        clients.record_failed_attempt("a" * 64, now - timedelta(minutes=5))
        clients.record_failed_attempt("a" * 64, now)
        clients.record_failed_attempt("a" * 64, now)
        rows = db.session.execute(db.select(JoinAttempt.minute, JoinAttempt.count)).all()
    assert len(rows) == 1 and rows[0][1] == 2


def test_csv_export_opens_in_swedish_excel_one_row_per_statement_and_party(app, client):
    dashboard = create_class(client)
    code = class_code(client.get(dashboard).get_data(as_text=True))
    for answers in ANSWER_SETS:
        student(app, code, answers)
    response = client.get(dashboard + "/klass.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(response)
    statements = [r for r in rows if r["rad"] == "påstående"]
    parties = [r for r in rows if r["rad"] == "parti"]
    assert [r["id"] for r in statements] == ["lagenheter", "vrakningar", "krav", "avgifter"]
    assert [r["nummer"] for r in statements] == ["1", "2", "3", "4"]
    first = statements[0]
    assert first["påstående"] == "Kommunen ska bygga fler sociala lägenheter."
    assert first["Helt för (≈ elever)"] == "4" and first["Delvis för (≈ elever)"] == "1"
    assert first["Helt emot (≈ elever)"] == "0" and first["hoppade över (≈ elever)"] == "0"
    assert first["medelvärde (-2 till 2)"] == "1,80"  # a decimal comma, as Swedish Excel reads numbers
    assert float(first["spridning (0–1)"].replace(",", ".")) > 0
    assert statements[3]["hoppade över (≈ elever)"] == "1"
    assert all(r["parti"] == "" and r["matchning med klassens svar (%)"] == "" for r in statements)
    assert {r["parti"] for r in parties} == {"Alfapartiet", "Betapartiet", "Gammapartiet"}
    assert all(r["påstående"] == "" and r["Helt för (≈ elever)"] == "" for r in parties)
    assert all(0 <= float(r["matchning med klassens svar (%)"].replace(",", ".")) <= 100 for r in parties)
    assert {r["elever som skickat in"] for r in rows} == {"5"}
    with app.app_context():
        states = db.session.execute(db.select(ClassSubmission.state)).scalars().all()
    text = response.get_data(as_text=True)
    assert not any(state in text for state in states)


def test_join_page_fills_in_the_code_from_the_qr_link(client):
    html = client.get("/klass?kod=k7mx3t").get_data(as_text=True)
    assert 'value="K7MX3T"' in html and "Gå med" in html


def test_teacher_guide_has_a_lesson_plan_questions_per_topic_limits_and_privacy(client):
    assert 'href="/larare/guide"' in client.get("/larare").get_data(as_text=True)
    html = client.get("/larare/guide").get_data(as_text=True)
    assert "Lektionsupplägg, 45 minuter" in html and "40–45 minuter" in html
    topics = re.findall(r"<dt>([^<]+)</dt>", html)
    assert topics == ["Boende", "Stöd"]  # the quiz's own topics
    assert "Är bostad en rättighet" in html  # boende has its own questions; Stöd gets the general ones
    assert "Vilket påstående inom det här ämnet var svårast" in html
    for limit in ("Okända ståndpunkter.", "Vikter.", "Bara socialpolitik."):
        assert limit in html
    assert "Vi sparar inte deras IP-adress" in html and "minst 5 elever" in html and "efter 14 dagar" in html


def test_every_topic_of_the_real_quiz_has_its_own_discussion_questions():
    import yaml

    from quiz.classroom.lesson import DISCUSSION_QUESTIONS
    from tests.conftest import ROOT

    quiz = yaml.safe_load((ROOT / "statements" / "socialpolitik" / "quiz.yaml").read_text())
    topics = {t["id"] for t in quiz["topics"]}
    assert topics == {"barn", "boende", "vald", "missbruk", "bistand", "personal", "lss", "nyanlanda", "regi"}
    assert topics <= set(DISCUSSION_QUESTIONS)



def test_class_pages_say_what_is_stored_there_not_that_nothing_is(app, client):
    """Issue 15.8: "Dina svar sparas inte och skickas inte till någon" stood under "Dina svar är skickade"."""
    dashboard = create_class(client)
    code = class_code(client.get(dashboard).get_data(as_text=True))
    phone = app.test_client()
    submitted = submit_from_result(phone, take_quiz(phone, code, ["2", "2", "2", "2"]).get_data(as_text=True))
    html = submitted.get_data(as_text=True)
    assert "Dina svar är skickade" in html
    assert "Dina svar sparas inte" not in html
    assert "Svaren du skickade till klassen sparas slumpade och utan namn tills klassen raderas." in html
    for path in (dashboard, "/klass", "/larare", "/larare/guide"):
        page = client.get(path).get_data(as_text=True)
        assert "Dina svar sparas inte" not in page and "I klassläget sparas bara de svar" in page, path
    assert "Dina svar sparas inte och skickas inte till någon." in client.get("/").get_data(as_text=True)


def test_the_projector_view_has_its_own_read_only_link_that_refreshes_itself(app, client):
    """Issue 15.9: the dashboard on the wall showed the private teacher address and "Radera klassen"."""
    dashboard = create_class(client)
    html = client.get(dashboard).get_data(as_text=True)
    code = class_code(html)
    link = projector_link(html)
    token = dashboard.rsplit("/", 1)[1]
    assert token not in link
    wall = app.test_client()  # the projector's browser need not be the teacher's
    response = wall.get(link)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert token not in page and "Radera klassen" not in page and "/radera" not in page and "csrf_token" not in page
    assert code in page and '<svg class="qr"' in page and "0 elever har skickat in" in page
    assert f'<a class="button link" href="{link}">Uppdatera</a>' in page  # without JavaScript
    assert '<div id="live" data-refresh-seconds="15">' in page
    assert '<script src="/static/classroom.js' in page and "<script>" not in page
    for answers in ANSWER_SETS:
        student(app, code, answers)
    page = wall.get(link).get_data(as_text=True)
    assert "5 elever har skickat in" in page and "Partierna mot klassens samlade svar" in page
    assert "klass.csv" not in page
    # a key is bound to its class: a made-up one, or another class's, is a plain 404
    other = class_code(client.get(create_class(client)).get_data(as_text=True))
    assert wall.get(link.replace(code, other)).status_code == 404
    assert wall.get(link[:-2] + "xx").status_code == 404
    page = client.get(dashboard).get_data(as_text=True)
    client.post(dashboard + "/radera", data={"csrf_token": csrf(page)})
    assert wall.get(link).status_code == 404


def test_a_projector_link_with_non_ascii_in_it_is_a_plain_404_not_a_500(app, client):
    """hmac.compare_digest takes str only when it is ASCII: a key (or code) like "éééé" raised
    TypeError, a 500, before the key was compared as bytes."""
    link = projector_link(client.get(create_class(client)).get_data(as_text=True))
    code, key = link.split("/")[2:]
    wall = app.test_client()
    for path in (f"/visning/{code}/éééé", f"/visning/ÅÄÖÅÄÖ/{key}", "/visning/ÅÄÖÅÄÖ/éééé"):
        response = wall.get(path)
        assert response.status_code == 404, path
        assert "Sidan finns inte" in response.get_data(as_text=True)


def test_a_submit_url_with_the_code_in_lower_case_is_a_404_not_a_second_device(app, client):
    """The device cookie's path is /klass/<CODE> and cookie paths match case-sensitively, so a
    phone posting to /klass/<code>/svar did not send its cookie and was counted a second time.
    The forms always post the canonical code; any other spelling is refused and nothing changes."""
    dashboard = create_class(client)
    code = class_code(client.get(dashboard).get_data(as_text=True))
    phone = student(app, code, ["2", "2", "2", "2"])
    html = take_quiz(phone, code, ["-2", "-2", "-2", "-2"]).get_data(as_text=True)
    action = re.search(r'<form method="post" action="(/klass/[A-Z0-9]{6}/svar[^"]*)"', html).group(1)
    assert f"/klass/{code}/svar" in action
    # codes are drawn from letters and digits, so a code's tail (or all of it) can be digits only;
    # a spelling that lower-casing leaves unchanged is the canonical code, not another spelling
    spellings = [s for s in dict.fromkeys((code.lower(), code[:3] + code[3:].lower(), f"{code[:3]}-{code[3:]}"))
                 if s != code]
    for spelling in spellings:
        response = phone.post(action.replace(code, spelling), data={"csrf_token": csrf(html), "state": hidden_state(html),
                                                                    "klass": class_value(html)})
        assert response.status_code == 404, spelling
        assert "Dina svar skickades inte" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(db.select(ClassSession.submissions)).scalar_one() == 1
        assert db.session.execute(db.select(ClassSubmission.state)).scalars().all() == ["eeee"]
    assert "1 elev har skickat in" in client.get(dashboard).get_data(as_text=True)


def test_the_english_csv_has_english_scale_labels_and_statements(app, client):
    """With ?lang=en the headers were English but the scale labels (and the statements) stayed
    Swedish; the CSV now uses the dashboard's helpers (scale_label, localized)."""
    dashboard = create_class(client)
    code = class_code(client.get(dashboard).get_data(as_text=True))
    for answers in ANSWER_SETS:
        student(app, code, answers)
    rows = csv_rows(client.get(dashboard + "/klass.csv?lang=en"))
    header = list(rows[0])
    assert header[4:9] == [f"{label} (≈ students)" for label in ("Strongly disagree", "Somewhat disagree", "Neutral", "Somewhat agree", "Strongly agree")]
    assert not any(swedish in column for column in header for swedish in ("Helt för", "Delvis emot", "Helt emot"))
    statements = [r for r in rows if r[header[0]] == rows[0][header[0]]][:4]
    texts = {r[header[3]] for r in statements}
    assert "The municipality should build more social flats." in texts
    assert "Kommunen ska stoppa alla vräkningar." in texts  # no translation: the Swedish text
    assert "Kommunen ska bygga fler sociala lägenheter." not in texts


def stored_rows(app) -> list:
    with app.app_context():
        return [
            sorted(tuple(row) for row in db.session.execute(db.select(*model.__table__.columns)).all())
            for model in (ClassSession, ClassSubmission, operations.ClassTally)
        ]


def test_a_phone_may_change_its_answers_once_a_third_send_is_a_clear_409_that_stores_nothing(app, client):
    """Each send is a fresh randomized draw of the answers, so a teacher reading the figures after
    every send learned more with each one (tests/test_class_privacy.py); a phone sends at most twice."""
    assert operations.MAX_SENDS_PER_DEVICE == 2
    dashboard = create_class(client)
    code = class_code(client.get(dashboard).get_data(as_text=True))
    phone = app.test_client()
    first = submit_from_result(phone, take_quiz(phone, code, ["2", "2", "2", "2"]).get_data(as_text=True))
    assert first.status_code == 200
    html = first.get_data(as_text=True)
    assert "skicka igen" not in html
    assert "Ändrar du dig kan du skicka en gång till från samma telefon" in html
    changed = take_quiz(phone, code, ["-2", "-2", "-2", "-2"]).get_data(as_text=True)
    second = submit_from_result(phone, changed)
    assert second.status_code == 200
    html = second.get_data(as_text=True)
    assert "Ändrar du dig" not in html and "fler gånger går det inte att skicka" in html
    with app.app_context():
        assert db.session.execute(db.select(ClassSubmission.sends)).scalar_one() == 2
    before = stored_rows(app)
    third = submit_from_result(phone, take_quiz(phone, code, ["1", "1", "1", "1"]).get_data(as_text=True))
    assert third.status_code == 409
    html = third.get_data(as_text=True)
    assert "redan skickat dina svar till klassen två gånger" in html and "allas svar förblir skyddade" in html
    assert stored_rows(app) == before  # nothing stored changed: not the answers, tallies, counts or times
    action = re.search(r'<form method="post" action="(/klass/[A-Z0-9]{6}/svar[^"]*)"', changed).group(1)
    english = phone.post(action + ("&" if "?" in action else "?") + "lang=en",
                         data={"csrf_token": csrf(changed), "state": hidden_state(changed), "klass": class_value(changed)})
    assert english.status_code == 409
    assert "already sent your answers to the class twice" in english.get_data(as_text=True)
    assert stored_rows(app) == before
    assert "1 elev har skickat in" in client.get(dashboard).get_data(as_text=True)


def test_a_teacher_chooses_the_municipality_as_voters_do_with_party_counts(client):
    html = client.get("/larare").get_data(as_text=True)
    assert 'class="choices municipality-choices"' in html
    assert re.search(r'value="alla" checked', html)  # a class compares every platform by default
    assert re.search(r"\d+ part(i|ier)</small>", html)
