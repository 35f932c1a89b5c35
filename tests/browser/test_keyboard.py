"""The whole quiz with the keyboard alone, and the focus visible at every step.

Only Tab, Shift+Tab, arrow keys, Space and Enter are pressed; after each key the focused element
must show a focus indicator (an outline or a box shadow, on it or on its label).
"""

from __future__ import annotations

FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const shown = e => { if (!e) return false; const s = getComputedStyle(e);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'; };
  const box = el.getBoundingClientRect();
  return {html: el.outerHTML.slice(0, 160), visible: shown(el) || shown(el.closest('label')),
          onscreen: box.width > 0 && box.height > 0};
}"""


def focused(page) -> dict:
    info = page.evaluate(FOCUS)
    assert info, "nothing has the focus"
    assert info["visible"] and info["onscreen"], f"focus is not visible on {info['html']}"
    return info


def press(page, key: str) -> dict:
    page.keyboard.press(key)
    page.wait_for_load_state()
    return focused(page)


def submit(page, key: str = "Enter") -> None:
    """Enter (or Space) on the focused button: the form is sent and the next page loads."""
    with page.expect_navigation():
        page.keyboard.press(key)


def tab_to(page, selector: str, backwards: bool = False, limit: int = 40) -> None:
    """Tab (or Shift+Tab) until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        press(page, "Shift+Tab" if backwards else "Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the focus by {'Shift+' if backwards else ''}Tab")


def progress(page) -> str:
    return page.locator(".progress-text").inner_text()


def focused_in_statement_group(page) -> str:
    """The focused answer button belongs to a group whose accessible name is the statement: what a
    screen reader announces on entering the answers. Returns the button's name."""
    statement = page.locator("h1.statement-text").inner_text()
    group = page.get_by_role("group", name=statement)
    name = page.evaluate("document.activeElement.textContent.trim()")
    assert group.get_by_role("button", name=name, exact=True).evaluate("b => b === document.activeElement")
    return name


def test_quiz_comparison_and_change_with_the_keyboard_alone(live_server, page):
    page.goto(live_server.url + "/")
    tab_to(page, "input[name=kommun]")
    press(page, "ArrowRight")  # the second municipality option, chosen by arrow key
    assert page.locator("input[name=kommun]").nth(1).is_checked()
    tab_to(page, "form[action$='/start'] button[type=submit]")
    submit(page)
    assert progress(page).startswith("Påstående 1 av")
    total = int(progress(page).split(" av ")[1].split()[0])

    tab_to(page, "input[name=important]")  # "Viktigt för mig" comes first, then the answers
    press(page, "Space")
    tab_to(page, "button[name=answer]")
    tab_to(page, "button[name=answer]")  # the second answer: one key sends it
    assert focused_in_statement_group(page) == "Delvis emot"
    submit(page)

    for number in range(2, total + 1):
        assert progress(page).startswith(f"Påstående {number} av")
        tab_to(page, "button[name=answer]")
        tab_to(page, "input[name=important]", backwards=True)  # and back again
        tab_to(page, "button[name=answer]")
        focused_in_statement_group(page)
        submit(page, "Space" if number % 2 else "Enter")

    assert page.get_by_role("heading", name="Ditt resultat").is_visible()
    tab_to(page, ".comparison .topic-fold > summary")  # the comparison: open the first topic
    press(page, "Enter")
    assert page.locator(".comparison .topic-fold").first.get_attribute("open") is not None
    while not page.locator(".topic-fold[open] .positions details").count():  # a topic with a quote
        tab_to(page, ".comparison .topic-fold:not([open]) > summary")
        press(page, "Enter")
    tab_to(page, ".topic-fold[open] .positions details summary")  # then a party's quote
    press(page, "Enter")
    assert page.locator(".comparison .positions details blockquote").first.is_visible()
    first_answer = page.locator(".my-answer").first.inner_text()
    assert first_answer == "Delvis emot · viktigt"
    tab_to(page, "button[name=goto][value='1']", backwards=True)  # "Ändra" sits above the quotes
    submit(page)
    assert progress(page).startswith("Påstående 1 av")
    # the earlier answer is announced as pressed, the weight still ticked
    tab_to(page, "button[name=answer][aria-pressed=true]")
    assert focused_in_statement_group(page) == "Delvis emot"
    assert page.locator("input[name=important]").is_checked()
    tab_to(page, "button[name=answer]:not([aria-pressed])")  # the next answer, "Neutral"
    submit(page)
    # back on the result at once, not walked through the other statements again
    assert page.get_by_role("heading", name="Ditt resultat").is_visible()
    assert page.locator(".my-answer").first.text_content().strip() == "Neutral · viktigt"  # folded: its text, not its rendering


def test_enter_on_viktigt_for_mig_keeps_the_page_and_the_tick(live_server, page, page_without_js):
    """Enter in a form sends it with its first submit button in the document; the header's language
    switch (form="statement-form") comes before the form, so Enter on the checkbox switched the
    page to English and dropped the tick. Now Enter keeps the statement, its language and, on an
    answered statement, the tick, with and without JS."""
    from tests.browser.pages import statement

    for browser_page in (page, page_without_js):
        statement(browser_page, live_server.url)
        browser_page.locator("button[name=answer]").first.click()
        browser_page.wait_for_selector("text=Påstående 2 av")
        browser_page.get_by_role("button", name="Föregående").click()
        browser_page.wait_for_selector("text=Påstående 1 av")
        browser_page.locator("input[name=important]").focus()
        browser_page.keyboard.press("Space")
        with browser_page.expect_navigation():
            browser_page.keyboard.press("Enter")
        assert browser_page.locator("html").get_attribute("lang") == "sv"
        assert "Påstående 1 av" in browser_page.locator("#progress").inner_text()
        assert browser_page.locator("input[name=important]").is_checked()
