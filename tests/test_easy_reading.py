"""Lättläst: every statement of the real quiz has an easy-Swedish version, a voter can switch to it, and
the start, result and method pages explain themselves in easy Swedish too."""

from __future__ import annotations

import numpy as np

from quiz.content.folders import load_quiz
from quiz.scoring.kernels import score_parties
from tests.conftest import ROOT
from tests.helpers.classroom import class_code, create_class
from tests.helpers.forms import checked, hidden_state
from tests.helpers.voter import post_result


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


# Lättläst beyond the statements: the start, result and method pages give their explanations in easy
# Swedish (and, in English, plain English) when ``lattlast=1`` is carried; normal text otherwise.

START_LEAD = "Ta ställning till konkreta förslag och se vilka partier som tycker som du."
EASY_START_LEAD = "Du säger vad du tycker om olika förslag. Sedan ser du vilka partier som tycker som du."
SUMMARY = "Du svarade på 3 av 4 påståenden."
THIN = "Några partiers program tar upp färre än hälften av frågorna."
EASY_THIN = "Några partiers program säger inte vad de tycker i de flesta frågorna."
TIE_NOTE = "Partier med samma resultat delar plats och visas i bokstavsordning."
EASY_TIE_NOTE = "Ibland får flera partier samma resultat. Då delar de på platsen."
UNKNOWN = "”Okänd” betyder att programmet inte tar ställning i frågan: det räknas varken som för eller emot."
EASY_UNKNOWN = "”Okänd” betyder att partiets program inte säger vad partiet tycker i frågan. Det räknas inte som för och inte som emot."
COVERAGE = "Håller med dig i 1 av 2 frågor där partiet har en ståndpunkt; programmet tar inte upp 1."
EASY_COVERAGE = ("Partiet tycker som du i 1 av 2 frågor där vi vet vad partiet tycker. "
                 "Vi vet inte vad partiet tycker i 1 av dina frågor.")
METHOD_LEAD = "Procenttalet för ett parti säger hur nära partiets ståndpunkter ligger dina svar"
EASY_METHOD_LEAD = "Procenten visar hur nära dina svar partiet ligger."


def result_page(client, mini, state="eA-c", query="", **fields):
    return post_result(client, mini, state, query=query, **fields).text


def test_the_start_page_reads_easily_with_lattlast(client, mini):
    plain = client.get("/").text
    assert START_LEAD in plain and EASY_START_LEAD not in plain
    assert "4 påståenden · 3 partier · tar cirka 1 minuter" in plain
    assert "jämför alla 3 partiprogram, till exempel i skolan" in plain
    easy = client.get("/?lattlast=1").text
    assert EASY_START_LEAD in easy and START_LEAD not in easy
    assert "Du svarar på 4 påståenden. Det tar ungefär 1 minuter. Sedan ser du vad 3 partier tycker." in easy
    assert "jämför med alla 3 partiers program. Det passar till exempel i skolan." in easy
    assert "gör valkompassen med din klass. Sedan kan ni prata om resultatet tillsammans." in easy
    assert "diskutera resultatet" not in easy and "·" not in easy.split("<main", 1)[1]
    # the switch goes both ways, and the start form carries the choice to the first statement
    assert 'href="/?lattlast=1">Lättläst</a>' in plain and 'href="/">Vanlig text</a>' in easy
    assert '<input type="hidden" name="lattlast" value="1">' in easy
    intro = client.get("/q/mini/?lattlast=1").text
    assert "Du svarar på 4 påståenden." in intro


def test_an_embed_with_a_fixed_municipality_says_it_in_a_sentence_of_its_own(client, mini):
    assert "tar cirka 1 minuter · Solna</p>" in client.get("/embed/q/mini/?kommun=solna").text
    assert "Sedan ser du vad 2 partier tycker. Kommun: Solna.</p>" in client.get("/embed/q/mini/?kommun=solna&lattlast=1").text


