"""States a voter sees that the axe audit cannot judge: a chosen answer under the pointer, the
focus ring against the page, and the peers' table on a 360 px phone."""

from __future__ import annotations

from tests.browser.pages import charts, statement

CONTRAST = """(el) => {
  const rgb = c => c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
  const lum = c => { const v = rgb(c).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const s = getComputedStyle(el), page = getComputedStyle(document.body).backgroundColor;
  return {text: ratio(s.color, s.backgroundColor), outline: ratio(s.outlineColor, page)};
}"""


def test_a_chosen_answer_stays_readable_under_the_pointer(live_server, page):
    statement(page, live_server.url)
    page.locator("button[name=answer]").first.click()
    page.get_by_role("button", name="Föregående").click()
    chosen = page.locator("button[name=answer][aria-pressed=true]")
    chosen.hover()
    assert chosen.evaluate(CONTRAST)["text"] >= 4.5


def test_the_focus_ring_stands_out_from_the_page(live_server, page):
    statement(page, live_server.url)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement !== document.body")
    assert page.evaluate(f"({CONTRAST})(document.activeElement)")["outline"] >= 3  # WCAG 1.4.11


def test_the_peers_rankings_keep_whole_names_on_a_phone(live_server, chromium):
    """A column per method broke party names letter by letter at 360 px (12 lines a cell); there each
    method's ranking is a list of its own, the same places, with names whole."""
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    charts(page, live_server.url)
    assert not page.locator(".method-rankings").is_visible()
    lists = page.locator(".methods-narrow ol")
    assert lists.count() >= 4 and lists.first.is_visible()
    lines = page.locator(".methods-narrow li").evaluate_all(
        "items => items.map(i => i.getBoundingClientRect().height / parseFloat(getComputedStyle(i).lineHeight || 20))")
    assert max(lines) <= 3, lines
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()
