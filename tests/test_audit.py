"""The neutrality audit (quiz/analysis/audit.py, `flask quiz audit`) on quizzes small enough to work out by hand."""

import json
import re
from math import erf, sqrt

import numpy as np
import pytest

from dataclasses import replace

from quiz.analysis.audit import (
    audit, audit_municipalities, first_shares, format_text_with_municipalities, single_party_municipalities,
)
from quiz.content.folders import load_quiz
from quiz.core.model import Party, Position, Quiz, Statement
from quiz.analysis.peer_audit import top_match_changes
from tests.conftest import FIXTURES


def normal_above(x: float) -> float:
    """P(Z ≥ x) for a standard normal Z."""
    return 0.5 * (1 - erf(x / sqrt(2)))


def tilted_quiz() -> Quiz:
    """Two parties that agree wherever both are known; "Japartiet" also says yes to `mer`, where
    "Tystpartiet" is silent. Only `mer` tells them apart: a voter gets Japartiet first exactly when
    they answer `mer` with +1 or +2 (d = 0 or 1 against the unknown rule's 2 or 1.5); at 0, −1, −2
    the unknown charge (1, 1.5, 2) is smaller than Japartiet's 2, 3, 4. So the more positions a
    yes-saying party has, the more agreeing voters it collects."""
    known = dict(basis="explicit", justification="j", quote="q")
    return Quiz(
        id="tilt", title="Tilt", language="sv", scale_values=(-2, -1, 0, 1, 2), scale_labels={},
        parties=(Party("ja", "Japartiet", "J"), Party("tyst", "Tystpartiet", "T")),
        statements=(Statement("lika", "Båda säger ja.", direction="more"), Statement("mer", "Gör mer.", direction="more")),
        positions=(
            Position("ja", "lika", 2, **known), Position("ja", "mer", 2, **known),
            Position("tyst", "lika", 2, **known), Position("tyst", "mer", None),
        ),
    )


def test_first_places_are_split_on_shown_ties_and_empty_voters_count_for_nobody():
    scores = np.array([[90.0, 80.0], [70.2, 69.9], [50.0, 60.0], [np.nan, np.nan]])
    # voter 1: first alone; voter 2: 70 % and 70 % as shown, so half each; voter 3: the second party
    assert first_shares(scores).tolist() == pytest.approx([(1 + 0.5) / 3, (0.5 + 1) / 3])


def test_a_party_that_says_yes_to_more_wins_the_agreeing_voters():
    report = audit(tilted_quiz())
    share = lambda population, party: report.population(population).first[party]  # noqa: E731
    # random: Japartiet first iff `mer` is answered +1 or +2: 2 of 5 values
    assert share("random", "ja") == pytest.approx(2 / 5, abs=0.03)
    assert share("random", "tyst") == pytest.approx(3 / 5, abs=0.03)
    # acquiescent: answers round(N(+1, 1)), so +1 or +2 when the draw is ≥ 0.5: P(Z ≥ −0.5) ≈ 69 %
    assert share("acquiescent", "ja") == pytest.approx(normal_above(-0.5), abs=0.03)
    # dissenting: N(−1, 1) ≥ 0.5: P(Z ≥ 1.5) ≈ 7 %
    assert share("dissenting", "ja") == pytest.approx(normal_above(1.5), abs=0.03)
    # Japartiet's own voters answer around +2: P(Z ≥ −1.5) ≈ 93 %; Tystpartiet's answer `mer` at random
    assert share("party:ja", "ja") == pytest.approx(normal_above(-1.5), abs=0.03)
    assert share("party:tyst", "tyst") == pytest.approx(3 / 5, abs=0.03)
    assert report.summary.max_first_acquiescent == share("acquiescent", "ja")
    assert report.summary.leaders["acquiescent"] == "ja"


