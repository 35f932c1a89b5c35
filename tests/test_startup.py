"""What `make run` does on a fresh machine: import into an empty embedded database, then serve."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import ROOT, free_port


def flask(*args, env):
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_app_starts_on_an_empty_database_with_the_readme_commands(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY", "CONTENT_DIR")}
    env["INSTANCE_PATH"] = str(tmp_path / "instance")

    imported = flask("quiz", "import", env=env)
    assert imported.returncode == 0, imported.stderr
    assert "published version" in imported.stdout
    assert (tmp_path / "instance" / "valkompass.sqlite").is_file()  # the embedded default
    assert len((tmp_path / "instance" / "secret_key").read_text()) == 64  # generated on first run

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "run", "--port", str(port)],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        html = None
        for _ in range(600):  # a loaded CI machine can take many seconds to start Python and Flask
            try:
                html = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert html is not None, "the app did not answer"
        assert "Valkompass socialpolitik" in html and "Starta" in html
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert Path(tmp_path / "instance" / "secret_key").stat().st_mode & 0o077 == 0
