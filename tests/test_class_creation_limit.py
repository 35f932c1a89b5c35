"""Class creation is limited per client and per teacher (issue 20.5).

Before: one client created 1,000 classes in 6.5 s, each kept 14 days. Now a client (an address)
may create ``CLASS_CREATIONS_PER_HOUR`` classes an hour (200) and a teacher (a browser session)
``CLASS_CREATIONS_PER_TEACHER_HOUR`` (10); a school's teachers behind one address can still all
create their classes at 08:00.
"""

from __future__ import annotations

import re

from quiz.extensions import db
from quiz.store.models import ClassCreation, ClassSession
from tests.helpers.forms import csrf


def create(client, page: str | None = None):
    page = page or client.get("/larare").get_data(as_text=True)
    return client.post("/larare/ny", data={"csrf_token": csrf(page), "quiz": "mini", "kommun": "alla", "storlek": "25"})


def classes_stored(app) -> int:
    with app.app_context():
        return db.session.execute(db.select(db.func.count()).select_from(ClassSession)).scalar()


def test_a_school_s_teachers_behind_one_address_all_create_their_classes_at_eight(app, steady_clock):
    """80 teachers, one school address (every test client is 127.0.0.1), two classes each."""
    teachers = [app.test_client() for _ in range(80)]
    statuses = [create(teacher).status_code for teacher in teachers for _ in range(2)]
    assert statuses == [303] * 160
    assert classes_stored(app) == 160


def test_one_client_cannot_create_classes_without_end(app, steady_clock):
    """The audit's attack: a fresh session (no cookie) for every class, from one address."""
    statuses = []
    for _ in range(230):
        statuses.append(create(app.test_client()).status_code)
    assert statuses == [303] * 200 + [429] * 30  # before: every one of 1,000 created
    assert classes_stored(app) == 200
    refused = create(app.test_client())
    assert 0 < int(refused.headers["Retry-After"]) <= 3600
    assert "många klasser på kort tid" in refused.get_data(as_text=True)
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.44"  # another school is not affected
    assert create(other).status_code == 303
    with app.app_context():
        keys = db.session.execute(db.select(ClassCreation.client_hash)).scalars().all()
    assert keys and all("127.0.0.1" not in k and "192.0.2.44" not in k and len(k) == 64 for k in keys)


def test_one_teacher_s_session_has_its_own_limit(make_app):
    app = make_app(CLASS_CREATIONS_PER_TEACHER_HOUR=3)
    teacher = app.test_client()
    page = teacher.get("/larare").get_data(as_text=True)
    assert [create(teacher, page).status_code for _ in range(4)] == [303, 303, 303, 429]
    english = teacher.post("/larare/ny?lang=en", data={"csrf_token": csrf(page), "quiz": "mini", "storlek": "25"})
    assert english.status_code == 429 and "Many classes have been created" in english.get_data(as_text=True)
    colleague = app.test_client()  # same address, another teacher
    assert create(colleague).status_code == 303
    assert re.fullmatch(r"\d+", english.headers["Retry-After"])