def test_a_party_silent_where_the_other_speaks_cannot_be_found_by_its_own_exact_voter():
    ja, tyst = audit(tilted_quiz()).parties
    # answering exactly as Japartiet (+2, +2): Japartiet 100 %, Tystpartiet 1 − 2/8 = 75 %
    assert ja.exact_first_alone and ja.exact_percent == 100.0
    # answering as Tystpartiet (+2, `mer` skipped): both 100 %, a shared first place
    assert not tyst.exact_first_alone and tyst.exact_runner_up == "ja"
    assert (ja.known, ja.explicit, tyst.known) == (2, 2, 1)


def test_the_mini_quizs_statements_and_parties_by_hand():
    report = audit(load_quiz(FIXTURES / "mini", FIXTURES / "sources"), "1-test")
    by_id = {s.id: s for s in report.statements}
    # lagenheter: alfa +2, beta −2, gamma +1: 4 steps; vrakningar: alfa +2, gamma 0: 2 steps
    assert (by_id["lagenheter"].spread, by_id["lagenheter"].divides) == (4, True)
    assert (by_id["vrakningar"].spread, by_id["vrakningar"].divides) == (2, True)
    # krav and avgifter: one known position each, so no answer can separate the parties' stated positions
    assert by_id["krav"].known == 1 and not by_id["krav"].divides
    assert report.inseparable() == ("krav", "avgifter")
    assert by_id["lagenheter"].positions == {"alfa": 2, "beta": -2, "gamma": 1}
    summary = report.summary
    assert summary.dividing_share == 2 / 4
    assert summary.less_share == 1 / 4  # krav is marked "less", lagenheter "more", two unstated
    assert summary.coverage_ratio == 2 / 3  # alfa 3 known, beta and gamma 2
    alfa, beta, gamma = report.parties
    assert (alfa.known, alfa.explicit, alfa.interpreted) == (3, 2, 1)
    # exact voters: alfa (+2, +2, –, +2) gives beta 1 − 8/12 and gamma 1 − 5/12; each party is found
    assert all(p.exact_first_alone for p in report.parties) and summary.exact_voters_first_alone == 1
    assert sum(report.population("random").first.values()) == pytest.approx(1)
    missed = report.missed_targets()
    assert any(m.startswith("less_share = 0.250") for m in missed)
    assert not any(m.startswith(("dividing_share", "coverage_ratio")) for m in missed)


def test_each_municipality_is_audited_among_its_own_parties():
    """The tilted quiz's two parties stand in Stad; a third, in Annan, says no to everything Japartiet
    says yes to. A voter in Stad meets only Japartiet and Tystpartiet, so Stad's audit is the two-party
    audit worked out by hand above (same voters, same shares), whatever the third party says."""
    tilted = tilted_quiz()
    stad = tuple(replace(p, municipality="Stad") for p in tilted.parties)
    nej = Party("nej", "Nejpartiet", "N", municipality="Annan")
    known = dict(basis="explicit", justification="j", quote="q")
    quiz = replace(tilted, parties=(*stad, nej), positions=(
        *tilted.positions, Position("nej", "lika", -2, **known), Position("nej", "mer", -2, **known)))
    [report] = audit_municipalities(quiz)
    assert report.municipality == "Stad" and [p.id for p in report.parties] == ["ja", "tyst"]
    assert single_party_municipalities(quiz) == ("Annan",)
    assert report.population("random").first["ja"] == pytest.approx(2 / 5, abs=0.03)
    assert report.population("acquiescent").first["ja"] == pytest.approx(normal_above(-0.5), abs=0.03)
    assert report.populations[:3] == audit(tilted).populations[:3]
    # among all three, Nejpartiet (−2, −2) takes the random voters who answer `lika` at −1 or −2 and more
    assert audit(quiz).population("random").first["nej"] > 0.3
    # `lika`: all three known, +2, +2, −2, divides overall; in Stad only +2 and +2, so it cannot separate
    assert audit(quiz).statements[0].divides and not report.statements[0].separable


