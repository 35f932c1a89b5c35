"""Class mode: a teacher's class, students joining and submitting anonymously, the dashboard.

Every test runs on SQLite and, with ``TEST_DATABASE_URL``, on PostgreSQL.
"""

from __future__ import annotations

import re
from datetime import timedelta


from quiz import classes
from quiz.extensions import db
from quiz.models import ClassSession, ClassSubmission, JoinAttempt
from tests.conftest import hidden_state


def csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def create_class(client, kommun="alla") -> str:
    """Follow "För lärare" and press "Skapa klass"; returns the teacher's dashboard path."""
    start = client.get("/").get_data(as_text=True)
    assert 'href="/larare"' in start
    page = client.get("/larare").get_data(as_text=True)
    response = client.post("/larare/ny", data={"csrf_token": csrf(page), "quiz": "mini", "kommun": kommun})
    assert response.status_code == 303
    return response.headers["Location"]


def class_code(html: str) -> str:
    return re.search(r'<p class="join-code"[^>]*>([A-Z0-9]{6})</p>', html).group(1)


def join(client, code: str):
    page = client.get("/klass").get_data(as_text=True)
    return client.post("/klass", data={"csrf_token": csrf(page), "kod": code})


def take_quiz(client, code: str, answers: list[str]):
    """Join with the code and answer every statement ("" = skip); returns the result page."""
    response = join(client, code)
    assert response.status_code == 303, response.get_data(as_text=True)
    page = client.get(response.headers["Location"])
    html = page.get_data(as_text=True)
    version = re.search(r'action="/q/mini/([^/]+)/svar"', html).group(1)
    for number, answer in enumerate(answers, start=1):
        data = {"state": hidden_state(html), "position": number, "kommun": re.search(r'name="kommun" value="([^"]*)"', html).group(1)}
        klass = re.search(r'name="klass" value="([^"]*)"', html)
        if klass:
            data["klass"] = klass.group(1)
        if answer:
            data.update(answer=answer, action="next")
        else:
            data.update(action="skip")
        page = client.post(f"/q/mini/{version}/svar", data=data)
        html = page.get_data(as_text=True)
    return page


def submit_from_result(client, result_html: str):
    action = re.search(r'<form method="post" action="(/klass/[A-Z0-9]{6}/svar[^"]*)"', result_html).group(1)
    return client.post(action, data={"csrf_token": csrf(result_html), "state": hidden_state(result_html)})


def student(app, code, answers):
    """A new phone: its own cookie jar."""
    client = app.test_client()
    result = take_quiz(client, code, answers)
    html = result.get_data(as_text=True)
    assert "Skicka dina svar anonymt till klassen" in html
    response = submit_from_result(client, html)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "Dina svar är skickade" in response.get_data(as_text=True)
    return client


ANSWER_SETS = [["2", "2", "-2", "1"], ["2", "1", "2", "1"], ["2", "-2", "-2", "1"], ["1", "-2", "2", ""], ["2", "2", "0", "1"]]


def test_teacher_creates_a_class_and_gets_code_qr_and_private_link(client):
    dashboard = create_class(client)
    assert re.fullmatch(r"/larare/[A-Za-z0-9_-]{43}", dashboard)
    response = client.get(dashboard)
    html = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "private, no-store"
    code = class_code(html)
    assert set(code) <= set(classes.CODE_ALPHABET) and not set(code) & set("0OQ1IL2Z5S8B6G")
    assert f"/klass?kod={code}" in html  # the QR code's URL
    assert '<svg class="qr" role="img"' in html
    assert "0 elever har skickat in" in html
    assert "<script src=" in html and "<script>" not in html
    with client.application.app_context():
        stored = db.session.execute(db.select(ClassSession)).scalar_one()
        assert stored.teacher_token_hash != dashboard.rsplit("/", 1)[1]
        assert stored.teacher_token_hash == classes.sha256(dashboard.rsplit("/", 1)[1])


