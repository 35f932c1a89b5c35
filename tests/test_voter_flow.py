"""A voter's whole path through plain HTML forms, as a browser without JavaScript sends them."""

import re

import pytest

from tests.helpers.forms import answers_in, checked, hidden_state, with_check


def start_quiz(client, kommun="alla"):
    response = client.get(f"/q/mini/start?kommun={kommun}")
    assert response.status_code == 302
    return client.get(response.headers["Location"])


def post_answer(client, mini, state, position, **fields):
    data = with_check({"state": state, "position": position, "kommun": fields.pop("kommun", "alla"), **fields}, mini.version)
    return client.post(f"/q/mini/{mini.version}/svar", data=data)


def parties_in_order(html):
    return [name.strip() for name in re.findall(r'<h2 class="party-name">([^<]+)', html)]


def test_start_page_offers_the_quiz_and_municipalities(client):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="sv">' in html
    assert "Miniquiz" in html and "Starta" in html
    choices = re.findall(r'<input type="radio" name="kommun" value="(\w+)"( checked)?( required)?> <span>([^<]+) <small>([^<]+)</small>', html)
    # where the voter votes, with how many parties stand there; "Alla kommuner" last, said for what
    # it is, and nothing chosen in advance: the browser asks for a choice
    assert [(value, name.strip(), count) for value, _, _, name, count in choices] == [
        ("huddinge", "Huddinge", "1 parti"), ("solna", "Solna", "2 partier"),
        ("alla", "Alla kommuner", "jämför alla 3 partiprogram, till exempel i skolan"),
    ]
    assert all(not checked and required for _, checked, required, _, _ in choices)
    assert "Var röstar du?" in html


def test_a_municipality_with_one_party_gets_its_positions_and_all_parties_not_a_ranking_of_one(client, mini):
    html = start_quiz(client, kommun="huddinge").get_data(as_text=True)
    assert '<input type="hidden" name="kommun" value="huddinge">' in html
    result = post_answer(client, mini, "eee.", 4, answer="2", kommun="huddinge").get_data(as_text=True)
    assert "I Huddinge finns bara ett parti i den här valkompassen: Betapartiet." in result
    # Beta (−2, ?, 2, ?) against +2 ×4: known on lagenheter (4 steps) and krav (same): 1 of 2 agree, 2 unknown
    assert "Håller med dig i 1 av 2 frågor där partiet har en ståndpunkt." in result
    assert "Programmet tar inte upp 2 av dina 4 frågor." in result
    assert '<ol class="ranking">' not in result and "%" not in re.search(r'<section class="single-party.*?</section>', result, re.S).group(0)
    assert 'class="robustness' not in result and "sätt att räkna" not in result.split("result-actions")[0]
    # its position beside each answer, below; and a way to every party
    items = re.findall(r'<li class="compare-item".*?</ul></li>', result, re.S)
    assert len(items) == 4 and all(re.findall(r'data-party="([a-z]+)"', item) == ["beta"] for item in items)
    form = re.search(r'<form method="post" action="[^"]*/resultat" class="actions">(.*?)</form>', result, re.S).group(1)
    assert '<input type="hidden" name="kommun" value="alla">' in form and "Jämför med alla partier i valkompassen" in form
    everyone = client.post(f"/q/mini/{mini.version}/resultat", data={"state": hidden_state(result), "kommun": "alla"})
    assert parties_in_order(everyone.get_data(as_text=True)) == ["Alfapartiet", "Gammapartiet", "Betapartiet"]