def test_the_mini_quizs_municipalities_by_hand():
    """Solna has alfa and gamma, Huddinge beta alone."""
    quiz = load_quiz(FIXTURES / "mini", FIXTURES / "sources")
    assert single_party_municipalities(quiz) == ("Huddinge",)
    [solna] = audit_municipalities(quiz)
    by_id = {s.id: s for s in solna.statements}
    # lagenheter: alfa +2, gamma +1 (1 step); vrakningar: alfa +2, gamma 0 (2 steps); krav: nobody known in Solna
    assert (by_id["lagenheter"].spread, by_id["lagenheter"].divides) == (1, False)
    assert (by_id["vrakningar"].spread, by_id["vrakningar"].divides) == (2, True)
    assert by_id["krav"].known == 0 and by_id["krav"].spread is None
    assert solna.summary.dividing_share == 1 / 4 and solna.summary.coverage_ratio == 2 / 3
    alfa, gamma = solna.parties
    # each one's exact voter finds it alone: alfa's (+2, +2, –, +2) scores gamma 1 − (1 + 2 + 2)/12
    assert alfa.exact_percent == 100 and gamma.exact_percent == 100
    assert alfa.exact_first_alone and gamma.exact_first_alone
    assert sum(solna.population("random").first.values()) == pytest.approx(1)


def test_the_same_quiz_gives_the_same_report():
    quiz = tilted_quiz()
    assert audit(quiz).to_json() == audit(quiz).to_json()
    assert audit(quiz, seed=13).populations != audit(quiz).populations  # the seed, not chance, fixes them


def test_flask_quiz_audit_prints_the_report_and_json(runner, mini):
    text = runner.invoke(args=["quiz", "audit"])
    assert text.exit_code == 0, text.output
    assert f"Neutrality audit: mini {mini.version}" in text.output
    assert "statements that divide the parties: 50 % (2 of 4)" in text.output
    assert "inseparable statements: krav, avgifter" in text.output
    as_json = runner.invoke(args=["quiz", "audit", "mini", "--json", "--version", mini.version])
    data = json.loads(as_json.output)
    assert data["summary"]["coverage_ratio"] == pytest.approx(2 / 3)
    assert [p["name"] for p in data["populations"]][:3] == ["random", "acquiescent", "dissenting"]
    assert data["inseparable"] == ["krav", "avgifter"]
    report = audit(mini.quiz, mini.version)
    report.extra["top_match_changes"] = top_match_changes(mini.quiz)
    by_municipality = audit_municipalities(mini.quiz, mini.version)
    assert format_text_with_municipalities(report, by_municipality, ("Huddinge",)) == text.output
    assert "— Solna (2 parties)" in text.output and "no ranking to audit: Huddinge" in text.output
    [solna] = data["municipalities"]
    assert solna["municipality"] == "Solna" and [p["id"] for p in solna["parties"]] == ["alfa", "gamma"]
    assert data["single_party_municipalities"] == ["Huddinge"]
    wrong = runner.invoke(args=["quiz", "audit", "mini", "--version", "9-deadbeef"])
    assert wrong.exit_code != 0 and "no such quiz or version" in wrong.output


def test_how_often_another_way_of_counting_changes_the_top_match():
    """The tilted quiz: only `mer` tells Japartiet (+2) from Tystpartiet (unknown) apart. Wahl-O-Mat
    (unknown = neutral) picks as we do: for, Japartiet; neutral or against, Tystpartiet. OpenVAA puts
    the unknown at the extreme opposite the voter, which for a neutral or disagreeing voter is +2,
    Japartiet's own position: the two tie, so 3 of 5 random voters see a shared first place instead."""
    changes = top_match_changes(tilted_quiz())
    assert changes.changed["random"]["matowahl"] == 0.0
    assert changes.changed["random"]["openvaa"] == pytest.approx(3 / 5, abs=0.03)
    assert set(changes.changed) == {"random", "acquiescent", "dissenting", "party:ja", "party:tyst"}
    assert set(changes.changed["random"]) == {"svt", "openvaa", "matowahl"}
    text = "\n".join(changes.lines())
    assert "random" in text and "openvaa" in text


