"""The editor in a real browser: a three-party, ten-statement quiz built from pasted platform texts
and published with JavaScript off; the quote picked by selecting it in the source with JavaScript
on; then a voter takes the new quiz."""

from __future__ import annotations

import itertools

from playwright.sync_api import expect

from tests.helpers.editor import CODED, PASSWORD, PLATFORMS, STATEMENTS

_accounts = itertools.count(1)


def new_editor(live_server) -> str:
    email = f"redaktor{next(_accounts)}@example.se"
    result = live_server.app.test_cli_runner().invoke(
        args=["users", "create", email, "--org", f"Tidning {email}"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    return email


def sign_in(page, url: str, email: str) -> None:
    page.goto(url + "/redaktion/")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name="Mina quiz")).to_be_visible()


def new_quiz(page, quiz_id: str, title: str) -> None:
    page.get_by_role("link", name="Nytt quiz").click()
    page.get_by_label("Id (i adressen").fill(quiz_id)
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Beskrivning").fill("Ett quiz byggt i webbläsaren.")
    page.get_by_label("Ämnen, ett per rad").fill("Skola\nBoende")
    page.get_by_label("Kommuner, en per rad").fill("Exempelby")
    page.get_by_role("button", name="Skapa utkast").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()


def add_parties(page) -> None:
    for party_id, (name, text) in PLATFORMS.items():
        page.get_by_role("link", name="Lägg till parti").click()
        page.get_by_label("Id (t.ex. ”mp-solna”)").fill(party_id)
        page.get_by_label("Namn", exact=True).fill(name)
        page.get_by_label("Kommun").fill("Exempelby")
        page.get_by_label("Programmets adress (URL)").fill(f"https://example.org/{party_id}")
        page.get_by_label("Hämtat den").fill("2026-11-01")
        page.get_by_label("Programtext (klistra in)").fill(text)
        page.get_by_role("button", name="Spara partiet").click()
        expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()


def add_statements(page) -> None:
    for i, text in enumerate(STATEMENTS, start=1):
        page.get_by_role("link", name="Lägg till påstående").click()
        page.get_by_label("Påstående", exact=True).fill(text)
        page.get_by_label("Bakgrund").fill(f"Bakgrund till påstående {i}.")
        page.get_by_role("button", name="Spara påståendet").click()
        expect(page.get_by_role("link", name=text)).to_be_visible()


def open_position(page, url: str, quiz_id: str, party_id: str, number: int) -> None:
    page.goto(f"{url}/redaktion/q/{quiz_id}/")
    page.get_by_role("link", name=PLATFORMS[party_id][0], exact=True).locator("xpath=..").get_by_role(
        "link", name="Ståndpunkter").click()
    page.get_by_role("link", name=STATEMENTS[number - 1]).click()


def choose_value(page, value: int) -> None:
    page.locator(f"input[name=value][value='{value}']").check()
    page.get_by_label("Står uttryckligen i programmet").check()
    page.get_by_label("Motivering").fill("Programmet säger det rakt ut.")


def publish_and_take_it(page, url: str, quiz_id: str, title: str) -> None:
    page.goto(f"{url}/redaktion/q/{quiz_id}/")
    page.get_by_role("link", name="Granska och publicera").click()
    expect(page.get_by_role("heading", name="Fel som måste rättas")).to_have_count(0)
    page.get_by_role("button", name="Publicera").click()
    expect(page.get_by_role("heading", name="Publicerat: version 1-")).to_be_visible()
    expect(page.get_by_label("Inbäddningskod att klistra in i en artikel")).to_contain_text(f"/embed/q/{quiz_id}/")
    page.get_by_role("link", name="Öppna").click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()


