"""The result page explains itself: comparison with quotes, filters, re-weighting, share links,
charts and the method page, as a voter without JavaScript meets them.

The mini quiz (tests/fixtures/content/mini): statements lagenheter, vrakningar, krav, avgifter;
alfa = (2, 2, ?, 2), beta = (-2, ?, 2, ?), gamma = (1, 0, ?, ?), where ? is unknown.
"""

import re
from html import unescape

import numpy as np
import pytest

from quiz.core.answers import Answers
from quiz.scoring.kernels import score_parties
from quiz.analysis.worked_example import example_answers
from tests.helpers.forms import answers_in, checked
from tests.helpers.voter import percents, post_result


def comparison_items(html) -> list[str]:
    return re.findall(r'<li class="compare-item".*?</ul></li>', html, re.S)


def test_comparison_shows_every_statement_with_each_partys_position_and_quote(client, mini):
    html = post_result(client, mini, "eA-c").get_data(as_text=True)
    items = comparison_items(html)
    assert len(items) == 4
    first = items[0]
    assert "Helt för" in re.search(r'class="my-answer">(.*?)</span>', first).group(1)  # the voter's answer
    for party in ("Alfapartiet", "Betapartiet", "Gammapartiet"):  # full names, not short ones
        assert f'<b>{party}</b>' in first
    assert "”vill att kommunen bygger fler sociala lägenheter”" in first  # alfa's verbatim quote
    assert 'href="https://example.org/alfa"' in first  # a link to the party's source
    assert "samma som du" in first and "4 steg från dig" in first  # alfa 2 vs 2; beta -2 vs 2
    # vrakningar: alfa's basis is interpreted, beta has no position: unknown, not neutral
    second = items[1]
    assert 'class="tag interpreted">tolkning' in second
    beta = re.search(r'data-party="beta".*?</li>', second, re.S).group(0)
    assert "okänd" in beta and "Neutral" not in beta and "<blockquote" not in beta
    # krav was skipped: the parties' positions are shown, without a distance from the voter
    third = items[2]
    assert "Överhoppad" in third and "Helt för" in third and "steg från dig" not in third


def test_comparison_is_folded_by_topic_in_quiz_order_within_each(client, mini):
    html = post_result(client, mini, "eA-c").get_data(as_text=True)
    comparison = re.search(r'<div class="comparison">(.*)</div>\s*</section>', html, re.S).group(1)
    folds = re.findall(r'<details class="topic-fold"[^>]*><summary><span class="topic-title">([^<]+)</span> <small>([^<]+)</small>'
                       r'</summary>\s*<ol class="compare-list">(.*?)</ol></details>', comparison, re.S)
    assert folds and comparison.count("<details class=\"topic-fold\"") == len(folds)  # every fold closed, none open
    numbers = [re.findall(r'id="jamfor-(\d+)"', body) for _, _, body in folds]
    assert sorted(int(n) for group in numbers for n in group) == [1, 2, 3, 4]  # each statement once
    for title, size, body in folds:
        count = len(re.findall(r'<li class="compare-item"', body))
        assert size == (f"{count} påstående" if count == 1 else f"{count} påståenden"), title
    assert all(group == sorted(group, key=int) for group in numbers)


def test_party_filter_limits_the_comparison_not_the_ranking(client, mini):
    html = post_result(client, mini, "eA-c", parti=["alfa", "gamma"]).get_data(as_text=True)
    assert set(percents(html)) == {"Alfapartiet", "Betapartiet", "Gammapartiet"}
    for item in comparison_items(html):
        assert sorted(re.findall(r'data-party="([a-z]+)"', item)) == ["alfa", "gamma"]
    # the choice survives the next form: the answers form carries it
    assert html.count('<input type="hidden" name="parti" value="alfa">') == 1
    assert re.search(r'<input type="checkbox" name="parti" value="alfa" checked>', html)
    assert re.search(r'<input type="checkbox" name="parti" value="beta">', html)