def test_flask_quiz_audit_reports_top_match_changes_in_text_and_json(runner, mini):
    text = runner.invoke(args=["quiz", "audit"]).output
    assert "top_match_changes:" in text and "first place differs from ours" in text
    data = json.loads(runner.invoke(args=["quiz", "audit", "--json"]).output)
    changed = data["extra"]["top_match_changes"]["changed"]
    assert set(changed["random"]) == {"svt", "openvaa", "matowahl"}
    assert all(0.0 <= share <= 1.0 for population in changed.values() for share in population.values())


def test_the_method_page_shows_the_audit_of_its_version(client, mini):
    response = client.get(f"/q/mini/{mini.version}/metod")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "public" in response.headers["Cache-Control"]
    section = re.search(r'<section class="audit".*?</section>', html, re.S).group(0)
    assert "Så har vi prövat urvalet" in section
    report = audit(mini.quiz, mini.version)
    table = re.search(r'<table class="audit-first">.*?</table>', section, re.S).group(0)
    for party in mini.parties:
        row = re.search(rf"<tr><th scope=\"row\">{party.name} .*?</tr>", table, re.S).group(0)
        shown = [int(x) for x in re.findall(r"<td>(\d+) %</td>", row)]
        names = ("random", "acquiescent", "dissenting", f"party:{party.id}")
        assert shown == [round(100 * report.population(n).first[party.id]) for n in names]
    assert "2 av 4 påståenden skiljer partierna åt" in section
    assert "I 1 av 4 påståenden är ”Helt för” det mindre långtgående svaret" in section
    inseparable = re.search(r'<ul class="audit-inseparable">(.*?)</ul>', section, re.S).group(1)
    assert re.findall(r"<li>(.*?)</li>", inseparable) == [
        "Försörjningsstöd ska ha tydliga krav.", "Kommunen ska ta bort avgifterna i hemtjänsten."]
    assert "har 67 % så många kända ståndpunkter" in section  # beta and gamma 2, alfa 3
    assert section.count("först, ensamt") == 3
    [solna] = audit_municipalities(mini.quiz, mini.version)
    table = re.search(r'<table class="audit-first" data-municipality="Solna">.*?</table>', section, re.S).group(0)
    assert "Solna: andel påhittade väljare som får partiet först bland kommunens 2 partier" in table
    assert "Betapartiet" not in table
    for party in (mini.parties[0], mini.parties[2]):
        row = re.search(rf"<tr><th scope=\"row\">{party.name} .*?</tr>", table, re.S).group(0)
        shown = [int(x) for x in re.findall(r"<td>(\d+) %</td>", row)]
        names = ("random", "acquiescent", "dissenting", f"party:{party.id}")
        assert shown == [round(100 * solna.population(n).first[party.id]) for n in names]
    assert "I Solna skiljer 1 av 4 påståenden partierna åt" in section
    assert "I Huddinge har quizet ett enda parti, så där finns ingen rangordning att pröva." in section


def test_the_method_pages_audit_in_english_and_computed_once_per_version(client, mini, monkeypatch):
    import quiz.analysis.audit

    calls, build = [], quiz.analysis.audit.build_version_audit
    monkeypatch.setattr(quiz.analysis.audit, "build_version_audit", lambda pq: calls.append(pq) or build(pq))
    english = client.get(f"/q/mini/{mini.version}/metod?lang=en").get_data(as_text=True)
    assert "How we tested the selection" in english and "first, alone" in english
    assert "2 of 4 statements divide the parties" in english
    client.get(f"/q/mini/{mini.version}/metod")
    client.get(f"/q/mini/{mini.version}/metod?lattlast=1")
    assert len(calls) == 1
