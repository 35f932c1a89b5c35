"""The embedded database holds class-mode answers and the instance folder the secret key: neither
may be readable by other users of the machine, whatever the umask."""

import os
import stat

from quiz import create_app
from quiz.extensions import db
from tests.conftest import FIXTURES


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_instance_folder_and_the_sqlite_file_are_private(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    old_umask = os.umask(0o022)  # the usual default, which made the database 0644
    try:
        app = create_app({"TESTING": True, "CONTENT_DIR": str(FIXTURES)})
        assert app.test_cli_runner().invoke(args=["quiz", "import"]).exit_code == 0
        with app.app_context():
            db.engine.dispose()
    finally:
        os.umask(old_umask)
    instance = tmp_path / "instance"
    assert mode(instance) == 0o700
    assert mode(instance / "valkompass.sqlite") == 0o600
    assert mode(instance / "secret_key") == 0o600


def test_an_existing_world_readable_database_is_made_private(tmp_path):
    path = tmp_path / "old.sqlite"
    path.write_bytes(b"")
    path.chmod(0o644)  # as earlier releases created it
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                      "CONTENT_DIR": str(FIXTURES)})
    assert app.test_cli_runner().invoke(args=["quiz", "import"]).exit_code == 0
    with app.app_context():
        db.engine.dispose()
    assert mode(path) == 0o600
