"""Text a visitor chooses freely (an embed's theme name and colour, a class code) is a hole in the
pages kept in memory, never part of what they are kept by.

Why: pages and their parts are rendered once and kept (``quiz.web.prerender``, ``quiz.web.memory``),
keyed by what the page is: the quiz version, the reading (language, lättläst, embed or not), the
municipality checked against the quiz's own short list, and *whether* there is a theme name, a
colour or a class. Keyed by their values, each new ``namn`` built a new set of result-page parts
(about 100 ms and 1 MB per worker): anyone could make a host render all day. So a skeleton is
rendered with placeholder values (``shape``, ``placeholders``), the placeholders become holes
named by where they stand (``holes``: in a URL's query or in HTML), and each request fills them
with its own values, encoded as Jinja and ``url_for`` would have (``values``), so the bytes are the
same as a page rendered for that visitor alone (tests/test_free_text.py).
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import replace
from urllib.parse import quote_plus

from flask import g
from markupsafe import escape

from .context import Carried, carried
from .theme import NO_THEME, Theme
from .prerender import MARK

# Placeholders: letters and a "/", which HTML escaping and url_for leave as it is and a query
# encoded whole (Jinja's urlencode filter, urllib's urlencode) writes %2F: so where one stands
# tells how the value that fills it must be encoded.
PLACEHOLDERS = {"color": "qqvkfreecolor/qq", "name": "qqvkfreename/qq", "klass": "qqvkfreeklass/qq"}
_FOUND = re.compile(r"(farg=|namn=|klass=)?qqvkfree(color|name|klass)(/|%2F)qq")
URL_SAFE = "!$'()*,/:;?@"  # what werkzeug's url_for leaves unquoted in a query value


def shape(context: Carried) -> Carried:
    """``context`` with each free value replaced by its placeholder: what a kept page is keyed by."""
    theme = context.reading.theme
    if context.klass is None and theme == NO_THEME:  # most requests: nothing free, nothing to replace
        return context
    shaped_theme = Theme(PLACEHOLDERS["color"] if theme.color else None, PLACEHOLDERS["name"] if theme.name else None)
    return replace(
        context,
        reading=replace(context.reading, theme=shaped_theme),
        klass=PLACEHOLDERS["klass"] if context.klass else None,
    )


@contextmanager
def placeholders(context: Carried):
    """Render with the placeholders in place of this request's free values (``g.carried`` and the
    theme the templates read), then put the request's own back."""
    carried()  # this request's own, read before it is replaced
    saved = g.get("carried"), g.get("embed_theme")
    shaped = shape(context)
    g.carried = replace(shaped, municipality=saved[0].municipality)
    g.embed_theme = shaped.reading.theme
    try:
        yield
    finally:
        g.carried, g.embed_theme = saved


def holes(html: str) -> str:
    """The rendered skeleton with each placeholder turned into a ``quiz.web.prerender`` hole, named
    by its field and by where it stands: in HTML, in a query ``url_for`` wrote, or in one encoded
    whole (``|urlencode``)."""
    def hole(match: re.Match) -> str:
        prefix, field, slash = match.groups()
        where = "html" if not prefix else "url" if slash == "/" else "query"
        return f"{prefix or ''}{MARK}free-{field}-{where}{MARK}"

    return _FOUND.sub(hole, html)


def values(context: Carried) -> dict[str, bytes]:
    """What this request's free text fills every hole with, encoded for where the hole stands."""
    theme = context.reading.theme
    if not (theme.color or theme.name or context.klass):  # most requests: every hole empty
        return dict(_EMPTY)
    found = {}
    for field, value in (("color", theme.color), ("name", theme.name), ("klass", context.klass)):
        value = value or ""
        found[f"free-{field}-html"] = str(escape(value)).encode()
        found[f"free-{field}-url"] = str(escape(quote_plus(value, safe=URL_SAFE))).encode()  # url_for
        found[f"free-{field}-query"] = str(escape(quote_plus(value, safe=""))).encode()  # a query encoded whole
    return found


_EMPTY = {f"free-{field}-{where}": b"" for field in ("color", "name", "klass") for where in ("html", "url", "query")}
