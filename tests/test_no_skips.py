"""A skipped test fails the run, and the run says which and why (tests/no_skips.py, pytest.ini)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_pytest(tmp_path, body: str) -> subprocess.CompletedProcess:
    (tmp_path / "test_sample.py").write_text(body)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(ROOT / "pytest.ini"), "--rootdir", str(tmp_path),
         "-p", "tests.no_skips", "-p", "no:cacheprovider", str(tmp_path / "test_sample.py")],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )


def test_a_skip_fails_the_run_and_is_reported(tmp_path):
    result = run_pytest(tmp_path, "import pytest\n\ndef test_a():\n    pytest.skip('the vectors are missing')\n\ndef test_b():\n    pass\n")
    assert result.returncode == 1, result.stdout
    assert "SKIPPED" in result.stdout and "the vectors are missing" in result.stdout
    assert "a skip fails the run" in result.stdout


def test_a_run_without_skips_passes(tmp_path):
    result = run_pytest(tmp_path, "def test_b():\n    pass\n")
    assert result.returncode == 0, result.stdout