def test_unknown_party_in_the_filter_is_ignored(client, mini):
    html = post_result(client, mini, "eA-c", parti="<script>").get_data(as_text=True)
    assert "<script>" not in html
    assert len(re.findall(r'data-party="', comparison_items(html)[0])) == 3


def test_municipality_filter_on_the_result_page(client, mini):
    html = post_result(client, mini, "eA-c", kommun="solna").get_data(as_text=True)
    assert set(percents(html)) == {"Alfapartiet", "Gammapartiet"}
    assert 'data-party="beta"' not in html
    assert '<input type="radio" name="kommun" value="solna" checked>' in html


def test_reweighting_from_the_result_page_recomputes(client, mini):
    before = percents(post_result(client, mini, "eA-c").get_data(as_text=True))
    # krav: now "Helt emot" (against beta's 2) and important; lagenheter no longer important
    response = post_result(client, mini, "eA-c", action="omrakna", **{"svar-1": "2", "svar-2": "2", "svar-3": "-2",
                                                                  "viktig-3": "1", "svar-4": "0"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert answers_in(html) == "eeAc"
    values, weights = Answers.decode(mini.quiz.scale_values, 4, "eeAc").arrays()
    expected = np.round(score_parties(values, weights, mini.positions).scores).astype(int)
    assert percents(html) == dict(zip(["Alfapartiet", "Betapartiet", "Gammapartiet"], expected.tolist()))
    assert percents(html) != before


def test_invalid_reweighting_shows_the_form_again_with_the_errors_and_keeps_the_answers(client, mini):
    response = post_result(client, mini, "eA-c", action="omrakna", **{"svar-1": "2", "svar-2": "9", "svar-4": "x"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    errors = re.search(r'id="edit-errors".*?</div>', html, re.S).group(0)
    assert 'href="#svar-2"' in errors and 'href="#svar-4"' in errors and 'href="#svar-1"' not in errors
    assert answers_in(html) == "eA-c"  # nothing applied, nothing lost
    assert '<select id="svar-1" name="svar-1">' in html


def test_the_method_page_from_a_result_posts_the_answers_back(client, mini):
    html = post_result(client, mini, "eA-c", kommun="solna").get_data(as_text=True)
    assert html.count(f'formaction="/q/mini/{mini.version}/metod">Så räknar vi</button>') == 1
    assert f'href="/q/mini/{mini.version}/metod' not in html  # no link that would leave the answers behind
    page = client.post(f"/q/mini/{mini.version}/metod", data={"state": checked("eA-c", mini.version), "kommun": "solna"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "private, no-cache"
    form = re.search(r'<form id="answers-form" method="post" action="([^"]+)">(.*?)</form>', text, re.S)
    assert form.group(1) == f"/q/mini/{mini.version}/resultat"
    assert answers_in(form.group(2)) == "eA-c" and 'name="kommun" value="solna"' in form.group(2)
    assert text.count("Tillbaka till resultatet") == 2  # at the top and at the end
    public = client.get(f"/q/mini/{mini.version}/metod").get_data(as_text=True)  # the public page: none
    assert "Tillbaka till resultatet" not in public and "eA-c" not in public
    assert client.post(f"/q/mini/{mini.version}/metod", data={"state": "zz"}).status_code == 400


def test_answers_and_weights_are_changed_on_a_page_of_their_own(client, mini):
    html = post_result(client, mini, "eA-c", kommun="solna", parti="alfa").get_data(as_text=True)
    assert f'formaction="/q/mini/{mini.version}/andra"' in html and 'class="editor"' not in html
    page = client.post(f"/q/mini/{mini.version}/andra", data={"state": checked("eA-c", mini.version), "kommun": "solna", "parti": "alfa"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "private, no-cache"
    assert html.count('<select id="svar-') == 4
    row = re.search(r'<select id="svar-2".*?</li>', html, re.S).group(0)  # "A": helt emot, important
    assert '<option value="-2" selected>' in row and 'name="viktig-2" value="1" checked' in row
    row = re.search(r'<select id="svar-3".*?</li>', html, re.S).group(0)  # "-": skipped
    assert '<option value="" selected>' in row
    editor = re.search(r'<form class="edit-section".*?</form>', html, re.S).group(0)
    assert f'action="/q/mini/{mini.version}/resultat"' in editor and 'name="action" value="omrakna"' in editor
    assert 'name="kommun" value="solna"' in editor and 'name="parti" value="alfa"' in editor
    assert answers_in(editor) == "eA-c"
    assert client.post(f"/q/mini/{mini.version}/andra", data={"state": "eA"}).status_code == 400


def test_share_link_reproduces_the_same_result_and_says_what_it_contains(client, mini):
    page = client.post(f"/q/mini/{mini.version}/dela", data={"state": checked("eA-c", mini.version), "kommun": "solna"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "innehåller dina svar" in html
    link = unescape(re.search(r'id="share-link" readonly rows="\d" spellcheck="false"[^>]*>([^<]+)<', html).group(1))
    assert f"/r/mini/{mini.version}/eA-c" in link and "kommun=solna" in link
    shared = client.get(link.replace("http://localhost", ""))
    assert shared.status_code == 200
    direct = post_result(client, mini, "eA-c", kommun="solna").get_data(as_text=True)
    assert percents(shared.get_data(as_text=True)) == percents(direct)
    assert '<meta name="robots" content="noindex">' in shared.get_data(as_text=True)


@pytest.mark.parametrize("state", ["eA-", "eA-cc", "eA-z", "%00%00%00%00"])
def test_corrupt_or_truncated_share_link_is_a_400_offering_to_start(client, mini, state):
    response = client.get(f"/r/mini/{mini.version}/{state}")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "skadad eller avkortad" in html and 'href="/q/mini/"' in html


@pytest.mark.parametrize("version", ["9-abcdef12", "1-00000000", "latest", "0"])
def test_share_link_for_an_unknown_version_is_a_404_offering_to_start(client, mini, version):
    response = client.get(f"/r/mini/{version}/{checked('eA-c', version)}")
    assert response.status_code == 404
    assert 'href="/q/mini/"' in response.get_data(as_text=True)


def test_share_link_for_an_unknown_quiz_is_a_404(client, mini):
    response = client.get(f"/r/nope/{mini.version}/eA-c")
    assert response.status_code == 404
    assert "Länken gäller en version av quizet som inte finns" in response.get_data(as_text=True)


def test_the_normal_flow_keeps_answers_out_of_urls(client, mini):
    html = post_result(client, mini, "eA-c").get_data(as_text=True)
    forms = re.findall(r'<form [^>]*>', html)
    assert forms and all('method="post"' in f for f in forms)
    assert "/r/mini/" not in html  # a share link exists only after the voter asks for one


def test_result_pages_are_never_cached_by_others(client, mini):
    """``private``: no proxy or CDN; ``no-cache``: the browser keeps it for Back, never reuses it."""
    assert post_result(client, mini, "eA-c").headers["Cache-Control"] == "private, no-cache"
    assert client.get(f"/r/mini/{mini.version}/{checked('eA-c', mini.version)}").headers["Cache-Control"] == "private, no-cache"


def test_ties_are_shown_as_ties_on_the_result_page(client, mini):
    html = post_result(client, mini, "acaa").get_data(as_text=True)  # beta and gamma both 56 %
    assert html.count("Delad 1:a") == 2
    assert "Partier med samma resultat delar plats" in html  # the tie note, as something is tied
    assert "Betapartiet (Huddinge) och Gammapartiet (Solna) delar första platsen: dina svar skiljer dem inte åt." in html


def test_the_tie_note_shows_only_when_something_is_tied(client, mini):
    html = post_result(client, mini, "eA-c").get_data(as_text=True)  # 62, 44, 38 %: nothing tied
    assert "Delad" not in html and "Partier med samma resultat delar plats" not in html


def test_charts_page_shows_topic_agreement_and_the_position_map_with_text_alternatives(client, mini):
    response = client.post(f"/q/mini/{mini.version}/diagram", data={"state": checked("eA-c", mini.version)})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-cache"
    assert html.count('role="img"') == 3 + 1  # one topic chart per party, and the map
    assert html.count("<table>") + html.count("<table class=\"map-table\">") == 3 + 1 and "<caption" in html  # a table for each chart
    assert "En illustration, inte rådet" in html
    # topic "Boende" holds lagenheter and vrakningar: the ranking's formula over those two alone
    values, weights = Answers.decode(mini.quiz.scale_values, 4, "eA-c").arrays()
    values = np.where(np.arange(4) < 2, values, np.nan)
    alfa = score_parties(values, weights, mini.positions[:1]).scores[0]
    table = re.search(r"<caption>Överensstämmelse per ämne, procent: A</caption>.*?</table>", html, re.S).group(0)
    assert re.search(r'<th scope="row">Boende</th><td>(\d+) %</td>', table).group(1) == str(round(alfa))


def test_method_page_worked_example_is_what_the_matching_code_returns(client, mini):
    response = client.get(f"/q/mini/{mini.version}/metod")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers.get("ETag")
    assert "Cache-Control" in response.headers and "public" in response.headers["Cache-Control"]
    answers, weights = example_answers(mini)
    scores = score_parties(answers, weights, mini.positions, -2, 2).scores
    shown = [float(s.replace(",", ".")) for s in re.findall(r"= <strong>([\d,]+) %</strong>", html)]
    assert shown == pytest.approx([round(s, 2) for s in scores], abs=0.005)
    assert "okänd" in html and "regeln för okänt" in html  # the example shows the unknown rule at work
    assert "Så räknar vi" in html and "Σ w·d" in html


def test_method_page_english(client, mini):
    html = client.get(f"/q/mini/{mini.version}/metod?lang=en").get_data(as_text=True)
    assert "How we count" in html and "<html lang=\"en\">" in html
    assert re.search(r"= <strong>\d+(\.\d+)? %</strong>", html)  # English decimals


def test_pages_beside_the_result_keep_a_students_class(client, mini):
    for page in ("diagram", "dela", "metod"):
        html = client.post(f"/q/mini/{mini.version}/{page}", data={"state": checked("eA-c", mini.version), "klass": "ACDEF3"}).get_data(as_text=True)
        assert '<input type="hidden" name="klass" value="ACDEF3">' in html, page


def test_statements_of_a_topic_are_shown_together_even_when_the_quiz_interleaves_them():
    from types import SimpleNamespace

    from quiz.voter.result_page import topic_order

    pq = SimpleNamespace(statements=[SimpleNamespace(topic=t) for t in ("a", "b", "a", "", "b")])
    assert topic_order(pq) == [0, 2, 1, 4, 3]  # topics by first statement, quiz order within


def test_map_labels_never_run_off_the_edge_and_the_charts_speak_plainly(client, mini):
    html = client.post(f"/q/mini/{mini.version}/diagram", data={"state": checked("eA-c", mini.version)}).get_data(as_text=True)
    assert "principalkomponent" not in html  # the method page's word, not the voter's
    size = float(re.search(r'<svg viewBox="0 0 (\d+) \d+"[^>]*aria-labelledby="map-caption"', html).group(1))
    labels = re.findall(r'<text x="([\d.]+)" y="[\d.-]+" class="chart-label[^"]*"( text-anchor="end")?>', html)
    assert labels
    for x, leftwards in labels:  # a label reads away from the nearer edge: half the map is its room
        assert (0 < float(x) <= size) if leftwards else (float(x) <= size / 2 + 11), (x, leftwards)


def test_a_shared_result_stays_someone_elses_through_its_filters_and_method_page(client, mini):
    """Filtering a shared result ("Visa") or going to "Så räknar vi" and back used to turn it into
    "Ditt resultat"; changing an answer makes the answers the reader's own."""
    state = checked("eA-c", mini.version)
    html = client.get(f"/r/mini/{mini.version}/{state}").get_data(as_text=True)
    assert "Ett delat resultat" in html and 'name="delad" value="1"' in html
    assert "Du svarade på" not in html and "Svaren i länken tar ställning till 3 av 4" in html
    for page in ("resultat", "metod", "diagram", "dela"):
        after = client.post(f"/q/mini/{mini.version}/{page}", data={"state": state, "delad": "1", "parti": "alfa"})
        assert after.status_code == 200 and 'name="delad" value="1"' in after.text, page
    filtered = client.post(f"/q/mini/{mini.version}/resultat", data={"state": state, "delad": "1", "parti": "alfa"}).text
    assert "Ett delat resultat" in filtered and "Ditt resultat" not in filtered
    changed = client.post(f"/q/mini/{mini.version}/svar", data={"state": state, "delad": "1", "position": 1, "goto": 2}).text
    assert "Påstående 2 av 4" in changed and 'name="delad"' not in changed
    editor = client.post(f"/q/mini/{mini.version}/andra", data={"state": state, "delad": "1"}).text
    assert 'name="delad"' not in editor
    own = client.post(f"/q/mini/{mini.version}/resultat", data={"state": state}).text
    assert "Ditt resultat" in own and "Ett delat resultat" not in own


def test_the_method_page_says_exactly_what_an_unknown_costs_and_what_agreeing_and_the_minimum_are(client, mini):
    html = client.get(f"/q/mini/{mini.version}/metod").get_data(as_text=True)
    rule = [" ".join(re.sub(r"<[^>]+>", "", li).split()) for li in
            re.findall(r"<li>(.*?)</li>", re.search(r'<ul class="unknown-rule">(.*?)</ul>', html, re.S).group(1), re.S)]
    # half the largest distance from the answer, against |answer − 0| for a neutral position
    assert rule == [
        "du svarade Helt emot: d = 2, lika mycket som en neutral ståndpunkt",
        "du svarade Delvis emot: d = 1,5, mer än en neutral ståndpunkt (d = 1)",
        "du svarade Neutral: d = 1, mer än en neutral ståndpunkt (d = 0)",
        "du svarade Delvis för: d = 1,5, mer än en neutral ståndpunkt (d = 1)",
        "du svarade Helt för: d = 2, lika mycket som en neutral ståndpunkt",
    ]
    assert "räknar vi inte partiet som neutralt" not in html  # the sentence that was not true
    assert "kostar en okänd ståndpunkt alltså exakt lika mycket som en neutral ståndpunkt skulle göra" in html
    assert html.count("Ett parti håller med dig i en fråga när dess ståndpunkt ligger högst ett steg från ditt svar") == 1
    assert "Minst 5 svar som skiljer partierna åt" in html and "mer än en femtedel av allt som skiljer partierna åt" in html
    english = client.get(f"/q/mini/{mini.version}/metod?lang=en").get_data(as_text=True)
    assert "an unknown position costs exactly what a neutral position would" in english


def test_the_map_says_how_it_treats_unknowns_unlike_the_ranking_and_what_its_axes_mean(client, mini):
    html = client.post(f"/q/mini/{mini.version}/diagram", data={"state": checked("eA-c", mini.version)}).get_data(as_text=True)
    section = re.search(r'<section aria-labelledby="map-heading">(.*?)</section>', html, re.S).group(1)
    note = section.index("Kartan räknar okända ståndpunkter på ett annat sätt än rankningen.")
    assert "rankningen räknar i stället en okänd ståndpunkt som halva det största avståndet från ditt svar" in section
    # what the axes mean comes before the map itself, which points to it
    assert note < section.index("Vad axlarna betyder") < section.index("<svg")
    assert "Axlarnas betydelse står ovanför kartan." in section
    # each party's known positions beside its place on the map: alfa 3, beta 2, gamma 2 of 4
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>-?\d+</td><td>-?\d+</td><td>([^<]+)</td></tr>', section)
    assert dict(rows) == {"A": "3 av 4", "B": "2 av 4", "G": "2 av 4", "Du": "–"}
