"""What one client can do to a class, bounded by what the teacher sees and can undo (issue 20.2).

Before: dropping its device cookie before each send, one client got 56 sends accepted in a minute
and filled a class of the default 60 (a 409 for every real student after it), and the teacher
could neither see it nor undo it. Now the teacher gives the class size and the class takes that
many phones plus 10 % (at least 2 more); the dashboard says when more phones than students have
sent; the teacher can close the class and discard the sends of the last minutes. A discarded send
stays as a tombstone with its phone's send count, so discarding never gives a phone a fresh draw.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from quiz.classroom import limits, operations
from quiz.web import clients
from quiz.extensions import db
from quiz.store.models import ClassSubmission
from tests.helpers.classroom import class_code, create_class, student, student_result, submit_from_result
from tests.helpers.forms import csrf


@pytest.mark.parametrize(("size", "maximum", "expected"), [
    (25, 60, 28), (10, 60, 12), (1, 60, 3), (30, 60, 33), (55, 60, 60), (60, 60, 60), (None, 60, 60), (100, 200, 110),
])
def test_the_cap_is_the_size_plus_ten_percent_at_least_two_never_above_the_maximum(size, maximum, expected):
    assert limits.cap(size, maximum) == expected


class Clock:
    """The class module's clock, moved by hand."""

    def __init__(self, monkeypatch):
        self.now = operations.utcnow()
        for module in (operations, limits, clients):  # sends per minute, creations per hour, look-ups
            monkeypatch.setattr(module, "utcnow", lambda: self.now)

    def advance(self, minutes: float) -> None:
        self.now += timedelta(minutes=minutes)


def test_one_client_dropping_its_cookie_is_bounded_seen_and_undone(app, monkeypatch):
    clock = Clock(monkeypatch)
    teacher = app.test_client()
    dashboard = create_class(teacher, size=25)
    code = class_code(teacher.get(dashboard).get_data(as_text=True))
    assert "högst 28 telefoner" in teacher.get(dashboard).get_data(as_text=True)
    students = [student_result(app, code) for _ in range(25)]
    for phone, html in students[:20]:
        assert submit_from_result(phone, html).status_code == 200
    clock.advance(12)  # the lesson goes on; then one client sends over and over, dropping its cookie
    stuffer, html = student_result(app, code)
    statuses = []
    for _ in range(60):
        statuses.append(submit_from_result(stuffer, html).status_code)
        stuffer.delete_cookie(f"klass_{code}", path=f"/klass/{code}")
    assert statuses.count(200) == 8 and statuses[8:] == [409] * 52  # before: 56 of 60 in a minute
    page = teacher.get(dashboard).get_data(as_text=True)
    assert "28 elever har skickat in" in page
    assert "Fler telefoner har skickat in (28) än klassen har elever (25)" in page
    assert "En telefon som rensar sina kakor eller byter webbläsare räknas som en ny telefon" in page
    refused = submit_from_result(*students[20])
    assert refused.status_code == 409 and "Klassen är full" in refused.get_data(as_text=True)

    # the teacher closes the class: nothing more comes in, and says why
    assert teacher.post(dashboard + "/stang", data={"csrf_token": csrf(page)}).status_code == 303
    page = teacher.get(dashboard).get_data(as_text=True)
    assert "Klassen är stängd" in page
    closed = submit_from_result(*students[20])
    assert closed.status_code == 409 and "Läraren har stängt klassen" in closed.get_data(as_text=True)
    # ... discards the last 5 minutes' sends (the stuffer's), keeping the 20 sent before
    assert teacher.post(dashboard + "/kasta", data={"csrf_token": csrf(page), "minuter": "5"}).status_code == 303
    page = teacher.get(dashboard).get_data(as_text=True)
    assert "20 elever har skickat in" in page and "Fler telefoner har skickat in" not in page
    with app.app_context():
        pq = app.extensions["catalog"].latest("mini")
        session = operations.find_by_code(code)
        assert operations.observed_counts(session, pq).sum(axis=1).tolist() == [20] * 4  # the tallies follow
        tombstones = db.session.execute(db.select(ClassSubmission).where(ClassSubmission.discarded)).scalars().all()
        assert len(tombstones) == 8 and {t.state for t in tombstones} == {""} and {t.sends for t in tombstones} == {1}
    # ... and opens it again: the rest of the class sends
    assert teacher.post(dashboard + "/oppna", data={"csrf_token": csrf(page)}).status_code == 303
    for phone, html in students[20:]:
        assert submit_from_result(phone, html).status_code == 200
    assert "25 elever har skickat in" in teacher.get(dashboard).get_data(as_text=True)


