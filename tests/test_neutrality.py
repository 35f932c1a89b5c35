"""The shipped quiz (statements/socialpolitik) against the neutrality targets of issue 12.

Computed by the audit anyone can rerun (quiz/audit.py, `flask quiz audit`): the real scoring,
fixed seeds, all five parties. Where a target is out of reach honestly the test holds the best
figure the platforms allow, not the target, and says so: a position is never bent to meet a
figure. METHOD.md ("Så har vi prövat urvalet") gives the figures before and after the revision
and which party answers would close each gap.
"""

from __future__ import annotations

import pytest

from quiz.audit import audit
from quiz.content import load_path
from tests.conftest import ROOT

FOLDER = ROOT / "statements" / "socialpolitik"

MAX_FIRST = 0.40  # no party first for more than this share of random, acquiescent or dissenting voters
MIN_FIRST_RANDOM = 0.05  # every party first for at least this share of random voters
MIN_COVERAGE_RATIO = 0.60  # least-covered party: at least this share of the best-covered party's known positions

# Out of reach honestly (METHOD.md says why): the five platforms almost never say no to another
# party's proposal, and few proposals are demands, limits or alternatives. Held at the best honest
# figure so that the set cannot slip back; the targets are 0.35 and 0.30.
MIN_DIVIDING_STATEMENTS = 1  # issue 12: at least 35 % of statements
MIN_LESS_SHARE = 0.17  # issue 12: at least 0.30


@pytest.fixture(scope="module")
def report():
    [quiz] = load_path(FOLDER)
    return audit(quiz)


@pytest.mark.parametrize("population", ["random", "acquiescent", "dissenting"])
def test_no_party_is_first_for_most_voters_whatever_they_answer(report, population):
    first = report.population(population).first
    assert max(first.values()) <= MAX_FIRST, first


def test_every_party_is_first_for_some_random_voters(report):
    first = report.population("random").first
    assert min(first.values()) >= MIN_FIRST_RANDOM, first


def test_a_voter_answering_exactly_as_a_party_gets_that_party_first_alone(report):
    for party in report.parties:
        assert party.exact_first_alone, (party.id, party.exact_runner_up)


def test_the_least_covered_party_is_known_on_most_of_what_the_best_covered_is(report):
    known = {p.id: p.known for p in report.parties}
    assert min(known.values()) >= MIN_COVERAGE_RATIO * max(known.values()), known


def test_some_statements_divide_the_parties(report):
    dividing = [s.id for s in report.statements if s.divides]
    assert len(dividing) >= MIN_DIVIDING_STATEMENTS, dividing


def test_agreeing_is_not_always_the_more_expansive_answer(report):
    less = [s.id for s in report.statements if s.direction == "less"]
    assert len(less) / len(report.statements) >= MIN_LESS_SHARE, less
