"""Class mode under attack and under failure: what leaks, who can lock whom out, what an outage looks like.

Each test here failed before the fix it guards (issue 14).
"""

from __future__ import annotations

import logging
import re

from sqlalchemy import text

from quiz.extensions import db
from quiz.store.models import ClassSubmission
from tests.helpers.forms import answers_in, checked, hidden_state
from tests.helpers.classroom import (
    class_code, class_value, create_class, join, student_result, submit_from_result, take_quiz,
)
from tests.helpers.forms import csrf


def test_class_pages_send_no_referrer_not_the_site_wide_same_origin(app, client):
    dashboard = create_class(client)
    code = class_code(client.get(dashboard).get_data(as_text=True))
    for path in (dashboard, dashboard + "/klass.csv", "/klass", f"/klass?kod={code}", "/larare"):
        assert client.get(path).headers["Referrer-Policy"] == "no-referrer", path
    assert client.get("/").headers["Referrer-Policy"] == "same-origin"


def test_a_failing_class_write_does_not_put_the_answers_in_the_log(app, client, caplog):
    code = class_code(client.get(create_class(client)).get_data(as_text=True))
    phone = app.test_client()
    html = take_quiz(phone, code, ["2", "-1", "0", "1"]).get_data(as_text=True)
    state = hidden_state(html)
    assert answers_in(html) == "ebcd"
    with app.app_context():
        db.session.execute(text("DROP TABLE class_submission"))
        db.session.commit()
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the error is logged, not raised
    try:
        with caplog.at_level(logging.DEBUG):
            response = submit_from_result(phone, html)
    finally:
        with app.app_context():  # the database is shared by the session's tests
            ClassSubmission.__table__.create(db.engine)
    assert response.status_code >= 500
    logged = "\n".join(r.getMessage() + "\n" + (logging.Formatter().formatException(r.exc_info) if r.exc_info else "")
                       for r in caplog.records)
    assert "class_submission" in logged  # the failure itself is logged, so an operator sees it
    assert f"'{state}'" not in logged and "[parameters:" not in logged


def behind_proxy(app, address: str):
    """A phone whose requests reach the app through nginx: the peer is 127.0.0.1, the client in X-Forwarded-For."""
    client = app.test_client()
    client.environ_base.update(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address)
    return client


def test_behind_a_proxy_one_guesser_does_not_lock_out_a_class(make_app, steady_clock):
    app = make_app(TRUSTED_PROXY_COUNT=1)
    teacher = behind_proxy(app, "198.51.100.50")
    dashboard = create_class(teacher)
    code = class_code(teacher.get(dashboard).get_data(as_text=True))
    guesser = behind_proxy(app, "198.51.100.66")
    statuses = [join(guesser, "AAAAAA").status_code for _ in range(100)]
    assert statuses[:20] == [404] * 20 and set(statuses[20:]) == {429}
    assert join(guesser, code).status_code == 429  # the guesser itself is stopped
    phone = behind_proxy(app, "203.0.113.9")
    html = take_quiz(phone, code, ["2", "2", "2", "2"]).get_data(as_text=True)
    assert "Skicka dina svar anonymt till klassen" in html
    assert submit_from_result(phone, html).status_code == 200
    assert "1 elev har skickat in" in teacher.get(dashboard).get_data(as_text=True)


def test_without_trusted_proxies_a_forged_forwarded_for_does_not_buy_new_attempts(make_app, steady_clock):
    app = make_app(JOIN_ATTEMPTS_PER_MINUTE=3)  # TRUSTED_PROXY_COUNT unset: 0, trust no header
    guesser = app.test_client()
    for n in range(3):
        guesser.environ_base["HTTP_X_FORWARDED_FOR"] = f"192.0.2.{n}"
        assert join(guesser, "AAAAAA").status_code == 404
    guesser.environ_base["HTTP_X_FORWARDED_FOR"] = "192.0.2.200"
    refused = join(guesser, "AAAAAA")
    assert refused.status_code == 429 and "Du har gjort för många försök. Vänta en stund och försök igen." in refused.get_data(as_text=True)
    # When the count starts over: the rest of this minute (the clock is held at hh:30:30).
    assert refused.headers["Retry-After"] == "30"


