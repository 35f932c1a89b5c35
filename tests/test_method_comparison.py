"""Does the method matter for this voter? The result page's line, the rankings side by side on the
charts page and the method page's explanation, as a voter without JavaScript meets them.

The mini quiz (tests/fixtures/content/mini): statements lagenheter, vrakningar, krav, avgifter;
alfa = (2, 2, ?, 2), beta = (-2, ?, 2, ?), gamma = (1, 0, ?, ?), where ? is unknown.
"""

import re
from html import unescape

import numpy as np
import pytest

from quiz.core.answers import Answers
from quiz.scoring.kernels import competition_ranks
from quiz.scoring.comparison import first_rows, ranking
from quiz.scoring.peers import KERNELS
from quiz.scoring.ranking import compute_result
from tests.helpers.voter import post_result
from tests.helpers.forms import checked


def line(html: str) -> str | None:
    found = re.search(r'<p class="method-check">(.*?)</p>', html, re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", found.group(1))).split()) if found else None


def charts(client, mini, state, **fields):
    """The charts page, where the line is: one click from the result, not on its first screen."""
    return client.post(f"/q/mini/{mini.version}/diagram", data={"state": checked(state, mini.version), **fields})


def test_the_same_party_first_under_every_method(client, mini):
    # "eA-c": gamma first ours (62 %), SVT's (28 of 50.5), OpenVAA's (58) and Wahl-O-Mat's (75)
    html = charts(client, mini, "eA-c").text
    assert line(html) == "Med SVT:s, OpenVAA:s och Wahl-O-Mats sätt att räkna kommer samma parti först."
    first_screen = post_result(client, mini, "eA-c").text
    assert line(first_screen) is None and "SVT" not in first_screen and "euklid" not in first_screen
    assert f'formaction="/q/mini/{mini.version}/diagram"' in first_screen


def test_which_party_comes_first_under_which_method(client, mini):
    # "beab": ours puts gamma first; SVT and OpenVAA put alfa first, Wahl-O-Mat (unknown = neutral) beta
    assert line(charts(client, mini, "beab").text) == (
        "Sättet att räkna spelar roll för dig: med SVT:s sätt kommer Alfapartiet först, med OpenVAA:s sätt kommer "
        "Alfapartiet först och med Wahl-O-Mats sätt kommer Betapartiet först."
    )


def test_on_a_shared_result_the_line_speaks_of_the_answers_in_the_link(client, mini):
    """A shared result is someone else's answers: the line says so, in Swedish and English, and the
    reader's own line (kept beside it in memory) still speaks to the reader."""
    assert line(charts(client, mini, "beab", delad="1").text).startswith(
        "Sättet att räkna spelar roll för svaren i länken: med SVT:s sätt kommer Alfapartiet först,"
    )
    assert line(charts(client, mini, "beab", delad="1", lang="en").text).startswith(
        "The way of counting matters for the answers in the link: SVT's way puts Alfapartiet first"
    )
    assert line(charts(client, mini, "beab").text).startswith("Sättet att räkna spelar roll för dig:")


def test_ties_are_stated_as_ties(client, mini):
    # "baAd": SVT and OpenVAA agree with ours (gamma); Wahl-O-Mat gives all three the same points
    assert line(charts(client, mini, "baAd").text) == (
        "Sättet att räkna spelar roll för dig: med SVT:s sätt kommer samma parti först, med OpenVAA:s sätt kommer "
        "samma parti först och med Wahl-O-Mats sätt delar Alfapartiet, Betapartiet och Gammapartiet första platsen."
    )
    # "--dd": alfa and beta share first place under every method
    assert line(charts(client, mini, "--dd").text) == (
        "Med SVT:s, OpenVAA:s och Wahl-O-Mats sätt att räkna delar samma partier första platsen."
    )
    # "bdaD": alfa and gamma share our first place; every peer puts alfa alone first
    assert line(charts(client, mini, "bdaD").text).startswith(
        "Sättet att räkna spelar roll för dig: med SVT:s sätt kommer Alfapartiet först,"
    )


def test_no_line_when_nothing_was_answered(client, mini):
    html = charts(client, mini, "----").text
    assert 'class="method-check"' not in html


def test_the_line_in_english_and_within_a_municipality(client, mini):
    html = charts(client, mini, "beab", lang="en").text
    assert line(html) == (
        "The way of counting matters for you: SVT's way puts Alfapartiet first, OpenVAA's way puts Alfapartiet first "
        "and Wahl-O-Mat's way puts Betapartiet first."
    )
    # Solna has alfa and gamma only: without beta, Wahl-O-Mat gives both 1.5 points
    assert line(charts(client, mini, "beab", kommun="solna").text) == (
        "Sättet att räkna spelar roll för dig: med SVT:s sätt kommer Alfapartiet först, med OpenVAA:s sätt kommer "
        "Alfapartiet först och med Wahl-O-Mats sätt delar Alfapartiet och Gammapartiet första platsen."
    )


def rankings_table(html: str) -> list[list[str]]:
    table = re.search(r'<table class="method-rankings">(.*?)</table>', html, re.S).group(1)
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    return [[" ".join(unescape(re.sub(r"<[^>]+>", "", c)).split()) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)]
            for r in rows]


