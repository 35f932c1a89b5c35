"""The browser's Back button after the result page: the result comes back, never a "Confirm form
resubmission" page (Chromium: net::ERR_CACHE_MISS), with JavaScript and without. The result is a
POST response the browser keeps for its own history (``Cache-Control: private, no-cache``,
quiz/web/http_cache.py), so Back shows it again without asking."""

from __future__ import annotations

import pytest

from tests.browser.pages import result


def result_is_back(page, ranking_before) -> None:
    assert page.get_by_role("heading", name="Ditt resultat").is_visible()
    assert page.locator(".ranking .party-name").all_inner_texts() == ranking_before


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_back_from_the_method_charts_and_share_pages_returns_to_the_result(live_server, chromium, javascript):
    context = chromium.new_context(java_script_enabled=javascript)
    page = context.new_page()
    result(page, live_server.url)
    ranking = page.locator(".ranking .party-name").all_inner_texts()

    page.locator(".result-actions button", has_text="karta").click()
    page.wait_for_selector(".position-map")
    page.go_back()
    result_is_back(page, ranking)

    page.locator(".result-actions button", has_text="Dela").click()
    page.wait_for_selector("#share-link")
    page.go_back()
    result_is_back(page, ranking)

    page.get_by_role("button", name="Så räknar vi").first.click()
    page.wait_for_selector("table.example")
    page.go_back()
    result_is_back(page, ranking)

    # the method page's own way back posts the answers again: the same result
    page.get_by_role("button", name="Så räknar vi").first.click()
    page.get_by_role("button", name="Tillbaka till resultatet").first.click()
    result_is_back(page, ranking)
    page.go_back()  # and Back from there is the method page, then the result, without asking
    page.wait_for_selector("table.example")
    page.go_back()
    result_is_back(page, ranking)
    context.close()
