"""A small phone, big text, dark mode and reduced motion, on every page type (tests/browser/pages.py)."""

from __future__ import annotations

import pytest

from tests.browser.pages import PAGES

# Links and buttons a voter taps on the way through; inline links in running text are exempt.
TAP_TARGETS = "header a, header button, main a.button, main button, main label.choice, main summary, .switches a"

SMALL_TARGETS = """sel => [...document.querySelectorAll(sel)].filter(e => e.getClientRects().length)
  .map(e => [e, e.getBoundingClientRect()]).filter(([e, r]) => r.width < 44 || r.height < 44)
  .map(([e, r]) => `${e.outerHTML.slice(0, 120)}: ${Math.round(r.width)}×${Math.round(r.height)}`)"""

CLIPPED = """() => [...document.querySelectorAll('body *')].filter(e => {
  const s = getComputedStyle(e);
  return s.overflowX !== 'visible' && e.scrollWidth > e.clientWidth + 1 && !e.matches('.visually-hidden, .visually-hidden *');
}).map(e => e.outerHTML.slice(0, 120))"""


@pytest.fixture(scope="module")
def phone(chromium):
    context = chromium.new_context(viewport={"width": 360, "height": 640}, locale="sv-SE", has_touch=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_no_sideways_scrolling_and_big_tap_targets_at_360_px(live_server, phone, name):
    PAGES[name](phone, live_server.url)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{name}: the page is {width} px wide at 360 px"
    small = phone.evaluate(SMALL_TARGETS, TAP_TARGETS)
    assert not small, f"{name}: tap targets under 44×44 px:\n" + "\n".join(small)


@pytest.mark.parametrize("name", PAGES)
def test_text_at_200_percent_loses_nothing(live_server, chromium, name):
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE")
    page = context.new_page()
    try:
        PAGES[name](page, live_server.url)
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280, f"{name}: scrolls sideways at 200 %"
        clipped = page.evaluate(CLIPPED)
        assert not clipped, f"{name}: clipped at 200 %:\n" + "\n".join(clipped)
    finally:
        context.close()


def test_dark_mode_and_reduced_motion_are_respected(live_server, chromium):
    context = chromium.new_context(color_scheme="dark", reduced_motion="reduce")
    page = context.new_page()
    PAGES["statement"](page, live_server.url)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(18, 18, 22)"
    motion = page.evaluate("""() => [...document.querySelectorAll('*')].map(e => getComputedStyle(e))
        .filter(s => s.transitionDuration !== '0s' || s.animationName !== 'none' || s.scrollBehavior === 'smooth').length""")
    assert motion == 0
    context.close()
