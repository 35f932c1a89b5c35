"""WCAG 2.1 A/AA, audited by axe-core in Debian's chromium on every page type, light and dark.

A failure lists each violated rule with the page, the colour scheme and the offending elements,
so it can be fixed without rerunning anything by hand.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.pages import PAGES

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
axe = Axe()


def describe(violations: list[dict], where: str) -> str:
    lines = []
    for v in violations:
        lines.append(f"{where}: [{v['id']}] {v['help']} ({v['impact']}) {v['helpUrl']}")
        for node in v["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            lines.append("      " + node.get("failureSummary", "").replace("\n", "\n      "))
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_wcag_violations(live_server, chromium, name, scheme):
    context = chromium.new_context(color_scheme=scheme, locale="sv-SE")
    page = context.new_page()
    try:
        PAGES[name](page, live_server.url)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]})
        violations = results.response["violations"]
        assert not violations, "\n" + describe(violations, f"{name} ({scheme}, {page.url})")
    finally:
        context.close()