def test_statement_page_is_one_tap_per_answer_in_a_group_named_by_the_statement(client):
    html = start_quiz(client).get_data(as_text=True)
    assert "Påstående 1 av 4" in html
    fieldset = re.search(r"<fieldset class=\"statement\"[^>]*>(.*?)</fieldset>", html, re.S).group(1)
    assert re.search(r"<legend>.*Kommunen ska bygga fler sociala lägenheter\..*</legend>", fieldset, re.S)
    buttons = re.findall(r'<button class="button answer" type="submit" name="answer" value="(-?\d)">([^<]+)</button>', fieldset)
    assert buttons == [("-2", "Helt emot"), ("-1", "Delvis emot"), ("0", "Neutral"), ("1", "Delvis för"), ("2", "Helt för")]
    # "Viktigt för mig" comes before the answers (it is chosen first), "Hoppa över" after, explained
    assert fieldset.index('name="important"') < fieldset.index('name="answer"') < fieldset.index('value="skip"')
    assert re.search(r'value="skip" aria-describedby="skip-hint">Hoppa över</button>', fieldset)
    assert "räknas inte alls" in re.search(r'id="skip-hint">([^<]+)<', fieldset).group(1)
    assert "Om frågan" in html and "Viktigt för mig" in html
    # focus starts on the statement, without JavaScript too; the one script only repeats that
    assert re.search(r'<h1 class="statement-text" id="statement-heading" tabindex="-1" autofocus>', fieldset)
    assert re.findall(r"<script[^>]*>", html) == [re.search(r'<script src="/static/statement\.js\?v=\w+" defer>', html).group(0)]


def test_one_tap_answers_and_moves_on(client, mini):
    """A tap on an answer sends only that button's name and value (no "action"), as a browser does."""
    page = start_quiz(client).get_data(as_text=True)
    response = post_answer(client, mini, hidden_state(page), 1, answer="1", important="1")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Påstående 2 av 4" in html
    assert answers_in(html) == "D..."
    html = post_answer(client, mini, "D...", 2, answer="-2").get_data(as_text=True)
    assert "Påstående 3 av 4" in html and answers_in(html) == "Da.."


def test_whole_flow_with_skip_important_back_and_change(client, mini):
    page = start_quiz(client).get_data(as_text=True)
    page = post_answer(client, mini, hidden_state(page), 1, answer="2", important="1", action="next").get_data(as_text=True)
    assert "Påstående 2 av 4" in page
    page = post_answer(client, mini, hidden_state(page), 2, action="skip").get_data(as_text=True)
    assert "Påstående 3 av 4" in page
    # back to 2, then forward again answering it this time
    page = post_answer(client, mini, hidden_state(page), 3, action="back").get_data(as_text=True)
    assert "Påstående 2 av 4" in page
    page = post_answer(client, mini, hidden_state(page), 2, answer="2", action="next").get_data(as_text=True)
    page = post_answer(client, mini, hidden_state(page), 3, answer="-2", action="next").get_data(as_text=True)
    assert "Påstående 4 av 4" in page
    response = post_answer(client, mini, hidden_state(page), 4, answer="2", action="next")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-cache"
    html = response.get_data(as_text=True)
    assert "Ditt resultat" in html and "Du svarade på 4 av 4 påståenden." in html
    # answers (+2 important, +2, −2, +2); total weight 5, range 4 → denominator 20
    # Alfa: 0·2 + 0 + unknown 2 + 0 = 2 → 90 %; Gamma: 1·2 + 2 + unknown 2 + unknown 2 = 8 → 60 %;
    # Beta: 4·2 + unknown 2 + 4 + unknown 2 = 16 → 20 %
    assert parties_in_order(html) == ["Alfapartiet", "Gammapartiet", "Betapartiet"]
    for party, percent in (("Alfapartiet", 90), ("Gammapartiet", 60), ("Betapartiet", 20)):
        assert re.search(party + r".*?</h2>\s*<span class=\"percent\">" + str(percent) + " %", html, re.S), party
    # Alfa agrees on all 3 it is known on; Gamma (+1, 0) agrees on lagenheter only; Beta (−2, +2) on neither
    assert "Håller med dig i 3 av 3 frågor där partiet har en ståndpunkt; programmet tar inte upp 1." in html
    assert "Håller med dig i 1 av 2 frågor där partiet har en ståndpunkt; programmet tar inte upp 2." in html
    assert "Håller med dig i 0 av 2 frågor där partiet har en ståndpunkt; programmet tar inte upp 2." in html
    assert "osäkert" not in html
    assert answers_in(html) == "Eeae"