def test_charts_page_ranks_the_parties_under_each_method_side_by_side(client, mini):
    response = client.post(f"/q/mini/{mini.version}/diagram", data={"state": checked("eA-c", mini.version)})
    html = response.text
    assert response.status_code == 200 and 'id="metoder"' in html
    assert rankings_table(html) == [
        ["Plats", "Valkompassen", "SVT", "OpenVAA", "Wahl-O-Mat"],
        ["1", "Gammapartiet 62 %", "Gammapartiet 55 %", "Gammapartiet 58 %", "Gammapartiet 75 %"],
        ["2", "Betapartiet 44 %", "Alfapartiet 29 %", "Alfapartiet 50 %", "Betapartiet 50 %"],
        ["3", "Alfapartiet 38 %", "Betapartiet 0 %", "Betapartiet 17 %", "Alfapartiet 38 %"],
    ]
    for repository in ("svt/election-compass-match", "OpenVAA/voting-advice-application", "msteudtn/Mat-O-Wahl"):
        assert f'href="https://github.com/{repository}"' in html
    assert "En okänd ståndpunkt ger 0 av 2,5 poäng" in html and "En okänd ståndpunkt räknas som neutral." in html
    assert "<script" not in html.split('id="metoder"')[1]


def test_charts_page_says_which_places_are_shared(client, mini):
    html = client.post(f"/q/mini/{mini.version}/diagram", data={"state": checked("baAd", mini.version)}).text
    wahl = [row[4] for row in rankings_table(html)[1:]]
    assert all("(delad 1:a plats)" in cell for cell in wahl)
    assert [row[2] for row in rankings_table(html)[1:]][0].startswith("Gammapartiet")


