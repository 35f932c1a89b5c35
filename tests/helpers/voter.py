"""A voter's steps through the test client: posting answers to the result page, reading its ranking."""

from __future__ import annotations

import re

from tests.helpers.forms import with_check


def post_result(client, pq, state: str, *, path: str = "", query: str = "", headers=None, **fields):
    """POST answers (``state``: one letter per statement; four letters get the mini quiz's check
    character) to ``pq``'s result page, under ``path`` ("/embed" for the embed), as the forms do."""
    return client.post(f"{path}/q/{pq.id}/{pq.version}/resultat{query}",
                       data=with_check({"state": state, **fields}, pq.version), headers=headers or {})


def start_quiz(client, quiz_id: str = "mini", query: str = "") -> str:
    """Press "Starta": the first statement's page."""
    return client.get(client.get(f"/q/{quiz_id}/start{query}").headers["Location"]).get_data(as_text=True)


def percents(html) -> dict[str, int]:
    """Each ranked party's percentage: its headline, or (a party known on fewer than half of the
    answers, whose counts lead) the line under its counts."""
    found = {}
    for row in re.findall(r'<li class="party[^"]*">.*?</li>', html, re.S):
        name = re.search(r'<h2 class="party-name">([^<]+?)\s*(?:<small>.*?</small>)?</h2>', row).group(1)
        percent = re.search(r'<span class="percent">(\d+) %|över alla (?:dina svar|svar i länken): (\d+) %', row)
        found[name.strip()] = int(percent.group(1) or percent.group(2))
    return found


def form_action(html: str, pattern: str = r"/q/[^/]+/[^/]+/svar") -> str:
    match = re.search(rf'action="({pattern})"', html)
    assert match, f"page has no form posting to {pattern}"
    return match.group(1)