def test_a_party_known_on_few_answers_leads_with_its_counts_and_osakert_only_tells_it_apart(client, mini):
    # answered lagenheter, vrakningar, avgifter (+2 each): Beta is known on lagenheter only (1 of 3)
    html = client.post(f"/q/mini/{mini.version}/resultat", data={"state": checked("ee-e", mini.version)}).get_data(as_text=True)
    beta = re.search(r'<li class="party thin">(.*?)</li>', html, re.S).group(1)
    assert "Betapartiet" in beta and re.search(r'<span class="percent counts-head" aria-hidden="true">0 av 1</span>', beta)
    # the counts first, then the percentage: Beta d = 4 + 2 + 2 = 8 of 12 → 33 %
    counts, percent = beta.index("Håller med dig i 0 av 1 frågor"), beta.index("Matchning räknad över alla dina svar: 33 %")
    assert counts < percent and "Programmet tar inte upp 2 av dina 3 frågor." in beta
    assert html.count("osäkert") == 1 and "osäkert" in beta  # Alfa and Gamma are known on most: it tells them apart
    assert "Några partiers program tar upp färre än hälften av frågorna." in html  # said once, at the top
    # when every party is thin, "osäkert" would tell nobody apart: not said
    html = client.post(f"/q/mini/{mini.version}/resultat", data={"state": checked("eeee", mini.version), "kommun": "alla"})
    assert "osäkert" not in html.get_data(as_text=True)


def test_going_back_shows_the_earlier_answer_selected(client, mini):
    page = post_answer(client, mini, "....", 1, answer="-1", important="1", action="next").get_data(as_text=True)
    page = post_answer(client, mini, hidden_state(page), 2, action="back").get_data(as_text=True)
    assert re.findall(r'name="answer" value="(-?\d)" aria-pressed="true"', page) == ["-1"]
    assert 'name="important" value="1" checked' in page
    assert 'value="skip" aria-describedby="skip-hint">' in page  # not pressed: it was answered


def test_a_skipped_statement_shows_hoppa_over_pressed_when_coming_back(client, mini):
    page = post_answer(client, mini, "....", 1, action="skip").get_data(as_text=True)
    page = post_answer(client, mini, hidden_state(page), 2, action="back").get_data(as_text=True)
    assert 'value="skip" aria-describedby="skip-hint" aria-pressed="true">' in page
    assert 'aria-pressed="true"' not in page.split('value="skip"')[0]


def test_next_without_an_answer_shows_the_form_again_with_an_error(client, mini):
    response = post_answer(client, mini, "....", 1, action="next")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'role="alert"' in html and "Välj ett svar" in html and "Påstående 1 av 4" in html


def test_change_an_answer_from_the_result_page(client, mini):
    html = post_answer(client, mini, "ee-.", 4, answer="2", action="next").get_data(as_text=True)
    page = client.post(f"/q/mini/{mini.version}/svar", data={"state": hidden_state(html), "position": 1, "goto": 3})
    page = page.get_data(as_text=True)
    assert "Påstående 3 av 4" in page
    html = post_answer(client, mini, hidden_state(page), 3, answer="2", action="result").get_data(as_text=True)
    assert "Du svarade på 4 av 4 påståenden." in html


