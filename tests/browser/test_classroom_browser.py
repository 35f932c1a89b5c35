"""Class mode in a real browser: the dashboard follows new submissions by itself when JavaScript runs."""

from __future__ import annotations

from contextlib import contextmanager

from playwright.sync_api import expect

from tests.browser.pages import class_result, teacher_start


@contextmanager
def a_new_class(live_server, chromium):
    """A teacher's page on a new class's dashboard (refreshing every second), the class's code and a
    student's browser context."""
    live_server.app.config["CLASS_DASHBOARD_REFRESH_SECONDS"] = 1
    teacher_context = chromium.new_context(locale="sv-SE")
    student_context = chromium.new_context(locale="sv-SE")
    try:
        teacher = teacher_context.new_page()
        teacher_start(teacher, live_server.url)
        teacher.locator("form[action$='/larare/ny'] button[type=submit]").first.click()
        teacher.wait_for_selector(".join-code")
        yield teacher, teacher.locator(".join-code").inner_text(), student_context
    finally:
        live_server.app.config["CLASS_DASHBOARD_REFRESH_SECONDS"] = 15
        teacher_context.close()
        student_context.close()


def send_answers(student_context, url: str, code: str) -> None:
    student = student_context.new_page()
    class_result(student, url, code)
    student.locator(".class-box button[type=submit]").click()
    student.wait_for_selector("text=Dina svar är skickade")


def test_dashboard_shows_a_new_submission_without_a_reload(live_server, chromium):
    with a_new_class(live_server, chromium) as (teacher, code, student_context):
        assert "0 elever har skickat in" in teacher.locator(".submission-count").inner_text()
        teacher.evaluate("window.notReloaded = true")

        send_answers(student_context, live_server.url, code)

        expect(teacher.locator(".submission-count")).to_contain_text("1 elev har skickat in")
        assert teacher.evaluate("window.notReloaded === true")


def test_the_projector_view_follows_submissions_by_itself_without_the_teacher_link(live_server, chromium):
    with a_new_class(live_server, chromium) as (teacher, code, student_context):
        dashboard = teacher.url
        with teacher.context.expect_page() as opened:
            teacher.locator("a[href^='/visning/']").click()  # opens in a new tab
        wall = opened.value
        wall.wait_for_selector(".join-code")
        assert dashboard.rsplit("/", 1)[1] not in wall.url and "/visning/" in wall.url
        assert wall.locator("text=Radera klassen").count() == 0
        wall.evaluate("window.notReloaded = true")

        send_answers(student_context, live_server.url, code)

        expect(wall.locator(".submission-count")).to_contain_text("1 elev har skickat in")
        assert wall.evaluate("window.notReloaded === true")


def test_the_projector_steps_with_the_keys_and_fits_a_1080p_wall_in_large_type(live_server, chromium):
    """Issue 22: at 1920 × 1080 the projector view was a 6,037 px page in 16 px type with the site header."""
    from tests.browser.pages import a_class_with_five_submissions

    context = chromium.new_context(locale="sv-SE", viewport={"width": 1920, "height": 1080})
    try:
        page = context.new_page()
        dashboard, _code = a_class_with_five_submissions(page, live_server.url)
        page.goto(dashboard)
        page.goto(live_server.url + page.locator("a[href^='/visning/']").get_attribute("href"))
        page.wait_for_selector(".projector-nav")
        assert page.locator(".site-header").count() == 0 and page.locator(".site-footer").count() == 0
        page.keyboard.press("ArrowRight")
        page.wait_for_selector(".slide-bars")
        assert "Påstående 1 av" in page.locator(".slide-number").inner_text()
        page.keyboard.press("PageDown")  # a presenter's clicker
        expect(page.locator(".slide-number")).to_contain_text("Påstående 2 av")
        for selector in ("body", ".slide-bars li"):
            size = page.eval_on_selector(selector, "e => parseFloat(getComputedStyle(e).fontSize)")
            assert size >= 28, (selector, size)
        statement = page.eval_on_selector(".slide-statement", "e => parseFloat(getComputedStyle(e).fontSize)")
        assert statement >= 48, statement
        assert page.evaluate("document.documentElement.scrollHeight") <= 1080  # one screen, no scrolling
        page.keyboard.press("ArrowLeft")
        expect(page.locator(".slide-number")).to_contain_text("Påstående 1 av")
        page.keyboard.press("Home")
        page.wait_for_selector(".join-code")
    finally:
        context.close()
