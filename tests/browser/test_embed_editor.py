"""The editor's embed page and the theme, in a real browser."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.pages import QUIZ

EDITOR = "/badda-in?quiz=" + QUIZ


REFUSED_CLIPBOARD = """Object.defineProperty(navigator, 'clipboard', {value: {writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError'))}});"""


def test_copy_button_copies_the_snippet(live_server, chromium):
    context = chromium.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(live_server.url + EDITOR)
    page.get_by_role("button", name="Kopiera koden").click()
    expect(page.locator("#copy-status")).to_have_text("Koden är kopierad.")
    code = page.locator("#snippet").input_value()
    assert code.startswith('<iframe src="' + live_server.url + "/embed/q/" + QUIZ + "/")
    assert page.evaluate("navigator.clipboard.readText()") == code
    context.close()


def test_a_refused_copy_selects_the_snippet_and_says_to_copy_it(live_server, chromium):
    context = chromium.new_context()
    context.add_init_script(REFUSED_CLIPBOARD)
    page = context.new_page()
    page.goto(live_server.url + EDITOR)
    page.get_by_role("button", name="Kopiera koden").click()
    expect(page.locator("#copy-status")).to_have_text("Kopieringen gick inte här: koden är markerad, kopiera den själv.")
    code = page.locator("#snippet")
    expect(code).to_be_focused()
    assert code.evaluate("t => t.selectionStart === 0 && t.selectionEnd === t.value.length")
    context.close()


def test_without_javascript_the_snippet_is_there_to_select_and_no_dead_button(live_server, page_without_js):
    page_without_js.goto(live_server.url + EDITOR)
    expect(page_without_js.locator("#snippet")).to_be_visible()
    expect(page_without_js.locator("#copy-snippet")).to_be_hidden()


def test_the_accent_colour_reaches_the_embedded_page(live_server, chromium):
    context = chromium.new_context(color_scheme="light", locale="sv-SE")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/embed/q/{QUIZ}/start?farg=%23005a32&namn=Lokaltidningen")
        expect(page.locator(".button.answer").first).to_have_css("border-top-color", "rgb(0, 90, 50)")  # one-tap answers
        expect(page.locator(".embed-publisher")).to_have_text("Valkompassen hos Lokaltidningen")
    finally:
        context.close()