def test_after_change_from_the_result_page_an_answer_returns_to_the_result(client, mini):
    """"Ändra" on statement 2 of 4: answering it shows the result again, not statements 3 and 4."""
    page = client.post(f"/q/mini/{mini.version}/svar", data={"state": checked("ee-e", mini.version), "position": 1, "goto": 2})
    page = page.get_data(as_text=True)
    assert "Påstående 2 av 4" in page and 'name="efter" value="resultat"' in page
    assert re.search(r'<button class="button primary" type="submit" name="action" value="result">Tillbaka till resultatet', page)
    html = post_answer(client, mini, hidden_state(page), 2, answer="-2", efter="resultat").get_data(as_text=True)
    assert "Ditt resultat" in html and answers_in(html) == "ea-e"
    html = post_answer(client, mini, "ee-e", 2, action="skip", efter="resultat").get_data(as_text=True)
    assert "Ditt resultat" in html and answers_in(html) == "e--e"
    # the ordinary walk, without the mark, goes on to the next statement
    html = post_answer(client, mini, "ee-e", 2, answer="-2").get_data(as_text=True)
    assert "Påstående 3 av 4" in html and 'name="efter"' not in html


def test_all_skipped_says_there_is_nothing_to_compare(client, mini):
    html = post_answer(client, mini, "---.", 4, action="skip").get_data(as_text=True)
    assert "Du har inte svarat på något påstående" in html
    assert '<ol class="ranking">' not in html  # nothing to rank; every party is still shown, statement by statement
    items = re.findall(r'<li class="compare-item".*?</ul></li>', html, re.S)
    assert items and all(len(re.findall(r'data-party="', item)) == 3 for item in items)


def test_ties_are_shown_as_ties_in_alphabetical_order(client, mini):
    # "acaa": Beta d = 0 + 1 + 4 + 2 = 7 and Gamma 3 + 0 + 2 + 2 = 7, both 56 %; Alfa 12, 25 %
    html = client.post(f"/q/mini/{mini.version}/resultat", data={"state": checked("acaa", mini.version)}).get_data(as_text=True)
    assert parties_in_order(html) == ["Betapartiet", "Gammapartiet", "Alfapartiet"]
    assert html.count("Delad 1:a") == 2


def test_municipality_filter_ranks_only_its_parties(client, mini):
    html = client.post(f"/q/mini/{mini.version}/resultat", data={"state": checked("ee--", mini.version), "kommun": "solna"}).get_data(as_text=True)
    assert parties_in_order(html) == ["Alfapartiet", "Gammapartiet"]


@pytest.mark.parametrize(
    "data, message",
    [
        ({"state": "ee", "position": 1, "action": "skip"}, "går inte att läsa"),  # truncated
        ({"state": "zzzz", "position": 1, "action": "skip"}, "går inte att läsa"),  # tampered
        ({"state": "....", "position": 1, "answer": "7", "action": "next"}, "alternativen på skalan"),
        ({"state": "....", "position": 1, "answer": "x", "action": "next"}, ""),
        ({"state": "....", "position": 9, "action": "skip"}, "ogiltigt"),
        ({"state": "....", "position": 0, "action": "skip"}, "ogiltigt"),
        ({"state": "....", "action": "skip"}, "saknas"),  # missing field
        ({"position": 1, "action": "skip"}, "saknas"),
        ({"state": "....", "position": 1, "answer": "2", "important": "5", "action": "next"}, "Viktigt för mig"),
        ({"state": "....", "position": 1, "action": "delete"}, "Okänd knapp"),
        ({"state": "....", "position": 1, "goto": 99}, "ogiltigt"),
    ],
)
def test_tampered_answers_get_a_400_page_that_says_what_is_wrong(client, mini, data, message):
    response = client.post(f"/q/mini/{mini.version}/svar", data=with_check(data, mini.version))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Felaktig förfrågan" in html and message in html
    assert "Börja quizet från början" in html


