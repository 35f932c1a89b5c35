"""Many app instances, one PostgreSQL: what one publishes, the others serve after their refresh.

Two real gunicorn processes (one worker each, as two app hosts behind a load balancer would run)
share one PostgreSQL database. The tests wait for a change by polling with a generous deadline,
never by sleeping a fixed time, so a slow machine makes them slower, not flaky.
"""

from __future__ import annotations

import shutil
import time

from tests.conftest import FIXTURES, hidden_state
from tests.instances import get, request, start_of

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


def wait_for(check, deadline_seconds: float = 30.0):
    """``check()``'s first truthy value, polled until a deadline far beyond the refresh interval."""
    deadline = time.monotonic() + deadline_seconds
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)
