"""Class mode under attack and under failure: what leaks, who can lock whom out, what an outage looks like.

Each test here failed before the fix it guards (issue 14).
"""

from __future__ import annotations

import logging

from sqlalchemy import text

from quiz.extensions import db
from tests.test_classes import class_code, create_class, csrf, take_quiz, submit_from_result
from tests.conftest import hidden_state


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
    assert state == "ebcd"
    with app.app_context():
        db.session.execute(text("DROP TABLE class_submission"))
        db.session.commit()
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the error is logged, not raised
    with caplog.at_level(logging.DEBUG):
        response = submit_from_result(phone, html)
    assert response.status_code >= 500
    logged = "\n".join(r.getMessage() + "\n" + (logging.Formatter().formatException(r.exc_info) if r.exc_info else "")
                       for r in caplog.records)
    assert "class_submission" in logged  # the failure itself is logged, so an operator sees it
    assert f"'{state}'" not in logged and "[parameters:" not in logged
