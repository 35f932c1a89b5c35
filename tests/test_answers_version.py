"""The answer string is bound to its quiz version by a check character, so answers given on one
version are never read as answers to another with as many statements (a form from an old page, a
hand-edited share link). Share links made before the check character still open, on the
versions published before it."""

import re

import pytest

from sqlalchemy import update

from quiz.core.answers import AnswerError, Answers, version_check
from quiz.extensions import db
from quiz.store.models import QuizVersion
from tests.helpers.forms import checked, hidden_state
from tests.helpers.database import publish_changed


def answered(client, version: str) -> str:
    """Answer every statement of ``version`` and return the state the result page carries."""
    html = client.get(f"/q/mini/{version}/1").get_data(as_text=True)
    for number in range(1, 5):
        html = client.post(f"/q/mini/{version}/svar",
                           data={"state": hidden_state(html), "position": number, "answer": "1"}).get_data(as_text=True)
    assert "Ditt resultat" in html
    return hidden_state(html)


def test_answers_from_another_version_with_as_many_statements_are_a_clear_400(make_app, tmp_path):
    app = make_app()
    client = app.test_client()
    first = app.extensions["catalog"].latest("mini").version
    state = answered(client, first)
    second = publish_changed(app, tmp_path, "Miniquiz 2")
    assert len(app.extensions["catalog"].get("mini", second).statements) == 4  # same length, other version
    for response in (
        client.post(f"/q/mini/{second}/resultat", data={"state": state}),
        client.post(f"/q/mini/{second}/svar", data={"state": state, "position": 1, "answer": "1"}),
        client.get(f"/r/mini/{second}/{state}"),
    ):
        assert response.status_code == 400
        assert "annan version av quizet" in response.get_data(as_text=True)
    assert client.post(f"/q/mini/{first}/resultat", data={"state": state}).status_code == 200
    assert client.get(f"/r/mini/{first}/{state}").status_code == 200


def test_every_state_the_app_writes_carries_its_versions_check_character(client, mini):
    check = version_check(mini.version)
    assert hidden_state(client.get(f"/q/mini/{mini.version}/1").get_data(as_text=True)) == "...." + check
    result = client.post(f"/q/mini/{mini.version}/resultat", data={"state": checked("eB-c", mini.version)}).get_data(as_text=True)
    assert hidden_state(result) == "eB-c" + check
    share = client.post(f"/q/mini/{mini.version}/dela", data={"state": "eB-c" + check}).get_data(as_text=True)
    assert re.search(rf"/r/mini/{mini.version}/eB-c{check}\b", share)


def test_a_version_published_since_the_check_character_refuses_answers_without_it(client, mini):
    """Removing the check would otherwise move a string to any version with as many statements."""
    for response in (
        client.get(f"/r/mini/{mini.version}/eB-c"),
        client.post(f"/q/mini/{mini.version}/resultat", data={"state": "eB-c"}),
        client.post(f"/q/mini/{mini.version}/svar", data={"state": "....", "position": 1, "answer": "1"}),
    ):
        assert response.status_code == 400
        html = response.get_data(as_text=True)
        assert "annan version av quizet" in html or "går inte att läsa" in html


def test_share_links_made_before_the_check_character_still_open_on_the_versions_they_were_made_on(make_app, tmp_path):
    """Versions published before migration 0005 are marked so; their links, one character per
    statement, keep opening. A version published after them refuses the same string."""
    app = make_app()
    with app.app_context():
        db.session.execute(update(QuizVersion).values(unchecked_answers=True))
        db.session.commit()
    old = app.extensions["catalog"].latest("mini").version
    new = publish_changed(app, tmp_path, "Miniquiz 2")
    client = make_app().test_client()  # another instance, loading both versions from the database
    response = client.get(f"/r/mini/{old}/eB-c")
    assert response.status_code == 200 and "Ett delat resultat" in response.get_data(as_text=True)
    assert client.post(f"/q/mini/{old}/resultat", data={"state": "eB-c"}).status_code == 200  # a form from before
    assert client.get(f"/r/mini/{new}/eB-c").status_code == 400
    assert client.get(f"/r/mini/{new}/{checked('eB-c', new)}").status_code == 200


def test_versions_of_a_quiz_less_than_62_publishes_apart_never_share_a_check_character():
    checks = [version_check(f"{sequence}-0badc0de") for sequence in range(1, 63)]
    assert len(set(checks)) == 62
    scale = (-2, -1, 0, 1, 2)
    bound = Answers.decode(scale, 4, "eB-c", version="7-0badc0de", unchecked=True)  # an old link: written again with the check
    assert bound.encode() == "eB-c" + version_check("7-0badc0de")
    assert Answers.decode(scale, 4, bound.encode(), version="7-0badc0de").encode() == bound.encode()
    for wrong in ("8-0badc0de", "6-0badc0de"):
        with pytest.raises(AnswerError):
            Answers.decode(scale, 4, bound.encode(), version=wrong)


@pytest.mark.parametrize("scale", [(-2, -1, 0, 1, 2), (-1, 0, 1), (-3, -2, -1, 0, 1, 2, 3)])
def test_class_mode_stores_answers_by_the_one_encoding(scale):
    """Class mode's options (0..k: the scale's values, then no answer; "important" dropped) are read
    from the answer table itself, and written back as the lower-case letters and "-" it stored before."""
    from quiz.classroom.operations import stored_choices, stored_state
    from quiz.core.answers import answer_table

    k = len(scale)
    table = answer_table(scale)
    state = "".join(table)  # every character: skipped, not reached, each value plain and important
    assert stored_choices(state, scale) == [k if a.value is None else scale.index(a.value) for a in table.values()]
    assert stored_state(list(range(k + 1)), scale) == "abcdefg"[:k] + "-"
    assert stored_choices(stored_state(list(range(k + 1)), scale), scale) == list(range(k + 1))