def test_method_page_explains_each_peers_rule_for_unknown_positions_and_why_ours(client, mini):
    html = unescape(client.get(f"/q/mini/{mini.version}/metod").text)
    section = html.split('id="andra-satt"')[1]
    assert "En okänd ståndpunkt ger 0 av 2,5 poäng, ett fast avdrag" in section  # SVT
    assert "motsatta ytterligheten mot ditt svar, alltså det sämsta fallet" in section  # OpenVAA
    assert "En okänd ståndpunkt räknas som neutral." in section  # Mat-O-Wahl
    assert "Varför vi valde halva det största avståndet" in section
    english = unescape(client.get(f"/q/mini/{mini.version}/metod?lang=en").text).split('id="andra-satt"')[1]
    assert "Why we chose half the largest distance" in english and "counts as neutral" in english


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("municipality", ["alla", "solna"])
def test_the_voter_path_gives_the_kernels_numbers(app, mini, seed, municipality):
    """What the pages and the API show comes from per-answer terms: the same numbers as the kernels."""
    rng = np.random.default_rng(seed)
    with app.test_request_context():
        for _ in range(25):
            state = "".join(rng.choice(list("-abcdeABCDE"), size=len(mini.statements)))
            answers = Answers.decode(mini.quiz.scale_values, len(mini.statements), state)
            result = compute_result(mini, answers, municipality)
            values, weights = answers.arrays()
            positions = mini.positions[mini.party_indices(municipality)]
            for method, kernel in KERNELS.items():
                expected = kernel(values, weights, positions)
                ranked = ranking(result, method)
                by_party = {row.party.id: row for row in ranked.ranking}
                ids = [mini.parties[i].id for i in mini.party_indices(municipality)]
                shown = expected.percent.tolist() if result.answered else [float("nan")] * len(ids)
                if result.answered:
                    assert [by_party[i].percent for i in ids] == expected.percent.astype(int).tolist()
                ranks = competition_ranks(shown)  # by the percentage shown, as ours
                assert [by_party[i].rank for i in ids] == ranks
                names = [mini.parties[i].name for i in mini.party_indices(municipality)]
                order = [i for _, _, i in sorted(zip(ranks, names, range(len(ids))))]  # alphabetical in a tie
                assert [row.party.id for row in ranked.ranking] == [ids[i] for i in order]
                rows = first_rows(result)
                if rows is not None:  # the result page's line: first by the percentage shown, from the packed sums
                    assert dict(rows[1])[method] == tuple(i for i, r in enumerate(ranks) if r == 1)


def test_method_page_from_a_result_explains_the_peers_too(client, mini):
    html = client.post(f"/q/mini/{mini.version}/metod", data={"state": checked("eA-c", mini.version)}).text
    assert 'id="andra-satt"' in html and "svt/election-compass-match" in html


@pytest.mark.parametrize("scale", [(-2, -1, 0, 1, 2), (-1, 0, 1), (-3, -2, -1, 0, 1, 2, 3)])
def test_packed_sums_are_the_sums_of_the_answer_terms(scale):
    """The result page adds each answer's terms as one packed integer (whole quarters, 32-bit fields);
    a scale whose OpenVAA coordinates are not quarters (seven steps) sums the float rows instead."""
    from quiz.core.answers import answer_table
    from quiz.scoring.peers import peer_answer_terms
    from quiz.scoring.terms import PackedRows

    table = answer_table(scale)
    values = np.array([a.number for a in table.values()])
    weights = np.array([a.weight for a in table.values()])
    rng = np.random.default_rng(len(scale))
    positions = rng.choice(np.array(scale, dtype=float), size=(7, 40))
    positions[rng.random(positions.shape) < 0.2] = np.nan
    rows = peer_answer_terms(values, weights, positions, scale[0], scale[-1])
    terms = PackedRows.build(tuple(table), rows)
    assert (terms.packed is not None) == (len(scale) != 7)
    for _ in range(20):
        state = "".join(rng.choice(list(table), size=40))
        expected = [sum(column) for column in zip(*(rows[s, list(table).index(ch)] for s, ch in enumerate(state)))]
        assert terms.sums(state) == pytest.approx(expected, rel=0, abs=1e-12)
        if terms.packed is not None:
            assert terms.sums(state) == expected  # whole quarters: exact


