"""The result page's line saying whether SVT's, OpenVAA's and Wahl-O-Mat's way of counting puts the
same party first (``comparison.first_places``).

Why kept: the line depends only on who comes first under each method, so it is rendered once per
combination of first places (match rows of a municipality's parties), quiz version and reading
(``Carried.reading``: language, lättläst, embed) and then served from memory, like the rest of the
result page (``result_page``); a request only finds the first places and looks the line up. Not by
the whole carried value: the line names parties and methods only, nothing of the class or the
municipality beyond its parties (and whose answers they are), and a key per class code would fill
the store with copies.
"""

from __future__ import annotations

from flask import current_app

from ..web.context import Carried
from ..web.memory import app_store, kept, kind
from ..scoring.comparison import FirstPlaces, first_places, first_rows
from ..scoring.ranking import Result

METHOD_LINES = kind("method_lines")
LINES_MAX = 1024  # combinations of first places kept per process (they come from answers, so bounded)


def method_line(result: Result, context: Carried) -> bytes:
    """The line for ``result`` in the request's ``context`` as UTF-8 HTML; empty when nothing was answered."""
    rows = first_rows(result)
    if rows is None:
        return b""
    key = (context.reading, result.quiz.etag, result.municipality, rows, context.shared)
    return kept(app_store(METHOD_LINES), key, lambda: rendered(first_places(result, rows), context.shared), LINES_MAX)


def rendered(places: FirstPlaces, shared: bool = False) -> bytes:
    """``shared``: the answers are someone else's (a shared link), so the line speaks of them, not "you"."""
    macro = current_app.jinja_env.get_template("voter/_peer_methods.html").module.method_line
    return " ".join(str(macro(places, shared)).split()).encode()