def test_student_joins_takes_the_quiz_and_submits_anonymously(app, client):
    code = class_code(client.get(create_class(client)).get_data(as_text=True))
    phone = app.test_client()
    response = join(phone, code.lower())  # typed in lower case: still the class
    location = response.headers["Location"]
    assert f"klass={code}" in location and "/q/mini/" in location
    statement = phone.get(location).get_data(as_text=True)
    assert f'name="klass" value="{code}"' in statement
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
        assert row.device_hash == classes.sha256(device)
        assert {c.name for c in ClassSubmission.__table__.columns} == {"id", "class_id", "device_hash", "state", "submitted_at"}


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
    assert "Klassens genomsnitt per parti" not in html and "mest oenig" not in html
    assert "Alfapartiet" not in html
    csv_text = client.get(dashboard + "/klass.csv").get_data(as_text=True)
    assert "fördelning" not in csv_text and "parti" not in csv_text.splitlines()[-1]

    student(app, code, ANSWER_SETS[4])
    html = client.get(dashboard).get_data(as_text=True)
    assert "5 elever har skickat in" in html
    assert "Klassens genomsnitt per parti" in html and "Alfapartiet" in html
    assert "Här är klassen mest oenig" in html and "Här är klassen mest enig" in html
    # statement 4: every answer "Delvis för" (one skipped); statement 1 all for; 2 and 3 split
    divided = html.split("mest oenig")[1].split("</ul>")[0]
    united = html.split("mest enig")[1].split("</ul>")[0]
    assert "4. Kommunen ska ta bort avgifterna i hemtjänsten." in united and "för: 4 · emot: 0 · neutralt: 0" in united
    assert "1. Kommunen ska bygga fler sociala lägenheter." in united and "för: 5 · emot: 0 · neutralt: 0" in united
    assert "3. Försörjningsstöd ska ha tydliga krav." in divided and "för: 2 · emot: 2 · neutralt: 1" in divided
    assert united.index("4. Kommunen") < united.index("1. Kommunen")


def test_the_figures_grow_in_whole_groups_so_one_new_student_changes_nothing(app, client):
    dashboard = create_class(client)
    code = class_code(client.get(dashboard).get_data(as_text=True))
    for answers in ANSWER_SETS:
        student(app, code, answers)
    before = client.get(dashboard).get_data(as_text=True)
    student(app, code, ["-2", "-2", "-2", "-2"])
    after = client.get(dashboard).get_data(as_text=True)
    assert "6 elever har skickat in" in after and "bygger på de första 5 svaren" in after

    def figures(html):
        return html.split('id="divided-title"')[1].split('id="teacher-link-title"')[0]

    assert figures(after) == figures(before)  # the sixth student's answers cannot be read off a change


def test_threshold_is_configurable_but_never_below_three(make_app):
    app = make_app(CLASS_MIN_SUBMISSIONS=1)
    client = app.test_client()
    dashboard = create_class(client)
    code = class_code(client.get(dashboard).get_data(as_text=True))
    for answers in ANSWER_SETS[:2]:
        student(app, code, answers)
    assert "visas när minst 3 elever" in client.get(dashboard).get_data(as_text=True)
    student(app, code, ANSWER_SETS[2])
    assert "Klassens genomsnitt per parti" in client.get(dashboard).get_data(as_text=True)


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
        session.expires_at = classes.utcnow() - timedelta(seconds=1)
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
        old.expires_at = classes.utcnow() - timedelta(minutes=1)
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
        lifetime = classes.as_utc(session.expires_at) - classes.as_utc(session.created_at)
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
    response = phone.post(action, data={"csrf_token": csrf(html), "state": "zzzzzz"})
    assert response.status_code == 400 and "går inte att läsa" in response.get_data(as_text=True)


def test_join_attempts_are_rate_limited_per_client_without_storing_the_address(make_app):
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
        now = classes.utcnow()
        classes.record_failed_attempt("a" * 64, now - timedelta(minutes=5))
        classes.record_failed_attempt("a" * 64, now)
        classes.record_failed_attempt("a" * 64, now)
        rows = db.session.execute(db.select(JoinAttempt.minute, JoinAttempt.count)).all()
    assert len(rows) == 1 and rows[0][1] == 2


def test_csv_export_holds_aggregates_never_individual_rows(app, client):
    dashboard = create_class(client)
    code = class_code(client.get(dashboard).get_data(as_text=True))
    for answers in ANSWER_SETS:
        student(app, code, answers)
    response = client.get(dashboard + "/klass.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    text = response.get_data(as_text=True)
    assert "inskickade,,,,5," in text
    assert "fördelning,lagenheter,Kommunen ska bygga fler sociala lägenheter.,Helt för,4,2" in text
    for answers in ANSWER_SETS:
        assert "".join("eb" for _ in answers) not in text
    with app.app_context():
        states = db.session.execute(db.select(ClassSubmission.state)).scalars().all()
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

    from quiz.lesson import DISCUSSION_QUESTIONS
    from tests.conftest import ROOT

    quiz = yaml.safe_load((ROOT / "statements" / "socialpolitik" / "quiz.yaml").read_text())
    topics = {t["id"] for t in quiz["topics"]}
    assert topics == {"barn", "boende", "vald", "missbruk", "bistand", "personal", "lss", "nyanlanda", "regi"}
    assert topics <= set(DISCUSSION_QUESTIONS)