def test_peers_places_are_shared_by_the_percentage_shown(client, mini):
    """Ties are shown as ties, by the number shown: "aaAA" gives beta SVT's 16 of 55.5 (28.8 %) and gamma
    12 of 42 (28.6 %), both 29 %, so they share SVT's first place in the table, the line and the API."""
    html = client.post(f"/q/mini/{mini.version}/diagram", data={"state": checked("aaAA", mini.version)}).text
    svt = [row[2] for row in rankings_table(html)[1:]]
    assert svt[:2] == ["Betapartiet 29 % (delad 1:a plats)", "Gammapartiet 29 % (delad 1:a plats)"]
    assert "med SVT:s sätt delar Betapartiet och Gammapartiet första platsen" in line(charts(client, mini, "aaAA").text)
    body = {"answers": {"lagenheter": -2, "vrakningar": -2, "krav": -2, "avgifter": -2},
            "important": ["krav", "avgifter"], "method": "svt"}
    parties = client.post(f"/api/v1/q/mini/{mini.version}/match", json=body).get_json()["parties"]
    assert [(p["id"], p["percent"], p["rank"], p["tied"]) for p in parties] == [
        ("beta", 29, 1, True), ("gamma", 29, 1, True), ("alfa", 0, 3, False),
    ]


@pytest.mark.parametrize("scale, applies", [
    ((-2, -1, 0, 1, 2), True), ((-2, 0, 2), False), ((-2, -1, 1, 2), False), ((-1, 0, 1), False),
    ((-3, -2, -1, 0, 1, 2, 3), False),
])
def test_svts_table_applies_to_exactly_five_consecutive_steps(scale, applies):
    from quiz.scoring.peers import svt_applies

    assert svt_applies(scale) is applies


def test_a_quiz_whose_scale_spans_four_but_has_three_steps_has_no_svt(make_app, tmp_path):
    """[-2, 0, 2] spans SVT's range but is not its five-step question: no SVT anywhere."""
    import shutil

    import yaml

    from tests.conftest import FIXTURES

    content = tmp_path / "three"
    shutil.copytree(FIXTURES, content)
    quiz_file, gamma = content / "mini" / "quiz.yaml", content / "mini" / "positions" / "gamma.yaml"
    meta = yaml.safe_load(quiz_file.read_text())
    meta["scale"] = {"values": [-2, 0, 2], "labels": {"-2": "Emot", "0": "Neutral", "2": "För"}}
    quiz_file.write_text(yaml.safe_dump(meta, allow_unicode=True))
    gamma.write_text(gamma.read_text().replace("value: 1,", "value: 2,"))
    app = make_app(content)
    client, pq = app.test_client(), app.extensions["catalog"].latest("mini")
    assert pq.quiz.scale_values == (-2, 0, 2)
    answers = {"answers": {"lagenheter": 2, "vrakningar": -2, "avgifter": 0}}
    response = client.post(f"/api/v1/q/mini/{pq.version}/match", json={**answers, "method": "svt"})
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == "Metoden svt går inte att använda på det här quizets skala."
    assert client.post(f"/api/v1/q/mini/{pq.version}/match", json={**answers, "method": "openvaa"}).status_code == 200
    state = checked("caB-", pq.version)  # lagenheter 2, vrakningar −2, krav 0 important, avgifter skipped
    html = client.post(f"/q/mini/{pq.version}/diagram", data={"state": state}).text
    assert rankings_table(html)[0] == ["Plats", "Valkompassen", "OpenVAA", "Wahl-O-Mat"]
    assert "SVT" not in line(html) and "OpenVAA" in line(html)
    assert "svt/election-compass-match" not in client.get(f"/q/mini/{pq.version}/metod").text


def test_the_line_is_kept_once_per_reading_not_per_class_code(app, client, mini):
    """The line depends on the reading (language, lättläst, embed) and who comes first in which
    municipality: class codes and a municipality with the same first places add no copies."""
    lines = []
    for fields in ({}, {"klass": "ACD347"}, {"klass": "BCD348"}, {"klass": "CDE349"}):
        lines.append(line(charts(client, mini, "beab", **fields).text))
    assert len(set(lines)) == 1 and len(app.extensions["method_lines"]) == 1
    charts(client, mini, "beab", lang="en")
    assert len(app.extensions["method_lines"]) == 2