def test_the_statement_page_explains_neutral_and_skip_easily(client, mini):
    easy = client.get(f"/q/mini/{mini.version}/1?lattlast=1").text
    assert "”Neutral” räknas. Det betyder att du står mitt emellan. ”Hoppa över” räknas inte alls." in easy
    assert "frågan lämnas utanför resultatet" not in easy


def test_the_result_page_reads_easily_with_lattlast(client, mini):
    plain = result_page(client, mini)
    for text in (SUMMARY, THIN, UNKNOWN, COVERAGE, "Skillnaden mellan Gammapartiet (Solna) och nästa parti",
                 "osäkert: bygger mest på frågor som programmet inte tar upp"):
        assert text in plain
    for text in (EASY_THIN, EASY_UNKNOWN, EASY_COVERAGE):
        assert text not in plain
    easy = result_page(client, mini, query="?lattlast=1")
    assert SUMMARY in easy  # the easy summary is the same simple sentence
    for text in (EASY_THIN, EASY_UNKNOWN, EASY_COVERAGE,
                 "Det är osäkert, för vi vet inte vad partiet tycker i de flesta frågorna.",
                 "Räknat med alla dina svar: 44 procent",
                 "Gammapartiet (Solna) ligger bara lite före nästa parti. Ett enda av dina svar kan ändra ordningen.",
                 "Utan svaret på ”Kommunen ska bygga fler lägenheter för dem som behöver hjälp.” delar",
                 "”Tolkning” betyder att programmet inte säger det rakt ut. Men det går att förstå av texten."):
        assert text in easy
    for text in (THIN, UNKNOWN, COVERAGE, "Skillnaden mellan", "osäkert:", "Matchning räknad"):
        assert text not in easy
    # the switch re-submits the answers with lättläst off, and every form carries it on
    assert 'formaction="/q/mini/{}/resultat?lattlast=0" name="action" value="stay">Vanlig text</button>'.format(mini.version) in easy
    assert '<input type="hidden" name="lattlast" value="1">' in easy


def test_the_result_pages_notices_read_easily(client, mini):
    nothing = result_page(client, mini, state="....", query="?lattlast=1")
    assert "Du har inte svarat på något påstående. Då finns det inget att jämföra." in nothing
    assert "så det finns inget att jämföra" not in nothing
    shared = client.get(f"/r/mini/{mini.version}/{checked('eA-c', mini.version)}?lattlast=1").text
    assert "Det här är någon annans resultat. Svaren finns i länken." in shared
    assert "svaren finns i länken, och" not in shared
    assert "Gör valkompassen själv. Då ser du vilka partier som tycker som du." in shared  # its preview text
    tie = result_page(client, mini, state="acaa", query="?lattlast=1")
    assert tie.count("Delad 1:a") == 2 and EASY_TIE_NOTE in tie
    assert "Betapartiet (Huddinge) och Gammapartiet (Solna) delar på första platsen. Dina svar passar lika bra med dem." in tie
    below = result_page(client, mini, state="..e.", query="?lattlast=1")  # only krav: no two parties known
    assert ("Vi visar en lista med partier när du har svarat på minst 2 frågor där vi vet vad minst två partier "
            "tycker. Du har svarat på 0 sådana frågor.") in below
    single = result_page(client, mini, query="?lattlast=1", kommun="huddinge")
    assert "I Huddinge finns bara ett parti i den här valkompassen. Det är Betapartiet." in single


def test_easy_and_normal_result_pages_rendered_one_after_the_other_keep_their_own_text(client, mini):
    """The page is rendered once per quiz version and reading mode and then kept (quiz.voter.result_page):
    lättläst is part of that key, so neither mode is ever served the other's text."""
    first = result_page(client, mini, state="acaa")
    easy = result_page(client, mini, state="acaa", query="?lattlast=1")
    again = result_page(client, mini, state="acaa")
    easy_again = result_page(client, mini, state="acaa", lattlast="1")  # a form's hidden field, as the next page sends it
    assert first == again and easy == easy_again and first != easy
    assert TIE_NOTE in again and EASY_TIE_NOTE not in again
    assert EASY_TIE_NOTE in easy_again and TIE_NOTE not in easy_again


