"""A page's forms as a browser sends them back: the CSRF token, hidden fields, the answer state."""

from __future__ import annotations

import re


def field(html: str, name: str) -> str:
    """The value of the first ``<input>`` named ``name`` (whichever order its attributes come in)."""
    match = re.search(rf'<input[^>]*\sname="{name}"[^>]*\svalue="([^"]*)"', html) or re.search(
        rf'<input[^>]*\svalue="([^"]*)"[^>]*\sname="{name}"', html)
    assert match, f"page has no field {name!r}"
    return match.group(1)


def fields(html: str, *names: str) -> dict[str, str]:
    """The page's inputs and their values (the first of each name), or only ``names`` among them
    (those the page has), as the browser sends a form back."""
    found: dict[str, str] = {}
    for tag in re.findall(r"<input\b[^>]*>", html):
        name, value = re.search(r'\sname="([^"]*)"', tag), re.search(r'\svalue="([^"]*)"', tag)
        if name and value and name.group(1) not in found and (not names or name.group(1) in names):
            found[name.group(1)] = value.group(1)
    return found


def csrf(html: str) -> str:
    """The page's CSRF token."""
    return field(html, "csrf_token")


def form_version(html: str) -> str:
    """The editor's forms' ``version`` field (the draft's version the form was made on)."""
    return field(html, "version")


def hidden_state(html: str) -> str:
    """The answer state a page carries in its form, as the browser would send it back."""
    return field(html, "state")


def answers_in(html: str) -> str:
    """The answers a page carries, one character per statement: its state without the quiz
    version's check character (which tests/test_answers_version.py checks)."""
    return hidden_state(html)[:-1]


def checked(letters: str, version: str) -> str:
    """Answers written by hand, as the app writes them for ``version``: with its check character."""
    from quiz.core.answers import version_check

    return letters + version_check(version)


def with_check(data: dict, version: str) -> dict:
    """A hand-made form for the mini quiz (4 statements): a state of four characters gets
    ``version``'s check character, so the form is refused, or not, for what else is in it."""
    state = data.get("state")
    return {**data, "state": checked(state, version)} if state is not None and len(state) == 4 else data
