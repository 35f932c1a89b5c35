"""The real statement set (statements/socialpolitik): what a voter relies on when trusting the result.

Every number is computed from the loaded content, never written down here: the set must stay
large and balanced enough that each party's answers find that party first, every position must be
quoted from the party's own text, and METHOD.md must describe the set as it is.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from quiz.answers import Answer, Answers
from quiz.catalog import ALL_MUNICIPALITIES, PublishedQuiz, slug
from quiz.content import load_path, normalise_space
from quiz.results import compute_result
from tests.conftest import ROOT

FOLDER = ROOT / "statements" / "socialpolitik"
SOURCES = ROOT / "statements" / "sources"

MIN_STATEMENTS = 30
MIN_KNOWN_PER_PARTY = 8
MAX_ORIGIN_RATIO = 2  # the party that worded the most statements worded at most twice as many as the fewest
MIN_SIGN_DIFFERENCES = 1  # statements where one party is for and another against (METHOD.md says why so few)
MAX_BACKGROUND_WORDS = 60


@pytest.fixture(scope="module")
def quiz():
    [quiz] = load_path(FOLDER)
    return quiz


@pytest.fixture(scope="module")
def published(quiz):
    return PublishedQuiz(quiz, "test", 1)


def known(quiz, party_id=None, statement_id=None):
    return [
        p
        for p in quiz.positions
        if p.value is not None
        and (party_id is None or p.party == party_id)
        and (statement_id is None or p.statement == statement_id)
    ]


def coverage_table(quiz) -> str:
    """The per-party table METHOD.md must contain, recomputed from the content."""
    lines = [
        "| Parti | Kända ståndpunkter | varav uttryckliga | varav tolkade | Okända | Formulerade påståenden |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for party in quiz.parties:
        mine = known(quiz, party.id)
        explicit = sum(p.basis == "explicit" for p in mine)
        origins = sum(s.origin == party.id for s in quiz.statements)
        lines.append(
            f"| {party.label} | {len(mine)} | {explicit} | {len(mine) - explicit} "
            f"| {len(quiz.statements) - len(mine)} | {origins} |"
        )
    lines.append(
        f"| Totalt ({len(quiz.statements)} påståenden) | {len(known(quiz))} "
        f"| {sum(p.basis == 'explicit' for p in known(quiz))} "
        f"| {sum(p.basis == 'interpreted' for p in known(quiz))} "
        f"| {len(quiz.statements) * len(quiz.parties) - len(known(quiz))} | {len(quiz.statements)} |"
    )
    return "\n".join(lines)


def test_every_quote_is_verbatim_in_the_partys_own_source(quiz):
    sources = {p.id: normalise_space((SOURCES / p.source_file).read_text(encoding="utf-8")) for p in quiz.parties}
    for pos in known(quiz):
        assert pos.quote and normalise_space(pos.quote) in sources[pos.party], (pos.party, pos.statement)
        assert pos.basis in ("explicit", "interpreted") and pos.justification, (pos.party, pos.statement)


def test_there_are_enough_statements_and_every_topic_has_some(quiz):
    assert len(quiz.statements) >= MIN_STATEMENTS
    used = {s.topic for s in quiz.statements}
    assert {t.id for t in quiz.topics} <= used


def test_every_statement_is_explained_in_plain_easy_and_english_text(quiz):
    party_ids = {p.id for p in quiz.parties}
    for s in quiz.statements:
        assert s.text.endswith(".") and "?" not in s.text, s.id  # a proposal, not a question
        assert len(s.background.split()) <= MAX_BACKGROUND_WORDS, (s.id, len(s.background.split()))
        assert s.easy.get("text") and s.easy.get("background"), s.id
        assert s.translations.get("en", {}).get("text") and s.translations["en"].get("background"), s.id
        assert s.origin in party_ids, s.id


def test_every_party_has_enough_known_positions(quiz):
    for party in quiz.parties:
        assert len(known(quiz, party.id)) >= MIN_KNOWN_PER_PARTY, party.id


def method_section(title: str) -> str:
    """The text of one '## title' section of METHOD.md, up to the next section."""
    method = (FOLDER / "METHOD.md").read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", method, re.S | re.M)
    assert match, f"METHOD.md has no section '## {title}'"
    return match.group(1)


def test_a_statement_only_one_party_takes_a_position_on_is_listed_with_its_reason(quiz):
    """The two-party rule gives way only where METHOD.md says why, statement by statement."""
    listed = set(re.findall(r"^\* `([a-z0-9-]+)`", method_section("Påståenden med ett enda partis ståndpunkt"), re.M))
    single = {s.id for s in quiz.statements if len(known(quiz, statement_id=s.id)) == 1}
    assert all(known(quiz, statement_id=s.id) for s in quiz.statements)
    assert single == listed, f"one party only: {sorted(single)}; listed in METHOD.md: {sorted(listed)}"


def test_one_sentence_backs_two_positions_only_where_method_md_says_it_answers_both(quiz):
    """One quote, one position: a party's sentence may back two statements only when it truly names both
    proposals, and METHOD.md lists every such pair."""
    listed = set(re.findall(r"`([a-z0-9-]+)`\s+och\s+`([a-z0-9-]+)`", method_section("Kodmanual")))
    mine = known(quiz)
    shared = {
        tuple(sorted((a.statement, b.statement)))
        for a in mine
        for b in mine
        if a.party == b.party and a.statement != b.statement and (a.quote in b.quote or b.quote in a.quote)
    }
    assert shared <= {tuple(sorted(pair)) for pair in listed}, shared


def test_every_statement_says_which_way_agreeing_points(quiz):
    assert all(s.direction in ("more", "less") for s in quiz.statements), [
        s.id for s in quiz.statements if s.direction not in ("more", "less")
    ]


def test_no_party_worded_far_more_statements_than_another(quiz):
    counts = [sum(s.origin == p.id for s in quiz.statements) for p in quiz.parties]
    assert min(counts) >= 1 and max(counts) <= MAX_ORIGIN_RATIO * min(counts), counts


def test_the_platforms_genuinely_differ_on_some_statements(quiz):
    differing = [
        s.id
        for s in quiz.statements
        if {np.sign(p.value) for p in known(quiz, statement_id=s.id)} >= {1, -1}
    ]
    assert len(differing) >= MIN_SIGN_DIFFERENCES, differing


def answers_as(published, party_index):
    """A voter answering exactly as the party does, skipping what its platform leaves unknown."""
    row = published.positions[party_index]
    items = tuple(Answer(None, seen=True) if np.isnan(v) else Answer(int(v), seen=True) for v in row)
    return Answers(published.quiz.scale_values, items)


@pytest.mark.parametrize("where", ["all", "own municipality"])
def test_answering_as_a_party_ranks_that_party_first_alone(published, where):
    for index, party in enumerate(published.parties):
        municipality = ALL_MUNICIPALITIES if where == "all" else slug(party.municipality)
        result = compute_result(published, answers_as(published, index), municipality)
        first, *rest = result.ranking
        assert first.party.id == party.id and first.percent == 100, (party.id, [r.party.id for r in result.ranking])
        assert all(r.rank > 1 for r in rest), (party.id, [(r.party.id, r.percent) for r in rest])


def test_method_md_contains_the_current_coverage_table(quiz):
    method = (FOLDER / "METHOD.md").read_text(encoding="utf-8")
    assert coverage_table(quiz) in method, "METHOD.md is stale; its table should read:\n" + coverage_table(quiz)
    assert re.search(rf"\b{len(quiz.statements)} påståenden\b", method)