def test_the_method_page_leads_with_a_plain_explanation_and_keeps_the_formula(client, mini):
    plain = client.get(f"/q/mini/{mini.version}/metod").text
    assert METHOD_LEAD in plain and "Kort förklaring" not in plain and EASY_METHOD_LEAD not in plain
    easy = client.get(f"/q/mini/{mini.version}/metod?lattlast=1").text
    assert EASY_METHOD_LEAD in easy and METHOD_LEAD not in easy
    assert easy.index("Kort förklaring") < easy.index("Σ w·d")  # the plain words first, the formula kept
    assert "Ett exempel. Du svarar ”Helt för” på ett påstående." in easy
    assert "Vad resultatet inte säger" in easy and "Men partierna kan rösta på ett annat sätt än de skriver." in easy
    from_result = client.post(f"/q/mini/{mini.version}/metod", data={"state": checked("eA-c", mini.version), "lattlast": "1"}).text
    assert EASY_METHOD_LEAD in from_result and "Tillbaka till resultatet" in from_result


def test_the_method_pages_example_in_words_is_what_the_matching_code_gives(client, mini):
    """One statement answered "Helt för"; a party that says the same, one step less, the opposite or
    nothing gets 4, 3, 0 and 2 of 4 points: its score with the real formula, as a share of 4."""
    easy = client.get(f"/q/mini/{mini.version}/metod?lattlast=1").text
    scores = score_parties(np.array([2.0]), np.array([1.0]), np.array([[2.0], [1.0], [-2.0], [np.nan]]), -2, 2).scores
    points = [round(s / 100 * 4) for s in scores]
    assert points == [4, 3, 0, 2]
    assert "Partiet tycker också ”Helt för”. Då får partiet 4 av 4 poäng." in easy
    assert "Partiet tycker ”Delvis för”. Det är 1 steg från ditt svar. Då får partiet 3 av 4 poäng." in easy
    assert "Det är raka motsatsen till ditt svar. Då får partiet 0 av 4 poäng." in easy
    assert "Partiets program säger inte vad partiet tycker. Då får partiet 2 av 4 poäng. Det är hälften." in easy


def test_in_english_lattlast_gives_plain_english(client, mini):
    start = client.get("/?lang=en&lattlast=1").text
    assert "You say what you think about different proposals." in start
    assert "Take a stand on concrete proposals" not in client.get("/?lang=en&lattlast=1").text
    assert "Take a stand on concrete proposals" in client.get("/?lang=en").text
    result = result_page(client, mini, state="acaa", query="?lang=en&lattlast=1")
    assert "Sometimes several parties get the same result. Then they share the place." in result
    assert "“Unknown” means that the party’s platform does not say what the party thinks on the question." in result
    normal = result_page(client, mini, state="acaa", query="?lang=en")
    assert "Parties with the same result share a place and are listed in alphabetical order." in normal
    assert "Sometimes several parties" not in normal
    method = client.get(f"/q/mini/{mini.version}/metod?lang=en&lattlast=1").text
    assert "Short explanation" in method and "The party also thinks “Strongly agree”. Then the party gets 4 of 4 points." in method


def test_a_students_class_box_reads_easily(app, client, mini):
    code = class_code(client.get(create_class(client)).text)
    from quiz.classroom import operations, tickets

    with app.app_context():
        ticket = tickets.class_ticket(app.config["SECRET_KEY"], operations.find_by_code(code))  # as the join carries it
    html = result_page(app.test_client(), mini, klass=ticket, lattlast="1")
    assert f"Din lärare har startat en klass. Klassen har koden {code}." in html
    assert "Du skickar bara dina svar på påståendena. Du skickar inte ditt namn eller din e-postadress." in html
    assert "Inget namn, ingen e-postadress." not in html
