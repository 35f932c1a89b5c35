"""The result's first screen on a 360 px phone, what "Visa resultat nu" says before the minimum, a
municipality with one party, and where focus starts on a statement page: with JavaScript and without.

Built on the shipped quiz without pinning its figures: what is checked is how the page presents
whatever the content gives (a party's counts lead where its platform covers fewer than half of the
answers, and so on), so a change of content cannot break these tests, only a change of presentation.
"""

from __future__ import annotations

import re

from tests.browser.pages import QUIZ, answer_all, answer_every_statement, statement

PHONE = {"width": 360, "height": 640}


def first_answer_after_tabs(page, limit: int = 12) -> int:
    """How many Tab presses from where the page put the focus to the first answer button."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('fieldset.statement button[name=answer]')"):
            assert page.evaluate("document.activeElement === document.querySelector('fieldset.statement button[name=answer]')")
            return presses
    raise AssertionError("the first answer was never reached by Tab")


def test_a_statement_page_starts_on_the_statement_with_and_without_javascript(live_server, chromium):
    for javascript in (True, False):
        context = chromium.new_context(viewport=PHONE, locale="sv-SE", java_script_enabled=javascript)
        page = context.new_page()
        page.goto(f"{live_server.url}/q/{QUIZ}/start?kommun=alla")
        page.wait_for_selector("fieldset.statement")
        for _ in range(2):  # the first page (GET) and one reached by answering (POST)
            assert page.evaluate("document.activeElement.id") == "statement-heading", javascript
            # the statement's background, "Viktigt för mig", then the first answer: not the site's links first
            background = page.locator(".background").count()
            assert first_answer_after_tabs(page) == 2 + background, javascript
            page.locator("fieldset.statement button[name=answer]").nth(3).click()
            page.wait_for_selector("fieldset.statement")
        context.close()


def test_viktigt_for_mig_on_the_answer_just_given_keeps_one_tap_per_answer(live_server, chromium):
    context = chromium.new_context(viewport=PHONE, locale="sv-SE")
    page = context.new_page()
    statement(page, live_server.url)
    page.locator("fieldset.statement button[name=answer]").last.click()  # one tap: answered, on to 2
    page.wait_for_selector("text=Påstående 2 av")
    line = page.locator(".previous-answer")
    assert "Ditt svar på förra påståendet: Helt för." in line.inner_text()
    line.get_by_role("button", name=re.compile("Förra påståendet är viktigt för mig")).click()
    page.wait_for_selector("text=markerat som viktigt")
    assert page.locator(".progress-text").inner_text().startswith("Påstående 2 av")
    box = page.get_by_role("button", name=re.compile("Förra påståendet är inte viktigt för mig")).bounding_box()
    assert box["height"] >= 44 and box["x"] + box["width"] <= 360
    context.close()


def test_the_first_screen_on_a_phone_leads_with_what_each_score_is_made_of(live_server, chromium):
    context = chromium.new_context(viewport=PHONE, locale="sv-SE")
    page = context.new_page()
    statement(page, live_server.url)
    answer_all(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    rows = page.locator(".ranking > li.party")
    assert rows.count() >= 2
    thin = page.locator(".ranking > li.party.thin").count()
    for i in range(rows.count()):
        row = rows.nth(i)
        text = row.inner_text()
        if "thin" in row.get_attribute("class"):
            # the counts lead; the percentage is on the page, after them
            head = row.locator(".counts-head").inner_text()
            assert re.fullmatch(r"\d+ av \d+", head), head
            counts = re.search(r"Håller med dig i (\d+) av (\d+) frågor där partiet har en ståndpunkt\.", text)
            assert counts and head == f"{counts.group(1)} av {counts.group(2)}"
            assert text.index("Håller med dig") < text.index("Matchning räknad över alla dina svar")
        else:
            assert re.search(r"\d+ %", row.locator(".percent").inner_text())
            assert "Håller med dig i" in text
    if thin == rows.count():
        assert "osäkert" not in page.locator("main").inner_text()  # it would tell no party apart
        assert page.locator(".reliability").inner_text().startswith("Partiernas program tar upp färre än hälften")
    # the first screen holds no jargon and no other methods; they are one click away
    first_screen = page.locator("main").inner_text()
    for word in ("euklid", "SVT", "OpenVAA", "Wahl-O-Mat", "Toppresultatet"):
        assert word not in first_screen, word
    # the first party's name and counts are within the first screen
    first = rows.first.locator(".party-name").bounding_box()
    assert first["y"] + first["height"] <= PHONE["height"]
    separation = page.locator(".separation")
    assert separation.count() <= 1
    context.close()


def test_visa_resultat_nu_before_the_minimum_says_what_is_missing(live_server, chromium):
    context = chromium.new_context(viewport=PHONE, locale="sv-SE")
    page = context.new_page()
    statement(page, live_server.url)
    page.locator("fieldset.statement button[name=answer]").first.click()
    page.wait_for_selector("text=Påstående 2 av")
    hint = page.locator("#minimum-hint")
    assert re.match(r"Partierna rangordnas när du har svarat på minst 5 påståenden där minst två av partierna har en "
                    r"ståndpunkt\. Du har svarat på [01] sådana\.", hint.inner_text())
    button = page.get_by_role("button", name="Visa resultat nu")
    assert button.get_attribute("aria-describedby") == "minimum-hint"
    button.click()
    page.wait_for_selector(".below-minimum")
    assert page.locator(".ranking").count() == 0
    assert page.locator(".below-minimum h2").inner_text() == "Ännu ingen rangordning"
    page.get_by_role("button", name="Svara på fler påståenden").click()
    page.wait_for_selector("text=Påstående 2 av")
    context.close()


def test_a_solna_voter_gets_the_one_partys_positions_and_all_parties_not_a_ranking_of_one(live_server, chromium):
    context = chromium.new_context(viewport=PHONE, locale="sv-SE")
    page = context.new_page()
    page.goto(f"{live_server.url}/q/{QUIZ}/start?kommun=solna")
    page.wait_for_selector("fieldset.statement")
    answer_all_to_result(page)
    heading = page.locator("#single-heading")
    assert heading.inner_text().startswith("I Solna finns bara ett parti i den här valkompassen: ")
    assert page.locator(".ranking").count() == 0 and page.locator(".separation").count() == 0
    assert re.search(r"Håller med dig i \d+ av \d+ frågor där partiet har en ståndpunkt\.",
                     page.locator(".single-party").inner_text())
    everyone = page.get_by_role("button", name="Jämför med alla partier i valkompassen")
    assert everyone.bounding_box()["y"] < PHONE["height"] * 1.5
    everyone.click()
    page.wait_for_selector(".ranking")
    assert page.locator(".ranking > li.party").count() >= 3
    context.close()


def answer_all_to_result(page):
    """Answer every statement (one tap each) and land on the result, whatever it shows."""
    answer_every_statement(page)
    page.wait_for_selector("h1")