def test_an_editor_builds_and_publishes_a_quiz_with_javascript_off_and_a_voter_takes_it(page_without_js, live_server):
    page, url = page_without_js, live_server.url
    sign_in(page, url, new_editor(live_server))
    new_quiz(page, "webbquiz", "Webbquizet")
    add_parties(page)
    add_statements(page)
    # A quote that is not in the platform is refused beside its field, and what was typed stays
    open_position(page, url, "webbquiz", "rod", 1)
    choose_value(page, 2)
    page.get_by_label("Citat ur programmet").fill("Vi vill bygga tusen hyresrätter.")
    page.get_by_role("button", name="Spara ståndpunkten").click()
    expect(page.locator("#quote-error")).to_have_text("Citatet finns inte i partiets programtext. Kopiera det ordagrant.")
    expect(page.get_by_label("Citat ur programmet")).to_have_value("Vi vill bygga tusen hyresrätter.")
    expect(page.get_by_label("Motivering")).to_have_value("Programmet säger det rakt ut.")
    for party_id, number, value, quote in CODED:
        open_position(page, url, "webbquiz", party_id, number)
        choose_value(page, value)
        page.get_by_label("Citat ur programmet").fill(quote)
        page.get_by_role("button", name="Spara ståndpunkten").click()
        expect(page.get_by_role("heading", name=f"{PLATFORMS[party_id][0]}: ståndpunkter")).to_be_visible()
    # Unlisted (link and embed only), so the other browser tests' start page stays as it was
    page.goto(f"{url}/redaktion/q/webbquiz/")
    page.get_by_label("Olistat").check()
    page.get_by_role("button", name="Spara inställningarna").click()
    expect(page.get_by_role("status")).to_have_text("Sparat.")
    publish_and_take_it(page, url, "webbquiz", "Webbquizet")
    page.locator("input[name=kommun]").first.check()
    page.locator("form[action$='/start'] button[type=submit]").first.click()
    page.get_by_role("button", name="Helt för").first.click()
    expect(page.locator("fieldset.statement")).to_contain_text(STATEMENTS[1])
    page.goto(url + "/")
    expect(page.get_by_text("Webbquizet")).to_have_count(0)


def test_with_javascript_the_quote_is_picked_by_selecting_it_in_the_source(page, live_server):
    url = live_server.url
    sign_in(page, url, new_editor(live_server))
    new_quiz(page, "jsquiz", "Quiz med skript")
    add_parties(page)
    add_statements(page)
    open_position(page, url, "jsquiz", "rod", 2)
    choose_value(page, 2)
    pick = page.get_by_role("button", name="Använd den markerade texten som citat")
    expect(pick).to_be_disabled()
    page.evaluate("""() => {
        const source = document.getElementById('source-text');
        const text = source.firstChild, start = text.data.indexOf('Skolan'), end = text.data.indexOf('klasser.') + 8;
        const range = document.createRange(); range.setStart(text, start); range.setEnd(text, end);
        const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
    }""")
    expect(pick).to_be_enabled()
    pick.click()
    expect(page.get_by_label("Citat ur programmet")).to_have_value("Skolan ska ha mindre klasser.")
    page.get_by_role("button", name="Spara ståndpunkten").click()
    expect(page.get_by_role("heading", name="Röda partiet: ståndpunkter")).to_be_visible()
    expect(page.locator("#s-p2")).to_contain_text("Skolan ska ha mindre klasser.")
    open_position(page, url, "jsquiz", "rod", 2)
    expect(page.locator("mark#citat")).to_have_text("Skolan ska ha   mindre klasser.")


def test_with_javascript_a_statement_saves_as_the_editor_types(page, live_server):
    url = live_server.url
    sign_in(page, url, new_editor(live_server))
    new_quiz(page, "autoquiz", "Quiz som sparar sig")
    page.get_by_role("link", name="Lägg till påstående").click()
    page.get_by_label("Påstående", exact=True).fill("Första lydelsen.")
    page.get_by_role("button", name="Spara påståendet").click()
    page.get_by_role("link", name="Första lydelsen.").click()
    page.get_by_label("Bakgrund").fill("Skriven utan att trycka på spara.")
    expect(page.locator("#autosave-status")).to_contain_text("Sparat kl.")
    page.get_by_label("Påstående", exact=True).fill("Andra lydelsen.")
    expect(page.locator("#autosave-status")).to_contain_text("Sparat kl.")
    page.reload()
    expect(page.get_by_label("Påstående", exact=True)).to_have_value("Andra lydelsen.")
    expect(page.get_by_label("Bakgrund")).to_have_value("Skriven utan att trycka på spara.")
