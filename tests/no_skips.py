"""Any skipped test fails the run: a clone must test everything, and a skip hides what was not tested
(CI runs `make test`, which then exits non-zero). pytest.ini's ``-rs`` lists each skip and why."""

from __future__ import annotations

import pytest


def _skipped(config) -> list:
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    return reporter.stats.get("skipped", []) if reporter else []


def pytest_sessionfinish(session, exitstatus):
    if _skipped(session.config) and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    skipped = _skipped(config)
    if skipped:
        terminalreporter.write_line(
            f"{len(skipped)} test(s) skipped: a skip fails the run (tests/no_skips.py); make them run", red=True
        )
