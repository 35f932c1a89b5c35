"""The voter flow in a real browser, with JavaScript off: plain forms carry everything."""

import re


def test_quiz_end_to_end_without_javascript(live_server, page_without_js):
    page = page_without_js
    page.goto(live_server.url + "/")
    page.get_by_label("Alla kommuner").first.check()
    page.get_by_role("button", name="Starta").first.click()
    progress = page.locator(".progress-text").inner_text()
    total = int(re.search(r"av (\d+)", progress).group(1))
    assert progress.startswith("Påstående 1 av")

    page.get_by_label("Viktigt för mig").check()
    page.get_by_role("button", name="Helt för", exact=True).click()  # one tap: answered and on
    assert page.locator(".progress-text").inner_text().startswith("Påstående 2 av")
    page.get_by_role("button", name="Hoppa över").click()
    page.get_by_role("button", name="Föregående").click()
    assert page.locator(".progress-text").inner_text().startswith("Påstående 2 av")
    assert page.get_by_role("button", name="Hoppa över").get_attribute("aria-pressed") == "true"
    for _ in range(2, total + 1):
        page.get_by_role("button", name="Delvis emot", exact=True).click()

    assert page.get_by_role("heading", name="Ditt resultat").is_visible()
    assert f"Du svarade på {total} av {total} påståenden." in page.content()
    parties = page.locator(".ranking > li")
    assert parties.count() == 5  # all parties, always
    assert page.context.cookies() == []


def test_statement_page_fits_a_small_phone(live_server, chromium):
    context = chromium.new_context(viewport={"width": 360, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_label("Alla kommuner").first.check()
    page.get_by_role("button", name="Starta").first.click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_result_page_prints_the_ranking_and_the_comparison_with_its_quotes(live_server, chromium):
    from tests.browser.pages import result

    context = chromium.new_context()
    page = context.new_page()
    result(page, live_server.url)
    quote = page.locator(".comparison details blockquote").first
    assert not quote.is_visible()  # on screen, quotes wait behind "Citat och motivering"
    page.emulate_media(media="print")
    assert page.locator(".ranking").is_visible() and page.locator(".comparison").is_visible()
    assert quote.is_visible()  # on paper every quote is there, without JavaScript's help
    for hidden in (".filters", ".result-actions", ".site-header"):
        assert not page.locator(hidden).is_visible(), f"{hidden} is printed"
    context.close()


def test_recompute_from_the_result_page_without_javascript(live_server, page_without_js):
    from tests.browser.pages import answer_all, statement

    page = page_without_js
    statement(page, live_server.url)
    answer_all(page)
    before = page.locator(".ranking .percent").all_inner_texts()
    page.locator(".result-actions button", has_text="Ändra svar och vikter").click()
    selects = page.locator(".editor select")
    for i in range(selects.count()):
        selects.nth(i).select_option(index=1)  # "Helt emot" everywhere
    page.locator(".edit-section button[type=submit]").click()
    assert page.get_by_role("heading", name="Ditt resultat").is_visible()
    assert page.locator(".ranking .percent").all_inner_texts() != before
    answers = [a.strip() for a in page.locator(".my-answer").all_text_contents()]  # folded by topic
    assert answers[0] == "Helt emot · viktigt"  # the weight ticked on the first page is kept
    assert set(answers[1:]) == {"Helt emot"}
