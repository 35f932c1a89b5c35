"""Many app instances, one PostgreSQL: what one publishes, the others serve after their refresh,
and a class created through one is joined and submitted to through the other.

Two real gunicorn processes (one worker each, as two app hosts behind a load balancer would run)
share one PostgreSQL database. The tests wait for a change by polling with a generous deadline,
never by sleeping a fixed time, so a slow machine makes them slower, not flaky.
"""

from __future__ import annotations

import re
import shutil
import time
from urllib.parse import urlsplit

from tests.conftest import FIXTURES
from tests.helpers.forms import csrf, fields, hidden_state
from tests.helpers.instances import Browser, get, request, start_of

REFRESH_EVERY_SECOND = {"CATALOG_REFRESH_SECONDS": "1"}
REFRESH_HOURLY = {"CATALOG_REFRESH_SECONDS": "3600"}
OLD_TEXT = "Kommunen ska stoppa alla vräkningar."
NEW_TEXT = "Kommunen ska stoppa vräkningar av barnfamiljer."


def publish_changed_statement(instance, tmp_path) -> None:
    """Edit statement 2's text and publish it with ``flask quiz import`` on ``instance``'s host."""
    changed = tmp_path / "content"
    shutil.copytree(FIXTURES, changed)
    statements = changed / "mini" / "statements.yaml"
    statements.write_text(statements.read_text().replace(OLD_TEXT, NEW_TEXT))
    assert "mini: published version 2-" in instance.cli("quiz", "import", str(changed))


def test_a_quiz_published_through_one_instance_is_served_by_the_other(instances, tmp_path):
    first, second = instances(REFRESH_EVERY_SECOND, REFRESH_EVERY_SECOND)
    old_version = start_of(first, "mini")
    assert start_of(second, "mini") == old_version
    status, html = get(second, f"/q/mini/{old_version}/2")
    assert status == 200 and OLD_TEXT in html

    publish_changed_statement(first, tmp_path)

    new_version = wait_for(lambda: start_of(second, "mini") != old_version and start_of(second, "mini"))
    assert new_version and new_version.startswith("2-"), "the second instance never served the new version"
    status, html = get(second, f"/q/mini/{new_version}/2")
    assert status == 200 and NEW_TEXT in html
    assert wait_for(lambda: start_of(first, "mini") == new_version), "the first instance never served it"

    # A shared link to the old version still shows what it showed: published versions are immutable.
    status, html = get(second, f"/q/mini/{old_version}/2")
    assert status == 200 and OLD_TEXT in html


def test_a_voter_can_continue_on_an_instance_that_has_not_refreshed_yet(instances, tmp_path):
    """A load balancer sends each request anywhere: a voter who got the new version's page from an
    instance that refreshed already must not get a 404 from one whose next refresh is later."""
    ahead, behind = instances(REFRESH_EVERY_SECOND, REFRESH_HOURLY)
    old_version = start_of(behind, "mini")
    publish_changed_statement(ahead, tmp_path)
    new_version = wait_for(lambda: start_of(ahead, "mini") != old_version and start_of(ahead, "mini"))
    assert new_version, "the instance refreshing every second never served the new version"

    status, page = get(ahead, f"/q/mini/{new_version}/1")
    assert status == 200
    status, html, _ = request(behind, f"/q/mini/{new_version}/svar",
                              data={"state": hidden_state(page), "position": "1", "answer": "2"})
    assert status == 200 and "Påstående 2 av 4" in html and NEW_TEXT in html
    assert start_of(behind, "mini") == new_version


def test_a_class_created_through_one_instance_is_joined_and_submitted_to_through_the_other(instances):
    """The teacher's and the students' requests land on either instance, as a load balancer sends them."""
    first, second = instances(REFRESH_EVERY_SECOND, REFRESH_EVERY_SECOND)
    teacher = Browser()
    status, page = teacher.get(first, "/larare")
    status, _, headers = teacher.post(first, "/larare/ny",
                                      {"csrf_token": csrf(page), "quiz": "mini", "kommun": "alla", "storlek": "25"})
    assert status == 303
    dashboard = urlsplit(headers["Location"]).path
    status, html = teacher.get(second, dashboard)  # the private link works on every instance
    assert status == 200 and "0 elever har skickat in" in html
    code = re.search(r'<p class="join-code"[^>]*>([A-Z0-9]{6})</p>', html).group(1)

    students = ((second, first, ["2", "2", "-2", "1"]), (first, second, ["-2", "1", "2", ""]))
    for joins_on, submits_on, answers in students:
        student = Browser()
        status, page = student.get(joins_on, "/klass")
        status, _, headers = student.post(joins_on, "/klass", {"csrf_token": csrf(page), "kod": code})
        assert status == 303
        statement_one = urlsplit(headers["Location"])
        status, html = student.get(submits_on, f"{statement_one.path}?{statement_one.query}")
        assert status == 200
        hosts = (first, second)
        for number, answer in enumerate(answers, start=1):
            data = {"state": hidden_state(html), "position": str(number), **fields(html, "kommun", "klass")}
            data.update({"answer": answer, "action": "next"} if answer else {"action": "skip"})
            action = re.search(r'action="(/q/mini/[^/]+/svar)"', html).group(1)
            status, html, _ = student.post(hosts[number % 2], action, data)  # round robin
            assert status == 200
        assert "Skicka dina svar anonymt till klassen" in html
        submit = re.search(r'<form method="post" action="(/klass/[A-Z0-9]{6}/svar[^"]*)"', html).group(1)
        status, html, _ = student.post(submits_on, submit, {"csrf_token": csrf(html), "state": hidden_state(html),
                                                             **fields(html.split(submit)[1], "klass")})
        assert status == 200 and "Dina svar är skickade" in html

    for instance in (first, second):
        assert "2 elever har skickat in" in teacher.get(instance, dashboard)[1]


def wait_for(check, deadline_seconds: float = 30.0):
    """``check()``'s first truthy value, polled until a deadline far beyond the refresh interval."""
    deadline = time.monotonic() + deadline_seconds
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)