def test_addresses_in_one_ipv6_network_share_a_bucket(make_app, steady_clock):
    """An IPv6 client usually holds a whole /64: counting per address would give it endless attempts."""
    app = make_app(JOIN_ATTEMPTS_PER_MINUTE=3, TRUSTED_PROXY_COUNT=1)
    for n in range(3):
        assert join(behind_proxy(app, f"2001:db8:1:2::{n + 1:x}"), "AAAAAA").status_code == 404
    refused = join(behind_proxy(app, "2001:db8:1:2:ffff::9"), "AAAAAA")
    assert refused.status_code == 429 and "Du har gjort för många försök. Vänta en stund och försök igen." in refused.get_data(as_text=True)
    other_network = join(behind_proxy(app, "2001:db8:1:3::1"), "AAAAAA")
    assert other_network.status_code == 404 and "Vi hittar ingen pågående klass med koden" in other_network.get_data(as_text=True)


def test_one_client_dropping_its_cookie_cannot_stuff_a_class(make_app):
    app = make_app(CLASS_MAX_SUBMISSIONS=8)
    teacher = app.test_client()
    dashboard = create_class(teacher)
    code = class_code(teacher.get(dashboard).get_data(as_text=True))
    stuffer, html = student_result(app, code)
    statuses = []
    for _ in range(12):
        statuses.append(submit_from_result(stuffer, html).status_code)  # the same CSRF token every time
        stuffer.delete_cookie(f"klass_{code}", path=f"/klass/{code}")  # and a new "device" each time
    assert statuses == [200] * 8 + [409] * 4
    refused = submit_from_result(stuffer, html)
    assert "Klassen är full" in refused.get_data(as_text=True)
    assert "8 elever har skickat in" in teacher.get(dashboard).get_data(as_text=True)


def test_a_full_class_still_takes_resubmissions_from_its_students(make_app):
    app = make_app(CLASS_MAX_SUBMISSIONS=2)
    teacher = app.test_client()
    dashboard = create_class(teacher)
    code = class_code(teacher.get(dashboard).get_data(as_text=True))
    first, first_html = student_result(app, code)
    assert submit_from_result(first, first_html).status_code == 200
    second, second_html = student_result(app, code)
    assert submit_from_result(second, second_html).status_code == 200
    third, third_html = student_result(app, code)
    refused = submit_from_result(third, third_html)
    assert refused.status_code == 409 and "Klassen är full" in refused.get_data(as_text=True)
    resent = submit_from_result(first, first_html)  # same phone: replaces its answers
    assert resent.status_code == 200 and "Dina svar är skickade" in resent.get_data(as_text=True)
    with app.app_context():
        rows = db.session.execute(db.select(ClassSubmission.sends)).scalars().all()
    assert sorted(rows) == [1, 2]  # two phones, the first one's answers replaced, the third's never stored
    assert "2 elever har skickat in" in teacher.get(dashboard).get_data(as_text=True)


def test_a_class_of_35_sending_within_one_minute_is_never_refused(app):
    teacher = app.test_client()
    dashboard = create_class(teacher, size=35)
    code = class_code(teacher.get(dashboard).get_data(as_text=True))
    phones = [student_result(app, code) for _ in range(35)]
    assert [submit_from_result(phone, html).status_code for phone, html in phones] == [200] * 35
    assert "35 elever har skickat in" in teacher.get(dashboard).get_data(as_text=True)


def test_sends_to_one_class_are_limited_per_minute_with_retry_after(make_app):
    app = make_app(CLASS_SUBMISSIONS_PER_MINUTE=5)
    teacher = app.test_client()
    code = class_code(teacher.get(create_class(teacher)).get_data(as_text=True))
    other = class_code(teacher.get(create_class(teacher)).get_data(as_text=True))
    phones = [student_result(app, code) for _ in range(6)]  # one phone may send only twice
    assert [submit_from_result(phone, html).status_code for phone, html in phones[:5]] == [200] * 5
    refused = submit_from_result(*phones[5])
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "60"
    assert "Vänta en minut" in refused.get_data(as_text=True)
    elsewhere, elsewhere_html = student_result(app, other)  # another class is not affected
    assert submit_from_result(elsewhere, elsewhere_html).status_code == 200


def test_a_class_form_token_expires_after_a_school_day(make_app, monkeypatch):
    from itsdangerous import TimestampSigner

    app = make_app(WTF_CSRF_ENABLED=True)
    teacher = app.test_client()
    code = class_code(teacher.get(create_class(teacher)).get_data(as_text=True))
    phone, html = student_result(app, code)
    issued = TimestampSigner.get_timestamp(None)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: issued + 4 * 3600 + 1)
    response = submit_from_result(phone, html)
    assert response.status_code == 400 and "Formuläret är för gammalt" in response.get_data(as_text=True)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: issued + 3 * 3600)
    assert submit_from_result(phone, html).status_code == 200  # within a day's lessons


