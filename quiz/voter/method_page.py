"""The method page opened from a result page, from HTML rendered once.

Why: "Så räknar vi" on the result page is a form button that posts the answers, so the method page
can offer "Tillbaka till resultatet" (a button posting them back) without putting them in a URL.
The page is the public method page plus that form; it is rendered once per version, reading mode
and carried parameters with a hole for the answer string, and a request fills it.
"""

from __future__ import annotations

from flask import render_template

from ..core.answers import Answers
from ..core.published import PublishedQuiz
from ..web.context import Carried
from ..web.memory import app_store, kept, kind
from ..scoring.comparison import peers_for
from ..analysis.audit import version_audit
from ..analysis.worked_example import worked_example
from ..web.prerender import Holed, hole
from ..scoring.ranking import MINIMUM_ANSWERS

METHOD_PAGES = kind("method_pages")

PAGES_MAX = 512  # versions × languages × carried choices, then start over


def method_page(pq: PublishedQuiz, context: Carried, answers: Answers) -> bytes:
    """The method page with ``answers`` carried on, for the request's ``context`` (``carried(pq)``)."""
    skeleton = kept(app_store(METHOD_PAGES), (context, pq.etag), lambda: Holed(render_template(
        "voter/method.html", pq=pq, example=worked_example(pq), audit=version_audit(pq), state=hole("state"), carried=context,
        peers=peers_for(pq), minimum=MINIMUM_ANSWERS,
    )), PAGES_MAX)
    return skeleton.fill({"state": answers.encode().encode()})
