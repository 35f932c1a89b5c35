"""The review round as content: answers files, the published positions' rules, the audit's coverage by
source, and valkompass/1 carrying answers and review states. The test quiz (tests/fixtures/review,
never shipped) has three parties that each coded two statements from their platform and then
answered all six."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from quiz.analysis.audit import audit
from quiz.core.published import PublishedQuiz
from quiz.content.exchange import from_export, to_export
from quiz.content.folders import load_quiz
from quiz.content.validation import ContentError
from quiz.core.party_review import contradicts
from tests.helpers.schema import check

REVIEW = Path(__file__).resolve().parent / "fixtures" / "review"


def load(with_answers: bool = True, tmp_path: Path | None = None):
    if with_answers:
        return load_quiz(REVIEW / "granskning", REVIEW / "sources")
    folder = tmp_path / "granskning"
    shutil.copytree(REVIEW / "granskning", folder, ignore=shutil.ignore_patterns("answers"))
    return load_quiz(folder, REVIEW / "sources")


def with_answer_changed(tmp_path: Path, party: str, old: str, new: str) -> Path:
    """A copy of the review fixture whose answers/<party>.yaml says ``new`` where it said ``old``."""
    folder = tmp_path / "granskning"
    shutil.copytree(REVIEW / "granskning", folder)
    path = folder / "answers" / f"{party}.yaml"
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new))
    return folder


def test_coverage_and_dividing_statements_once_every_party_answers_every_statement(tmp_path):
    before, after = audit(load(False, tmp_path)), audit(load())
    assert [p.known for p in before.parties] == [2, 2, 2]
    assert [(p.from_platform, p.from_answers) for p in before.parties] == [(2, 0), (2, 0), (2, 0)]
    assert sum(s.divides for s in before.statements) == 0  # one known position per statement
    assert before.inseparable() == ("s1", "s2", "s3", "s4", "s5", "s6")
    # after: b's objection on s3 was not accepted (our -2 kept), everything else was
    assert [p.known for p in after.parties] == [6, 6, 6]
    assert [(p.from_platform, p.from_answers) for p in after.parties] == [(2, 6), (2, 5), (2, 6)]
    assert sum(s.divides for s in after.statements) == 6 and after.summary.dividing_share == 1.0
    assert after.inseparable() == ()
    assert after.statements[2].positions == {"a": 2, "b": -2, "c": 0}


def test_published_values_follow_the_decisions(tmp_path):
    quiz = load()
    by = {(p.party, p.statement): p for p in quiz.positions}
    assert len(quiz.positions) == 18  # every party × statement says how it was reviewed
    assert by[("a", "s1")].review.state == "confirmed" and by[("a", "s1")].review.source == "both"
    assert by[("a", "s4")].value == -2 and by[("a", "s4")].review.source == "party"
    assert by[("b", "s3")].value == -2 and by[("b", "s3")].review.answer == 2 and by[("b", "s3")].review.note


def test_abstaining_counts_as_unknown_and_a_party_without_answers_keeps_its_coding(tmp_path):
    folder = with_answer_changed(tmp_path, "a",
                                 "{statement: s5, review: answered, value: -1, reason: Andra satsningar går först.}",
                                 "{statement: s5, review: answered, abstain: true, reason: Det avgör regionen.}")
    (folder / "answers" / "c.yaml").unlink()  # c never answered
    pq = PublishedQuiz(quiz=load_quiz(folder, REVIEW / "sources"), version="1-00000000", sequence=1)
    a, c, s5 = pq.party_index["a"], pq.party_index["c"], pq.statement_index["s5"]
    assert np.isnan(pq.positions[a, s5]) and pq.position_of[("a", "s5")].review.abstain
    assert pq.positions[c, s5] == 2  # coded, stays, marked
    assert pq.position_of[("c", "s5")].review.state == "no_reply"
    assert np.isnan(pq.positions[c, pq.statement_index["s1"]])
    assert [(p.id, n, m) for p, n, m in pq.participation] == [("a", 6, 6), ("b", 6, 6), ("c", 0, 6)]


def test_an_answer_quote_not_in_the_platform_is_an_error(tmp_path):
    folder = with_answer_changed(tmp_path, "b", "quote: Cykelbanor är bra.", "quote: Cyklar är toppen.")
    with pytest.raises(ContentError, match="quote does not occur"):
        load_quiz(folder, REVIEW / "sources")


def test_valkompass_json_carries_answers_and_review_states_both_ways():
    quiz = load()
    document = to_export(quiz, "1-00000000")
    check(document)  # the schema describes every field
    again = from_export(document)
    assert again == quiz and to_export(again, "1-00000000") == document
    review = next(p for p in document["positions"] if p["party"] == "b" and p["statement"] == "s3")["review"]
    assert review == {"state": "objected", "source": "platform", "answer": 2, "coded": -2,
                      "reason": "Vi vill sänka skatten.", "note": "Programmet är otydligt men vi behöll läsningen."}


@pytest.mark.parametrize("coded, answer, expected", [
    (1, -1, True), (2, 0, True), (1, 2, False), (0, 1, False), (-2, -1, False), (None, 2, False), (0, -2, True),
])
def test_an_answer_contradicts_our_reading_across_neutral_or_two_steps_away(coded, answer, expected):
    assert contradicts(coded, answer) is expected


def test_a_content_folder_keeps_our_coding_and_the_answers_apart_and_reads_back_equal(tmp_path):
    from quiz.content.folders import to_folder

    quiz = load()
    sources = {p.id: (REVIEW / "sources" / p.source_file).read_text() for p in quiz.parties}
    for name, text in to_folder(quiz, sources).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    written = (tmp_path / "granskning" / "positions" / "a.yaml").read_text()
    assert "s4" not in written  # a's answer on s4 is in answers/a.yaml, not in our coding
    assert "Nej till nya poliser." in (tmp_path / "granskning" / "answers" / "a.yaml").read_text()
    assert load_quiz(tmp_path / "granskning", tmp_path / "sources") == quiz


def test_a_party_address_that_is_not_http_is_refused_in_files_and_json(tmp_path):
    folder = with_answer_changed(tmp_path, "c", "reason: Några fler.}", "reason: Några fler., url: 'javascript:alert(1)'}")
    with pytest.raises(ContentError, match="url must be an http"):
        load_quiz(folder, REVIEW / "sources")
    document = to_export(load(), "1-00000000")
    document["positions"][0]["review"]["url"] = "javascript:alert(1)"
    with pytest.raises(ContentError, match="review.url must be an http"):
        from_export(document)
