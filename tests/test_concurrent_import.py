"""Two ``flask quiz import`` at once (two hosts, or a CI job and an operator) must not publish two
versions with the same sequence number: one of them would never be served, and its links 404.

The race is made exact rather than timed: the first import is stopped after it has read the
latest version and added its own (before its commit), and a whole second import runs, through
another app, as another host would, in that gap. Runs on SQLite and on PostgreSQL.
"""

import shutil
import threading

from sqlalchemy import select

from quiz.publishing import operations as publishing
from quiz.extensions import db
from quiz.store.models import QuizVersion
from tests.conftest import FIXTURES


def content(tmp_path, title: str):
    folder = tmp_path / title.replace(" ", "-")
    shutil.copytree(FIXTURES, folder)
    quiz_yaml = folder / "mini" / "quiz.yaml"
    quiz_yaml.write_text(quiz_yaml.read_text().replace("title: Miniquiz", f"title: {title}"))
    return str(folder)


def race(monkeypatch, first_app, second_app, first_content, second_content):
    """Run the first import; between its read and its commit, the whole second import."""
    publish, raced = publishing.publish, []

    def publish_then_let_the_other_import_run(quiz, *args, **kwargs):
        row = publish(quiz, *args, **kwargs)
        if not raced:  # in a thread of its own, so in its own app context and session, as another host
            raced.append(True)
            other = threading.Thread(target=lambda: raced.append(
                second_app.test_cli_runner().invoke(args=["quiz", "import", second_content])))
            other.start()
            other.join()
        return row

    monkeypatch.setattr(publishing, "publish", publish_then_let_the_other_import_run)
    first = first_app.test_cli_runner().invoke(args=["quiz", "import", first_content])
    return first, raced[1]


def published(app) -> list[tuple[int, str, str]]:
    with app.app_context():
        rows = db.session.execute(select(QuizVersion).where(QuizVersion.quiz_id == "mini")).scalars().all()
        return sorted((r.sequence, r.version, r.title) for r in rows)


def test_two_imports_of_different_content_at_once_get_consecutive_sequences(make_app, tmp_path, monkeypatch):
    one, two = make_app(), make_app(imported=False)
    first, second = race(monkeypatch, one, two, content(tmp_path, "Miniquiz A"), content(tmp_path, "Miniquiz B"))
    assert second.exit_code == 0 and "published version 2-" in second.output
    assert first.exit_code == 0 and "published version 3-" in first.output, first.output  # it started again
    rows = published(one)
    assert [sequence for sequence, _, _ in rows] == [1, 2, 3]
    assert [title for _, _, title in rows] == ["Miniquiz", "Miniquiz B", "Miniquiz A"]
    for app in (one, two):  # every version is served by both hosts
        client = app.test_client()
        for _, version, title in rows:
            data = client.get(f"/api/v1/q/mini/{version}")
            assert data.status_code == 200 and title in data.get_data(as_text=True)


def test_two_imports_of_the_same_content_at_once_publish_it_once(make_app, tmp_path, monkeypatch):
    one, two = make_app(), make_app(imported=False)
    same = content(tmp_path, "Miniquiz A")
    first, second = race(monkeypatch, one, two, same, same)
    assert second.exit_code == 0 and "published version 2-" in second.output
    assert first.exit_code == 0 and "mini: unchanged" in first.output, first.output
    assert [sequence for sequence, _, _ in published(one)] == [1, 2]