def test_a_discarded_phone_keeps_its_send_count(app, monkeypatch):
    """A tombstone: a phone whose send was discarded may send once more (its change), not twice."""
    Clock(monkeypatch)
    teacher = app.test_client()
    dashboard = create_class(teacher, size=10)
    code = class_code(teacher.get(dashboard).get_data(as_text=True))
    phone, html = student_result(app, code)
    assert submit_from_result(phone, html).status_code == 200
    page = teacher.get(dashboard).get_data(as_text=True)
    teacher.post(dashboard + "/kasta", data={"csrf_token": csrf(page), "minuter": "10"})
    assert "0 elever har skickat in" in teacher.get(dashboard).get_data(as_text=True)
    again = submit_from_result(phone, html)
    assert again.status_code == 200 and "Det var din ändring" in again.get_data(as_text=True)
    page = teacher.get(dashboard).get_data(as_text=True)
    assert "1 elev har skickat in" in page
    teacher.post(dashboard + "/kasta", data={"csrf_token": csrf(page), "minuter": "10"})
    third = submit_from_result(phone, html)
    assert third.status_code == 409 and "två gånger" in third.get_data(as_text=True)
    assert "0 elever har skickat in" in teacher.get(dashboard).get_data(as_text=True)


def test_the_size_is_asked_for_and_kept_within_the_maximum(make_app):
    app = make_app(CLASS_MAX_SUBMISSIONS=40)
    teacher = app.test_client()
    page = teacher.get("/larare").get_data(as_text=True)
    assert 'name="storlek" type="number"' in page and 'max="40"' in page and "Hur många elever är med?" in page
    for size, message in (("41", "högst 40 elever"), ("0", "minst en elev"), ("", "hur många elever"), ("tio", "giltigt heltal")):
        response = teacher.post("/larare/ny", data={"csrf_token": csrf(page), "quiz": "mini", "kommun": "alla", "storlek": size})
        assert response.status_code == 400, size
        assert message in response.get_data(as_text=True).lower(), size
    english = teacher.post("/larare/ny?lang=en", data={"csrf_token": csrf(page), "quiz": "mini", "storlek": "41"})
    assert "at most 40 students" in english.get_data(as_text=True)
    assert create_class(teacher, size=40)


def test_only_the_teacher_link_closes_or_discards(app, client):
    dashboard = create_class(client, size=5)
    page = client.get(dashboard).get_data(as_text=True)
    code = class_code(page)
    student(app, code, ["2", "1", "0", "-1"])
    for action in ("/stang", "/oppna", "/kasta"):
        assert client.post("/larare/" + "x" * 43 + action, data={"csrf_token": csrf(page), "minuter": "5"}).status_code == 404
    unreadable = client.post(dashboard + "/kasta", data={"csrf_token": csrf(page), "minuter": "nej"})
    assert unreadable.status_code == 400
    after = client.get(dashboard).get_data(as_text=True)
    assert "1 elev har skickat in" in after  # nothing discarded
    student(app, code, ["1", "1", "1", "1"])  # and the class is still open


def test_the_teacher_guide_says_how_the_size_close_and_discard_work(client):
    html = client.get("/larare/guide").get_data(as_text=True)
    assert "En telefon som rensar sina kakor räknas som en ny telefon" in html
    assert "stänga klassen och kasta svaren från de senaste minuterna" in html
    assert "close the class and discard the answers of the last minutes" in client.get("/larare/guide?lang=en").get_data(as_text=True)
