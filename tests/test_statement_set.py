"""The real statement set (statements/socialpolitik): what a voter relies on when trusting the result.

Every number is computed from the loaded content, never written down here: every position must be
quoted from the party's own text, every statement explained, and METHOD.md must describe the set as
it is. No test here fails on the content's outcome figures (how many positions a party has, how many
statements divide, whether a party's exact voter finds it first): those are measured and published by
the audit (test_neutrality.py), never enforced, so that nobody codes a position for a figure (issue 22).
"""

from __future__ import annotations

import re

import pytest

from quiz.content.folders import load_path
from quiz.core.model import normalise_space
from tests.conftest import ROOT

FOLDER = ROOT / "statements" / "socialpolitik"
SOURCES = ROOT / "statements" / "sources"

MAX_BACKGROUND_WORDS = 60


@pytest.fixture(scope="module")
def quiz():
    [quiz] = load_path(FOLDER)
    return quiz


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


def test_every_topic_has_statements(quiz):
    used = {s.topic for s in quiz.statements}
    assert {t.id for t in quiz.topics} <= used


def test_the_quiz_and_every_justification_have_english_and_the_description_an_easy_version(quiz):
    """Translations, not rewordings, beside the Swedish (issue 22); a quote stays the party's words."""
    assert quiz.translations["en"]["title"] and quiz.translations["en"]["description"]
    assert quiz.easy["description"]
    for pos in known(quiz):
        assert pos.translations.get("en", {}).get("justification"), (pos.party, pos.statement)


def test_every_statement_is_explained_in_plain_easy_and_english_text(quiz):
    party_ids = {p.id for p in quiz.parties}
    for s in quiz.statements:
        assert s.text.endswith(".") and "?" not in s.text, s.id  # a proposal, not a question
        assert len(s.background.split()) <= MAX_BACKGROUND_WORDS, (s.id, len(s.background.split()))
        assert s.easy.get("text") and s.easy.get("background"), s.id
        assert s.translations.get("en", {}).get("text") and s.translations["en"].get("background"), s.id
        assert s.origin in party_ids, s.id


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


def test_method_md_contains_the_current_coverage_table(quiz):
    method = (FOLDER / "METHOD.md").read_text(encoding="utf-8")
    assert coverage_table(quiz) in method, "METHOD.md is stale; its table should read:\n" + coverage_table(quiz)
    assert re.search(rf"\b{len(quiz.statements)} påståenden\b", method)
