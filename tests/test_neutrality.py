"""The neutrality audit runs on the shipped quiz (statements/socialpolitik), for all parties and per
municipality.

Its figures are published (METHOD.md, the method page, `flask quiz audit`), never enforced: no test
here fails on what the shipped content's figures are, so nobody is pushed to code a position for the
sake of a figure (issue 22). The audit's arithmetic is checked on hand-worked quizzes in test_audit.py;
this checks that it covers the real quiz as a voter meets it.
"""

from __future__ import annotations

from collections import Counter

import pytest

from quiz.analysis.audit import audit, audit_municipalities, single_party_municipalities
from quiz.content.folders import load_path
from tests.conftest import ROOT

FOLDER = ROOT / "statements" / "socialpolitik"


@pytest.fixture(scope="module")
def quiz():
    [quiz] = load_path(FOLDER)
    return quiz


def test_the_audit_covers_every_party_and_every_municipality_a_voter_can_pick(quiz):
    report = audit(quiz)
    by_municipality = audit_municipalities(quiz)
    counts = Counter(p.municipality for p in quiz.parties)
    assert [p.id for p in report.parties] == [p.id for p in quiz.parties]
    assert {m.municipality for m in by_municipality} == {name for name, n in counts.items() if n >= 2}
    assert set(single_party_municipalities(quiz)) == {name for name, n in counts.items() if n == 1}
    for m in by_municipality:
        assert {p.id for p in m.parties} == {p.id for p in quiz.parties if p.municipality == m.municipality}
    for r in (report, *by_municipality):
        assert len(r.statements) == len(quiz.statements)
        for population in r.populations:  # a first place is always somebody's: shares add up to one
            assert sum(population.first.values()) == pytest.approx(1), (r.municipality, population.name)
