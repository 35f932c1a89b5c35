"""gunicorn.conf.py's settings that decide how a worker spends its time (docs/BENCHMARKS.md)."""

import os
import runpy

from tests.conftest import ROOT


def filesystem_of(path: str) -> str:
    """The type of the filesystem ``path`` is on (the longest mount point above it in /proc/mounts)."""
    path = os.path.realpath(path)
    best, kind = "", ""
    for line in open("/proc/mounts"):
        _, point, fstype, *_ = line.split()
        if (path == point or path.startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
            best, kind = point, fstype
    return kind


def test_the_worker_heartbeat_is_kept_in_memory_not_on_disk(monkeypatch):
    """A worker sets its heartbeat file's times after every request; on the disk-backed /tmp that
    call cost the result page about 10 % of its requests a second under load (and waits out the
    filesystem's journal commits), so the file lives in memory; GUNICORN_WORKER_TMP_DIR chooses."""
    monkeypatch.delenv("GUNICORN_WORKER_TMP_DIR", raising=False)
    folder = runpy.run_path(str(ROOT / "gunicorn.conf.py"))["worker_tmp_dir"]
    assert folder and filesystem_of(folder) in ("tmpfs", "ramfs"), folder

    monkeypatch.setenv("GUNICORN_WORKER_TMP_DIR", "/var/tmp")
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["worker_tmp_dir"] == "/var/tmp"