def test_unknown_quiz_version_or_statement_is_a_swedish_404(client, mini):
    for url in ("/q/finnsinte/", f"/q/mini/{mini.version}/99", "/q/mini/0-deadbeef/1", "/nope"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Sidan finns inte" in response.get_data(as_text=True)
    assert client.post("/q/mini/0-deadbeef/svar", data={"state": "...."}).status_code == 404


def test_errors_answer_json_to_api_clients(client):
    response = client.get("/q/finnsinte/", headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.json["error"]["status"] == 404


def test_wrong_method_is_a_clear_405(client, mini):
    response = client.get(f"/q/mini/{mini.version}/svar")
    assert response.status_code == 405 and "POST" in response.headers["Allow"]
    assert "Sidan kan inte användas på det här sättet" in response.get_data(as_text=True)


def test_voter_flow_sets_no_cookie(client, mini):
    responses = [start_quiz(client), post_answer(client, mini, "....", 1, answer="1", action="next")]
    assert all("Set-Cookie" not in r.headers for r in responses)


def test_the_same_statement_shows_each_voters_own_answers(client, mini):
    """The page is rendered once with holes for the answers: two voters on it see only their own."""
    for state, pressed, important in (("a...", "-2", False), ("E...", "2", True), ("-...", None, False)):
        page = client.post(f"/q/mini/{mini.version}/svar", data={"state": checked(state, mini.version), "position": 1, "goto": 1})
        html = page.get_data(as_text=True)
        assert page.status_code == 200 and answers_in(html) == state
        assert re.findall(r'name="answer" value="(-?\d)" aria-pressed="true"', html) == ([pressed] if pressed else [])
        assert ('value="skip" aria-describedby="skip-hint" aria-pressed="true"' in html) == (pressed is None)
        assert ('name="important" value="1" checked' in html) == important


def test_viktigt_ticked_on_an_answered_statement_is_kept_however_the_voter_leaves_it(client, mini):
    """"Ändra" → tick "Viktigt för mig" → "Tillbaka till resultatet" (or "Föregående", or a language
    switch): the answer given before is now marked important; unticked, the mark goes."""
    for action, shown in (("result", "Ditt resultat"), ("back", "Påstående 1 av 4"), ("stay", "Påstående 2 av 4")):
        html = post_answer(client, mini, "ee-e", 2, action=action, important="1", efter="resultat").get_data(as_text=True)
        assert shown in html and answers_in(html) == "eE-e", action
        html = post_answer(client, mini, "eE-e", 2, action=action, efter="resultat").get_data(as_text=True)
        assert answers_in(html) == "ee-e", action
    # a skipped statement has no answer to mark
    assert answers_in(post_answer(client, mini, "e--e", 2, action="back", important="1").get_data(as_text=True)) == "e--e"


def test_the_quizs_own_page_is_headed_by_its_title_and_the_start_page_by_the_site(client, mini):
    """A screen reader's heading list starts with an h1 on every page: the intro page (the first
    page of every embed) had only the quiz's h2."""
    for url in ("/q/mini/", "/embed/q/mini/"):
        html = client.get(url).get_data(as_text=True)
        assert re.findall(r"<h1[^>]*>([^<]*)</h1>", html) == ["Miniquiz"], url
    start = client.get("/").get_data(as_text=True)
    assert len(re.findall(r"<h1[ >]", start)) == 1 and re.search(r'<h2 id="quiz-mini">Miniquiz</h2>', start)


def test_visa_resultat_nu_says_what_is_missing_below_the_minimum(client, mini):
    # after krav alone (only beta has a position on it) the ranking still needs 2 answers separating parties
    page = post_answer(client, mini, "..e.", 3, answer="2").get_data(as_text=True)  # krav answered, now on 4 of 4
    page = post_answer(client, mini, "....", 1, action="skip").get_data(as_text=True)
    page = post_answer(client, mini, "-...", 2, action="skip").get_data(as_text=True)
    page = post_answer(client, mini, hidden_state(page), 3, answer="2").get_data(as_text=True)
    page = post_answer(client, mini, hidden_state(page), 4, action="back").get_data(as_text=True)  # back on 3
    assert re.search(r'value="result" aria-describedby="minimum-hint">Visa resultat nu</button>', page)
    hint = re.search(r'<p class="hint minimum-hint" id="minimum-hint">([^<]+)</p>', page).group(1)
    assert hint == ("Partierna rangordnas när du har svarat på minst 2 påståenden där minst två av partierna har "
                    "en ståndpunkt. Du har svarat på 0 sådana. Redan nu kan du se varje partis ståndpunkt bredvid dina svar.")
    # the result says the same, keeps every position beside the answers, and leads back to the quiz
    html = post_answer(client, mini, hidden_state(page), 3, action="result").get_data(as_text=True)
    assert '<ol class="ranking">' not in html and "Ännu ingen rangordning" in html
    assert "Du har svarat på 0 sådana." in html and len(re.findall(r'<li class="compare-item"', html)) == 4
    more = client.post(f"/q/mini/{mini.version}/svar", data={"state": hidden_state(html), "position": "1",
                                                              "kommun": "alla", "action": "continue"})
    assert "Påstående 4 av 4" in more.get_data(as_text=True)  # the first statement not yet seen
    # once lagenheter and vrakningar are answered, nothing is missing: no hint, a ranking
    page = post_answer(client, mini, "ee..", 3, action="stay").get_data(as_text=True)
    assert "minimum-hint" not in page
    assert '<ol class="ranking">' in post_answer(client, mini, "ee..", 3, action="result").get_data(as_text=True)


def test_viktigt_for_mig_can_be_set_on_the_answer_just_given_from_the_next_page(client, mini):
    page = post_answer(client, mini, "....", 1, answer="1").get_data(as_text=True)  # one tap: answered, on to 2
    assert "Påstående 2 av 4" in page and answers_in(page) == "d..."
    line = re.search(r'<p class="previous-answer">(.*?)</p>', page, re.S).group(1)
    assert "Ditt svar på förra påståendet: Delvis för." in line
    assert re.search(r'name="action" value="important-previous">Förra påståendet är viktigt för mig<span class="visually-hidden"> \(påstående 1\)', line)
    page = post_answer(client, mini, hidden_state(page), 2, action="important-previous").get_data(as_text=True)
    assert "Påstående 2 av 4" in page and answers_in(page) == "D..."  # marked, still on statement 2
    assert "Förra påståendet är inte viktigt för mig" in page and "(markerat som viktigt: räknas dubbelt)" in page
    page = post_answer(client, mini, hidden_state(page), 2, action="important-previous").get_data(as_text=True)
    assert answers_in(page) == "d..."  # and back
    # a skipped statement has nothing to mark
    page = post_answer(client, mini, "-...", 2, action="stay").get_data(as_text=True)
    assert "previous-answer" not in page


def test_a_shared_result_speaks_of_the_answers_in_the_link_not_of_you(client, mini):
    state = checked("eA-c", mini.version)
    shared = client.get(f"/r/mini/{mini.version}/{state}").get_data(as_text=True)
    own = client.post(f"/q/mini/{mini.version}/resultat", data={"state": state}).get_data(as_text=True)
    main = re.search(r"<main.*</main>", shared, re.S).group(0)
    for words in ("Ditt svar", "dina svar", "dina frågor", "från dig", "samma som du", "håller med dig", "Håller med dig"):
        assert words not in main, words
    assert "Svaret i länken:" in main and "steg från svaret" in main
    assert "Håller med svaren i länken i 1 av 2 frågor där partiet har en ståndpunkt" in main
    assert "mindre än vad ett enda av svaren i länken ändrar" in main
    # the same numbers as the voter's own page, under the same presentation
    from tests.helpers.voter import percents
    assert percents(shared) == percents(own) and percents(own)
    assert "Håller med dig i 1 av 2 frågor" in own
    easy = client.get(f"/r/mini/{mini.version}/{state}?lattlast=1").get_data(as_text=True)
    assert "Partiet tycker som den som delade i 1 av 2 frågor" in easy and "tycker som du" not in re.search(r"<main.*</main>", easy, re.S).group(0)
