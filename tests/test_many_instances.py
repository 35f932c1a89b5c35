"""Many app instances, one PostgreSQL: what one publishes, the others serve after their refresh.

Two real gunicorn processes (one worker each, as two app hosts behind a load balancer would run)
share one PostgreSQL database, with ``CATALOG_REFRESH_SECONDS`` at 1. The test waits for the
change by polling with a generous deadline, never by sleeping a fixed time, so a slow machine
makes it slower, not flaky.
"""

from __future__ import annotations

import shutil
import time

from tests.conftest import FIXTURES
from tests.instances import get, start_of


def test_a_quiz_published_through_one_instance_is_served_by_the_other(instances, tmp_path):
    first, second = instances(2, CATALOG_REFRESH_SECONDS="1")
    old_version = start_of(first, "mini")
    assert start_of(second, "mini") == old_version
    status, html = get(second, f"/q/mini/{old_version}/2")
    assert status == 200 and "Kommunen ska stoppa alla vräkningar." in html

    changed = tmp_path / "content"
    shutil.copytree(FIXTURES, changed)
    statements = changed / "mini" / "statements.yaml"
    statements.write_text(statements.read_text().replace(
        "Kommunen ska stoppa alla vräkningar.", "Kommunen ska stoppa vräkningar av barnfamiljer."))
    output = first.cli("quiz", "import", str(changed))
    assert "mini: published version 2-" in output

    new_version = wait_for(lambda: start_of(second, "mini") != old_version and start_of(second, "mini"))
    assert new_version and new_version.startswith("2-"), "the second instance never served the new version"
    status, html = get(second, f"/q/mini/{new_version}/2")
    assert status == 200 and "Kommunen ska stoppa vräkningar av barnfamiljer." in html
    assert wait_for(lambda: start_of(first, "mini") == new_version), "the first instance never served it"

    # A shared link to the old version still shows what it showed: published versions are immutable.
    status, html = get(second, f"/q/mini/{old_version}/2")
    assert status == 200 and "Kommunen ska stoppa alla vräkningar." in html


def wait_for(check, deadline_seconds: float = 30.0):
    """``check()``'s first truthy value, polled until a deadline far beyond the refresh interval."""
    deadline = time.monotonic() + deadline_seconds
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)
