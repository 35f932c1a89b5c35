"""Every page type a visitor can meet, as recipes that bring a browser page there.

The accessibility audit, the small-screen checks and the text-resize check all walk this list, so a
new page type gets every check by adding one recipe here. A recipe takes a Playwright page and the
live server's URL and leaves the page showing what it names.
"""

from __future__ import annotations

QUIZ = "socialpolitik"


def start(page, url):
    page.goto(url + "/")


def start_english(page, url):
    page.goto(url + "/?lang=en")


def intro(page, url):
    page.goto(f"{url}/q/{QUIZ}/")


def statement(page, url):
    start(page, url)
    page.locator("form[action$='/start'] button[type=submit]").first.click()
    page.wait_for_selector("fieldset.statement")


def statement_with_error(page, url):
    statement(page, url)
    page.locator(".actions button[value=next]").click()
    page.wait_for_selector("#answer-error")


def statement_english(page, url):
    page.goto(f"{url}/q/{QUIZ}/start?lang=en")
    page.wait_for_selector("fieldset.statement")


def statement_easy(page, url):
    page.goto(f"{url}/q/{QUIZ}/start?lattlast=1")
    page.wait_for_selector("fieldset.statement")


def result(page, url):
    statement(page, url)
    answer_all(page)


def result_english(page, url):
    statement_english(page, url)
    answer_all(page)


def answer_all(page):
    """Answer every statement, alternating positions and marking the first as important."""
    labels = page.locator("fieldset.statement label.choice")
    number = 0
    while page.locator("fieldset.statement").count():
        labels.nth(number % labels.count()).click()
        if number == 0:
            page.locator(".important input").check()
        page.locator(".actions button[value=next]").click()
        page.wait_for_load_state()
        number += 1
    page.wait_for_selector(".ranking")


def embed_editor(page, url):
    page.goto(f"{url}/badda-in?quiz={QUIZ}&farg=%23005a32&namn=Lokaltidningen")
    page.wait_for_selector("#snippet")


def statement_embedded(page, url):
    """The embed's own page (no site chrome, the publisher's name and colour), opened directly."""
    page.goto(f"{url}/embed/q/{QUIZ}/start?farg=%23005a32&namn=Lokaltidningen")
    page.wait_for_selector("fieldset.statement")


def not_found(page, url):
    page.goto(url + "/finns-inte")


def bad_request(page, url):
    """A tampered answer string: the 400 page a voter sees, reached from a real form."""
    statement(page, url)
    page.locator("input[name=state]").evaluate("el => el.value = 'zz'")
    page.locator(".actions button[value=skip]").click()
    page.wait_for_selector("h1")


PAGES = {
    "start": start,
    "start (en)": start_english,
    "intro": intro,
    "statement": statement,
    "statement with error": statement_with_error,
    "statement (en)": statement_english,
    "statement (lättläst)": statement_easy,
    "result": result,
    "result (en)": result_english,
    "embed editor": embed_editor,
    "statement (embedded)": statement_embedded,
    "404": not_found,
    "400": bad_request,
}
