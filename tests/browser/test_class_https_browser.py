"""Class mode in Chromium over HTTPS: gunicorn (gunicorn.conf.py) behind the TLS-terminating proxy
of tests/helpers/tls_proxy.py, as behind docs/DEPLOY.md's nginx (issue 20.1). The browser sends what it
really sends from pages with ``Referrer-Policy: no-referrer``: no Referer and ``Origin: null``;
before the fix every class form answered 400 "Formuläret är för gammalt" here."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.helpers.https import https_site


def test_a_teacher_and_a_student_use_class_mode_over_https(tmp_path, chromium):
    with https_site(tmp_path) as site:
        teacher_context = chromium.new_context(locale="sv-SE", ignore_https_errors=True)
        student_context = chromium.new_context(locale="sv-SE", ignore_https_errors=True)
        try:
            teacher = teacher_context.new_page()
            teacher.goto(site.base + "/larare")
            teacher.locator("input[name=storlek]").first.fill("12")
            teacher.locator("form[action$='/larare/ny'] button[type=submit]").first.click()
            teacher.wait_for_selector(".join-code")
            assert "högst 14 telefoner" in teacher.content()
            join_link = teacher.locator("a.join-link").get_attribute("href")
            assert join_link.startswith("https://")

            student = student_context.new_page()
            student.goto(join_link)
            student.locator("form[action='/klass'] button[type=submit]").click()
            student.wait_for_selector("fieldset.statement")
            student.locator("fieldset.statement button[name=answer]").first.click()
            student.wait_for_selector("fieldset.statement")
            student.locator(".actions button[value=result]").click()
            student.locator(".class-box button[type=submit]").click()
            expect(student.locator("h1")).to_have_text("Dina svar är skickade")
            device = [c for c in student_context.cookies() if c["name"].startswith("klass_")]
            assert device and device[0]["secure"] and device[0]["httpOnly"]

            teacher.reload()
            expect(teacher.locator(".submission-count")).to_contain_text("1 elev har skickat in")
            teacher.get_by_role("button", name="Stäng klassen för nya svar").click()
            expect(teacher.get_by_text("Klassen är stängd")).to_be_visible()
            teacher.get_by_role("button", name="Öppna klassen igen").click()
            teacher.locator("#minuter").select_option("5")
            teacher.get_by_role("button", name="Kasta svaren", exact=True).click()
            expect(teacher.locator(".submission-count")).to_contain_text("0 elever har skickat in")
            teacher.get_by_role("button", name="Radera klassen och alla svar nu").click()
            expect(teacher.locator("h1")).to_have_text("Klassen är raderad")
        finally:
            teacher_context.close()
            student_context.close()
