"""Lättläst: every statement of the real quiz has an easy-Swedish version, and a voter can switch to it."""

from __future__ import annotations

from quiz.content import load_quiz
from tests.conftest import ROOT, hidden_state


def test_every_real_statement_has_an_easy_version():
    for folder in sorted(p.parent for p in (ROOT / "statements").glob("*/quiz.yaml")):
        quiz = load_quiz(folder)
        missing = [s.id for s in quiz.statements if not s.easy.get("text")]
        missing += [f"{s.id} (background)" for s in quiz.statements if s.background and not s.easy.get("background")]
        assert not missing, f"{folder.name}: statements without lättläst: {', '.join(missing)}"


def test_lattlast_shows_the_easy_text_and_says_so(client, mini):
    plain = client.get(f"/q/mini/{mini.version}/1").text
    assert "Kommunen ska bygga fler sociala lägenheter." in plain and "Lättläst" in plain  # the switch
    easy = client.get(f"/q/mini/{mini.version}/1?lattlast=1").text
    assert "Kommunen ska bygga fler lägenheter för dem som behöver hjälp." in easy
    assert "Socialtjänsten hyr ut lägenheterna." in easy
    assert 'class="tag easy-tag">Lättläst</span>' in easy
    assert '<input type="hidden" name="lattlast" value="1">' in easy  # carried to the next page
    assert "Vanlig text" in easy  # and the way back


def test_lattlast_stays_on_through_the_quiz_and_off_when_switched(client, mini):
    first = client.get(f"/q/mini/{mini.version}/1?lattlast=1")
    data = {"state": hidden_state(first.text), "position": "1", "kommun": "alla", "lattlast": "1", "answer": "1"}
    second = client.post(f"/q/mini/{mini.version}/svar", data={**data, "action": "back"})
    assert "Kommunen ska bygga fler lägenheter för dem som behöver hjälp." in second.text
    plain = client.post(f"/q/mini/{mini.version}/svar?lattlast=0", data={**data, "action": "stay"})
    assert "Kommunen ska bygga fler sociala lägenheter." in plain.text
    assert 'value="1" aria-pressed="true"' in plain.text  # the answer chosen before switching is kept


def test_a_statement_without_an_easy_version_shows_the_ordinary_text(client, mini):
    page = client.get(f"/q/mini/{mini.version}/2?lattlast=1").text
    assert "Kommunen ska stoppa alla vräkningar." in page and "easy-tag" not in page
