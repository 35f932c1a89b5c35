"""The voter flow in a real browser, with JavaScript off: plain forms carry everything."""

import re


def test_quiz_end_to_end_without_javascript(live_server, page_without_js):
    page = page_without_js
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Starta").first.click()
    progress = page.locator(".progress-text").inner_text()
    total = int(re.search(r"av (\d+)", progress).group(1))
    assert progress.startswith("Påstående 1 av")

    page.get_by_label("Helt för").check()
    page.get_by_label("Viktigt för mig").check()
    page.get_by_role("button", name="Nästa").click()
    assert page.locator(".progress-text").inner_text().startswith("Påstående 2 av")
    page.get_by_role("button", name="Hoppa över").click()
    page.get_by_role("button", name="Föregående").click()
    assert page.locator(".progress-text").inner_text().startswith("Påstående 2 av")
    for _ in range(2, total + 1):
        page.get_by_label("Delvis emot").check()
        page.locator("button[name=action][value=next]").click()

    assert page.get_by_role("heading", name="Ditt resultat").is_visible()
    assert f"Du svarade på {total} av {total} påståenden." in page.content()
    parties = page.locator(".ranking > li")
    assert parties.count() == 5  # all parties, always
    assert page.context.cookies() == []


def test_statement_page_fits_a_small_phone(live_server, chromium):
    context = chromium.new_context(viewport={"width": 360, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Starta").first.click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
