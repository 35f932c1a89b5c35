"""The embed snippet an editor pastes, and what it is built from: one place for the embed tools'
page, oEmbed and the browser editor's "published" page (which must not import the embed views)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from markupsafe import escape

from ..core.published import ALL_MUNICIPALITIES, PublishedQuiz
from ..web.theme import NO_THEME, Theme
from ..web.i18n import DEFAULT_LANGUAGE

DEFAULT_WIDTH = 640
DEFAULT_HEIGHT = 760
SANDBOX = "allow-scripts allow-forms allow-same-origin allow-popups allow-popups-to-escape-sandbox"


@dataclass(frozen=True)
class EmbedOptions:
    pq: PublishedQuiz
    municipality: str = ALL_MUNICIPALITIES
    lang: str = DEFAULT_LANGUAGE
    theme: Theme = NO_THEME

    def src(self) -> str:
        params = dict(self.theme.params())
        if self.municipality != ALL_MUNICIPALITIES:
            params["kommun"] = self.municipality
        if self.lang != DEFAULT_LANGUAGE:
            params["lang"] = self.lang
        return url_for("embed.intro", quiz_id=self.pq.id, _external=True, **params)


def embed_title(pq) -> str:
    """The quiz's name where a page embeds it: "Valkompass: <title>", or the title alone when it
    names a valkompass already ("Valkompass: Valkompass socialpolitik" says it twice)."""
    name = pq.quiz.title
    return name if _("Valkompass").lower() in name.lower() else _("Valkompass: %(title)s", title=name)


def snippet(options: EmbedOptions, width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT) -> str:
    """The HTML an editor pastes: the iframe (complete on its own) and the optional resize script.

    The ``width`` attribute is the most the frame takes (what oEmbed's ``maxwidth`` asks for); the
    style lets it shrink to a phone's column. Where a CMS strips the style (WordPress does for a
    provider it does not know), its own embed stylesheet (``.wp-block-embed iframe {max-width: 100%}``)
    does the same; there is no ``scrolling="no"``, so a page taller than a capped frame scrolls.
    ``frameborder="0"`` is obsolete HTML but the one way to drop the frame's border that WordPress
    keeps (it strips the style). ``allow="clipboard-write"`` lets "Kopiera länken" on the share page
    copy inside the frame (without it the button selects the link and says to copy it by hand).
    """
    return (
        f'<iframe src="{escape(options.src())}" title="{escape(embed_title(options.pq))}" width="{width}" height="{height}" '
        f'frameborder="0" style="width:100%;max-width:{width}px;border:0" loading="lazy" sandbox="{SANDBOX}" '
        f'allow="clipboard-write"></iframe>\n'
        f'<script src="{escape(url_for("static", filename="embed.js", _external=True))}" async></script>'
    )
