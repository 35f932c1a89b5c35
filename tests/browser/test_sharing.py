"""Sharing on a phone: the share sheet where the browser has one, a copy button elsewhere, and a
copy the browser refuses (an iframe without clipboard permission) that says what to do instead.
Also the header on one line at 360 px, and the embed editor's live preview."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.pages import PAGES, embed_editor, share

SHARE_SHEET = """navigator.share = (data) => { window.shared = data; return Promise.resolve(); };"""
REFUSED_CLIPBOARD = """Object.defineProperty(navigator, 'clipboard', {value: {writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError'))}});"""


def test_a_phone_with_a_share_sheet_gets_a_share_button(live_server, chromium):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    context.add_init_script(SHARE_SHEET)
    page = context.new_page()
    share(page, live_server.url)
    link = page.locator("#share-link").input_value()
    page.get_by_role("button", name="Dela", exact=True).click()
    assert page.evaluate("window.shared.url") == link
    context.close()


def test_without_a_share_sheet_the_copy_button_copies_or_says_what_to_do(live_server, chromium):
    context = chromium.new_context()
    context.add_init_script("delete Navigator.prototype.share;")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    share(page, live_server.url)
    assert page.get_by_role("button", name="Dela", exact=True).count() == 0  # hidden: no share sheet
    link = page.locator("#share-link").input_value()
    page.get_by_role("button", name="Kopiera länken").click()
    # expect() polls from Playwright's own world: a string predicate would be eval'd in the page,
    # which our Content-Security-Policy (no 'unsafe-eval') refuses once the first check fails.
    expect(page.locator("#copy-status")).to_have_text("Länken är kopierad.")
    assert page.evaluate("navigator.clipboard.readText()") == link
    context.close()

    refused = chromium.new_context()
    refused.add_init_script("delete Navigator.prototype.share;" + REFUSED_CLIPBOARD)
    page = refused.new_page()
    share(page, live_server.url)
    page.get_by_role("button", name="Kopiera länken").click()
    expect(page.locator("#copy-status")).to_contain_text("kopiera den själv")
    selected = page.evaluate("(() => { const f = document.getElementById('share-link'); return document.activeElement === f && f.selectionEnd - f.selectionStart === f.value.length; })()")
    assert selected, "the link is selected for copying by hand"
    refused.close()


def test_the_header_stays_on_one_line_on_a_360_px_phone(live_server, chromium):
    context = chromium.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    for name in ("start", "statement", "statement (lättläst)", "result", "method", "embed editor"):
        PAGES[name](page, live_server.url)
        tops = page.evaluate("[...document.querySelectorAll('.site-header > *')].map(e => Math.round(e.getBoundingClientRect().top))")
        assert len(set(tops)) == 1, f"{name}: the header wraps ({tops})"
    context.close()


def test_embed_editor_preview_follows_the_fields_and_the_colour_picker(live_server, chromium):
    context = chromium.new_context()
    page = context.new_page()
    embed_editor(page, live_server.url)
    frame = page.locator(".embed-preview iframe")
    before = frame.get_attribute("src")
    picker = page.locator("#farg-picker")
    for step in ("#5a2f6c", "#6a2a64", "#7a1f5c"):  # a drag: the field and the snippet follow each step
        picker.evaluate("(p, v) => { p.value = v; p.dispatchEvent(new Event('input')); }", step)
        assert page.locator("#farg").input_value() == step
        assert "farg=%23" + step[1:] in page.locator("#snippet").input_value()
    assert frame.get_attribute("src") == before  # the preview does not reload at every step
    picker.evaluate("p => p.dispatchEvent(new Event('change'))")  # the colour is chosen
    assert "farg=%237a1f5c" in frame.get_attribute("src")
    assert "farg=%237a1f5c" in page.locator("#snippet").input_value()
    page.locator("#kommun").select_option("solna")
    assert "kommun=solna" in frame.get_attribute("src") and "kommun=solna" in page.locator("#snippet").input_value()
    preview = page.frame_locator(".embed-preview iframe")
    # fixed there: no picker (expect waits for the preview to load its new address; count() did not)
    expect(preview.locator("h1")).to_be_visible()
    expect(preview.locator("input[name=kommun][type=radio]")).to_have_count(0)
    context.close()


def test_embed_editor_keeps_a_colour_the_server_refuses_out_of_the_snippet(live_server, chromium):
    """#ffff00 has 1.07:1 against the quiz's lightest background: every reader of a snippet with it
    would get the 400 page. The field says why (the server's own words), the snippet keeps the last
    colour that works, and a dark colour is written in again."""
    context = chromium.new_context()
    page = context.new_page()
    embed_editor(page, live_server.url)
    frame = page.locator(".embed-preview iframe")
    field = page.locator("#farg")
    snippet = page.locator("#snippet")
    field.fill("#ffff00")
    field.dispatch_event("change")
    expect(field).to_have_attribute("aria-invalid", "true")
    error = page.locator("#farg-error")
    expect(error).to_be_visible()
    expect(error).to_have_text("Färgen #ffff00 är för ljus: text i den färgen går inte att läsa på ljus bakgrund. "
                               "Välj en mörkare färg (kontrast minst 4,5:1).")
    assert "farg-error" in field.get_attribute("aria-describedby")
    assert "ffff00" not in snippet.input_value() and "ffff00" not in frame.get_attribute("src")
    assert "farg=%23005a32" in snippet.input_value()  # the last colour that works
    field.fill("#7a1f5c")
    field.dispatch_event("change")
    expect(field).not_to_have_attribute("aria-invalid", "true")
    expect(error).to_be_hidden()
    assert "farg-error" not in field.get_attribute("aria-describedby")
    assert "farg=%237a1f5c" in snippet.input_value() and "farg=%237a1f5c" in frame.get_attribute("src")
    context.close()
