"""The class's join ticket and links bound to the class (issue 20.3, 20.7, 20.10).

Each test failed before its fix: one student typing wrong codes locked every phone behind the
school's address out of joining *and sending*, and the result page then dropped the class box
without a word; a made-up ``klass`` value cost every result page three database statements; an
old projector link showed whichever later class drew the same code.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from sqlalchemy import event

from quiz.classroom import operations
from quiz.extensions import db
from quiz.store.models import JoinAttempt
from tests.helpers.classroom import answer_statements, class_code, class_value, create_class, join, submit_from_result, take_quiz
from tests.helpers.forms import answers_in, csrf, fields, hidden_state


def join_link(dashboard_html: str) -> str:
    """The link the QR code holds (and the dashboard shows), as a path."""
    link = re.search(r'<a class="join-link" href="([^"]+)"', dashboard_html).group(1).replace("&amp;", "&")
    return link.split("//", 1)[1].split("/", 1)[1].join(["/", ""])


def join_by_link(client, link: str):
    """Open the QR code's link and press "Gå med" (the form carries what the link filled in)."""
    return client.post("/klass", data=fields(client.get(link).get_data(as_text=True)))


def result_of(client, start: str, answers: list[str]) -> str:
    """Answer every statement from ``start`` (a statement URL carrying the class)."""
    return answer_statements(client, client.get(start).get_data(as_text=True), answers).get_data(as_text=True)


def test_a_student_guessing_codes_does_not_lock_out_the_school_s_link_joins_and_sends(make_app, steady_clock):
    app = make_app(JOIN_ATTEMPTS_PER_MINUTE=3)  # every client here is 127.0.0.1: one school address
    teacher = app.test_client()
    dashboard = create_class(teacher)
    html = teacher.get(dashboard).get_data(as_text=True)
    code, link = class_code(html), join_link(html)
    early = app.test_client()  # joined before the guessing began
    start = join(early, code).headers["Location"]
    guesser = app.test_client()
    assert [join(guesser, "AAAAAA").status_code for _ in range(3)] == [404] * 3
    assert join(app.test_client(), code).status_code == 429  # a typed code is a guess: limited
    # ... but a join by the QR code or link is not a guess
    by_link = app.test_client()
    response = join_by_link(by_link, link)
    assert response.status_code == 303, response.get_data(as_text=True)[:400]
    for phone, path in ((early, start), (by_link, response.headers["Location"])):
        result = result_of(phone, path, ["2", "1", "0", "-1"])
        assert "Skicka dina svar anonymt till klassen" in result  # the box is there, not silently gone
        assert submit_from_result(phone, result).status_code == 200
    assert "2 elever har skickat in" in teacher.get(dashboard).get_data(as_text=True)


def test_a_send_the_app_cannot_check_says_why_and_so_does_the_result_page(app, client):
    dashboard = create_class(client)
    code = class_code(client.get(dashboard).get_data(as_text=True))
    phone = app.test_client()
    result = take_quiz(phone, code, ["2", "1", "0", "-1"]).get_data(as_text=True)
    ticket = class_value(result)
    action = f"/klass/{code}/svar"
    for forged in ("", code, ticket[:-2] + ("AA" if not ticket.endswith("AA") else "BB")):
        response = phone.post(action, data={"csrf_token": csrf(result), "state": hidden_state(result), "klass": forged})
        assert response.status_code == 400, forged
        assert "Länken till klassen går inte att kontrollera" in response.get_data(as_text=True)
    version = re.search(r'action="/q/mini/([^/]+)/', result).group(1)
    page = phone.post(f"/q/mini/{version}/resultat", data={"state": hidden_state(result), "klass": code}).get_data(as_text=True)
    assert "Dina svar kan inte skickas till klassen" in page and f"/klass?kod={code}" in page
    assert "Skicka mina svar till klassen" not in page
    english = phone.post(f"/q/mini/{version}/resultat?lang=en", data={"state": hidden_state(result), "klass": code})
    assert "cannot be sent to the class" in english.get_data(as_text=True)
    teacher_page = client.get(dashboard).get_data(as_text=True)
    client.post(dashboard + "/radera", data={"csrf_token": csrf(teacher_page)})
    page = phone.post(f"/q/mini/{version}/resultat", data={"state": hidden_state(result), "klass": ticket}).get_data(as_text=True)
    assert f"Klassen {code} finns inte längre" in page and "Skicka mina svar till klassen" not in page
    assert "Alfapartiet" in page  # the result itself is all there


@contextmanager
def statements_run(app):
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        with app.app_context():
            event.remove(db.engine, "before_cursor_execute", count)


def test_a_made_up_class_value_costs_the_result_page_no_database_statement(app, client):
    """Before: a rate-limit read, an upsert and a table-wide DELETE per result page."""
    code = class_code(client.get(create_class(client)).get_data(as_text=True))
    phone = app.test_client()
    result = take_quiz(phone, code, ["2", "1", "0", "-1"]).get_data(as_text=True)
    version = re.search(r'action="/q/mini/([^/]+)/', result).group(1)
    made_up = ("KKKKKK", "KKKKKK.1.AAAAAAAAAAAAAAAA", f"{code}.1.AAAAAAAAAAAAAAAA", "K7MX3T")
    with statements_run(app) as seen:
        for value in made_up:
            response = phone.post(f"/q/mini/{version}/resultat", data={"state": hidden_state(result), "klass": value})
            assert response.status_code == 200 and "Dina svar kan inte skickas till klassen" in response.get_data(as_text=True)
    assert seen == []
    with app.app_context():
        assert db.session.execute(db.select(db.func.count()).select_from(JoinAttempt)).scalar() == 0
    # a real ticket: one read by primary key, no write
    with statements_run(app) as seen:
        page = phone.post(f"/q/mini/{version}/resultat", data={"state": hidden_state(result), "klass": class_value(result)})
        assert "Skicka mina svar till klassen" in page.get_data(as_text=True)
    assert len(seen) == 1 and seen[0].lstrip().upper().startswith("SELECT")
    assert answers_in(result)


def test_an_old_projector_link_does_not_show_a_later_class_with_the_same_code(app, client, monkeypatch):
    dashboard = create_class(client)
    html = client.get(dashboard).get_data(as_text=True)
    code = class_code(html)
    old_link = re.search(r'href="(/visning/[^"?]+)', html).group(1)
    wall = app.test_client()
    assert wall.get(old_link).status_code == 200
    client.post(dashboard + "/radera", data={"csrf_token": csrf(html)})
    monkeypatch.setattr(operations, "new_code", lambda: code)  # the deleted class's code is drawn again
    later = create_class(client)
    later_html = client.get(later).get_data(as_text=True)
    assert class_code(later_html) == code
    assert wall.get(old_link).status_code == 404
    new_link = re.search(r'href="(/visning/[^"?]+)', later_html).group(1)
    assert new_link != old_link and wall.get(new_link).status_code == 200
