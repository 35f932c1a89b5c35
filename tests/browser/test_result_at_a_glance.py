"""The result at a glance on a phone: the ranking in party colours with full names, the main actions
right under it, the statement-by-statement comparison folded by topic, and a short page."""

from __future__ import annotations

from tests.browser.pages import result

PHONE = {"width": 390, "height": 844}
MAX_HEIGHT = 6000  # px, everything folded (it was 19,360 before the comparison was folded by topic)


def test_result_page_is_short_on_a_phone_with_the_ranking_and_actions_first(live_server, chromium):
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    result(page, live_server.url)
    assert page.locator(".comparison details[open]").count() == 0  # everything folded
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= MAX_HEIGHT, f"the result page is {height} px tall at 390 px"

    # the comparison is one fold per topic, each naming its topic and how many statements it holds
    folds = page.locator(".comparison > details.topic-fold > summary")
    assert folds.count() > 1
    assert all(" påstående" in text for text in folds.all_inner_texts())
    folds.first.click()
    assert page.locator(".comparison .compare-item").first.is_visible()

    # full names (IFF spelled out) and each party's own colour on its bar
    names = page.locator(".ranking .party-name").all_inner_texts()
    assert any(name.startswith("Ideologi för framtiden") for name in names) and "IFF" not in " ".join(names)
    fills = page.locator(".ranking .bar rect:not(.track)").evaluate_all(
        "rects => rects.map(r => getComputedStyle(r).fill)")
    assert len(set(fills)) >= 3, f"the bars share colours: {fills}"

    # the main actions, "Börja om" among them, come before the comparison
    comparison_top = page.locator("#compare-heading").bounding_box()["y"]
    for name in ("Per ämne, på en karta och andra sätt att räkna", "Ändra svar och vikter", "Dela resultatet", "Så räknar vi"):
        assert page.get_by_role("button", name=name).first.bounding_box()["y"] < comparison_top, name
    assert page.get_by_role("link", name="Börja om").first.bounding_box()["y"] < comparison_top
    context.close()