def test_the_dashboard_reads_the_same_rows_however_many_students_sent(app):
    """Its cost must stay flat: it reads the class row and the tallies (statements × options),
    never the submissions (before: every submission's row, and a score per student)."""
    from sqlalchemy import event

    from quiz.classroom import operations

    teacher = app.test_client()
    dashboard = create_class(teacher)
    code = class_code(teacher.get(dashboard).get_data(as_text=True))
    pq = app.extensions["catalog"].latest("mini")

    def read(path):
        seen = []

        def count(conn, cursor, statement, parameters, context, executemany):
            seen.append(statement)

        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert teacher.get(path).status_code == 200
        finally:
            with app.app_context():
                event.remove(db.engine, "before_cursor_execute", count)
        return seen

    costs = {}
    for target in (6, 40):
        with app.app_context():
            session = operations.find_by_code(code)
            for n in range(session.submissions, target):
                operations.submit(session, pq, f"device-{n}", checked("ebcd", pq.version), max_submissions=60, per_minute=1000)
        for path in (dashboard, dashboard + "/klass.csv"):
            statements = read(path)
            assert not any("class_submission" in s for s in statements), statements
            costs[(target, path)] = len(statements)
    assert costs[(6, dashboard)] == costs[(40, dashboard)]
    assert costs[(6, dashboard + "/klass.csv")] == costs[(40, dashboard + "/klass.csv")]


def test_with_the_database_down_class_pages_say_so_with_503_and_recover(app, client):
    from tests.helpers.database import database_down

    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production
    dashboard = create_class(client)
    page = client.get(dashboard).get_data(as_text=True)
    code = class_code(page)
    projector = re.search(r'href="(/visning/[^"?]+)', page).group(1)
    phone = app.test_client()
    result_html = take_quiz(phone, code, ["2", "1", "0", "-1"]).get_data(as_text=True)
    version = re.search(r'action="/q/mini/([^/]+)/', result_html).group(1)
    state = hidden_state(result_html)
    ticket = class_value(result_html)
    teacher_page = client.get("/larare").get_data(as_text=True)
    join_page = phone.get("/klass").get_data(as_text=True)

    def unavailable(response, english=False):
        html = response.get_data(as_text=True)
        assert response.status_code == 503, html[:300]
        assert int(response.headers["Retry-After"]) > 0
        assert response.headers["Cache-Control"].startswith("private, no-")
        if english:
            assert "The class cannot be reached right now" in html
        else:
            assert "Klassen går inte att nå just nu" in html and "försök igen" in html.lower()
        return html

    with database_down(app):
        unavailable(client.post("/larare/ny", data={"csrf_token": csrf(teacher_page), "quiz": "mini", "kommun": "alla", "storlek": "25"}))
        unavailable(client.get(dashboard))
        unavailable(client.get(dashboard + "?lang=en"), english=True)
        unavailable(client.get(dashboard + "/klass.csv"))
        unavailable(client.get(projector))
        unavailable(phone.post("/klass", data={"csrf_token": csrf(join_page), "kod": code}))
        unavailable(submit_from_result(phone, result_html))
        # The student's result: still shown, without the box that would send it, and saying why.
        for response in (
            phone.post(f"/q/mini/{version}/resultat", data={"state": state, "kommun": "alla", "klass": ticket}),
            phone.post(f"/q/mini/{version}/svar", data={"state": checked(answers_in(result_html)[:-1] + ".", version), "position": 4, "answer": "-1",
                                                         "action": "next", "kommun": "alla", "klass": ticket}),
        ):
            html = unavailable(response)
            assert "Alfapartiet" in html and 'class="ranking' in html
            assert "Skicka mina svar till klassen" not in html
    # back without a restart
    assert client.get(dashboard).status_code == 200
    again = take_quiz(phone, code, ["2", "1", "0", "-1"]).get_data(as_text=True)
    assert submit_from_result(phone, again).status_code == 200


def test_answers_sent_to_a_class_deleted_meanwhile_are_a_404_not_a_busy_class(app, client, monkeypatch):
    """The teacher deletes the class between the student's look-up and the store: "Klassen finns inte
    längre" (404), not "Många skickar just nu" (429)."""
    from quiz.classroom import operations

    code = class_code(client.get(create_class(client)).get_data(as_text=True))
    phone = app.test_client()
    html = take_quiz(phone, code, ["2", "-1", "0", "1"]).get_data(as_text=True)
    real_submit = operations.submit

    def deleted_first(session, *args, **kwargs):
        operations.delete_class(session)
        return real_submit(session, *args, **kwargs)

    monkeypatch.setattr(operations, "submit", deleted_first)
    response = submit_from_result(phone, html)
    assert response.status_code == 404 and "Klassen finns inte längre" in response.get_data(as_text=True)
