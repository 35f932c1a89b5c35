"""Embedding on news sites: the editor's page, the oEmbed endpoint and the embed theme.

The embedded quiz itself is the voter blueprint registered again at ``/embed`` (see
``quiz.voter.views``); this module marks those requests (``g.embed``), validates the theme they
carry (``quiz.web.theme``, a bad one is a 400 page) and builds the snippet an editor pastes:
an iframe that works on its own (it scrolls), plus an optional host script (static/embed.js) that
keeps the iframe as tall as its content from the height the page in the frame posts
(static/embed-frame.js). The iframe is sandboxed without ``allow-top-navigation``, so the quiz can
never navigate the news site's page.

A CMS that reads our oEmbed gets the snippet behind a plain link to the quiz (``oembed_html``):
WordPress, for a provider it does not know, keeps only that link and the iframe, sandboxes the
iframe with ``allow-scripts`` alone and shows the link until the frame reports its height by
WordPress's own protocol. In that sandbox the page has an opaque origin and cannot submit forms,
so the frame script sends them with ``fetch``; the embed's POST answers therefore allow any origin
to read them (``embed_posts_readable_by_any_origin``).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from flask import Blueprint, Response, abort, current_app, g, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from ..core.published import ALL_MUNICIPALITIES, PublishedQuiz
from ..store.catalog import current_catalog
from ..web.theme import (
    LIGHTEST_BACKGROUND,
    MIN_CONTRAST,
    NO_THEME,
    Theme,
    ThemeError,
    bad_format_message,
    parse_theme,
    stylesheet,
    too_light_message,
)
from .snippet import DEFAULT_HEIGHT, DEFAULT_WIDTH, SANDBOX, EmbedOptions, embed_title, snippet  # noqa: F401
from ..web.i18n import DEFAULT_LANGUAGE, LANGUAGES, request_value
from ..web.context import embedded
from ..web.security_headers import origin_allowed
from .wordpress import FILENAME as PLUGIN_FILENAME, plugin_zip
from ..web.errors import error_response, untrusted_host

bp = Blueprint("embed_tools", __name__)



@bp.before_app_request
def embed_context():
    """Mark embed requests (also unmatched /embed/… URLs, so their 404 page fits the frame) and
    read their theme; a theme that cannot be used gets a 400 page saying why."""
    g.embed_theme = NO_THEME
    if embedded() and not untrusted_host():  # that request gets the host check's 400, nothing else
        try:
            g.embed_theme = parse_theme({name: request_value(name) for name in ("farg", "namn")})
        except ThemeError as exc:
            return error_response(400, str(exc))
    return None


@bp.after_app_request
def embed_posts_readable_by_any_origin(response: Response) -> Response:
    """``Access-Control-Allow-Origin: *`` on POSTs to ``/embed/…``, and on nothing else of the voter's.

    In WordPress's sandbox the frame's origin is opaque ("null") and its forms are blocked, so
    static/embed-frame.js posts them with ``fetch`` and shows the page that comes back; the browser
    hands that page to the script only when the answer allows the origin. Nothing is exposed that
    the voter's own form post would not get: these POSTs carry no cookie, store nothing and need
    no CSRF token (``quiz.voter.forms``), and the same scoring is public in the JSON API. The fetch is a
    simple request (an urlencoded body), so there is no preflight to answer. With
    ``EMBED_ALLOWED_ORIGINS`` set, only the sandboxed frame (``Origin: null``) and those origins are
    answered; the JSON API stays open to every origin (``quiz.api.views``).
    """
    if request.method == "POST" and g.get("embed"):
        origins = current_app.extensions.get("embed_origins")
        if not origins:
            response.headers["Access-Control-Allow-Origin"] = "*"
            return response
        # EMBED_ALLOWED_ORIGINS narrows it to the frame WordPress sandboxes (opaque origin: "null")
        # and the sites allowed to frame the quiz; the answer differs by Origin, so caches keep it apart.
        response.vary.add("Origin")
        origin = request.headers.get("Origin", "")
        if origin == "null" or origin_allowed(origin, origins):
            response.headers["Access-Control-Allow-Origin"] = origin
    return response


@bp.app_template_global()
def external_link_attrs() -> Markup:
    """Attributes for a link that leaves the quiz: inside a frame it opens in a new tab, so the
    voter keeps both the quiz and the news site's page."""
    return Markup(' target="_blank" rel="noopener"') if g.get("embed") else Markup("")


@bp.app_context_processor
def theme_context():
    return {"embed_theme": g.get("embed_theme", NO_THEME)}


@bp.get("/embed/tema.css")
def theme_css():
    """The theme's colour as a stylesheet of our own: the CSP allows no inline style, and only
    the validated value is ever written."""
    response = Response(stylesheet(g.embed_theme), mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = 24 * 3600
    return response


def oembed_html(options: EmbedOptions, width: int, height: int) -> str:
    """What a CMS gets from oEmbed: a plain link to the quiz, then the snippet.

    WordPress keeps the link (in a ``<blockquote>``, the only wrapper it allows) for a provider it
    does not know and shows it until the frame reports its height, so a reader whose frame never
    loads still gets to the quiz. Where the HTML is used unfiltered (our WordPress plugin, other
    CMSs) the host script hides the link once the frame has reported. The blockquote carries no
    ``wp-embedded-content`` class: WordPress adds it itself when it filters the HTML, and
    unfiltered it would only load WordPress's resizer for a frame it does not manage.
    """
    params = {"kommun": options.municipality} if options.municipality != ALL_MUNICIPALITIES else {}
    if options.lang != DEFAULT_LANGUAGE:
        params["lang"] = options.lang
    link = url_for("voter.intro", quiz_id=options.pq.id, _external=True, **params)
    return (
        f'<blockquote class="valkompass-link"><a href="{escape(link)}">{escape(embed_title(options.pq))}</a></blockquote>\n'
        + snippet(options, width, height)
    )


@bp.get("/badda-in")
def editor():
    """Choose quiz, municipality, language and theme; preview the embed and copy its snippet."""
    quizzes = current_catalog().quizzes()
    if not quizzes:
        abort(404)
    errors: dict[str, str] = {}
    by_id = {pq.id: pq for pq in quizzes}
    pq = by_id.get(request.args.get("quiz", quizzes[0].id))
    if pq is None:
        errors["quiz"] = _("Det finns inget quiz med det namnet. Välj ett i listan.")
        pq = quizzes[0]
    municipality = pq.municipality_or_all(request.args.get("kommun"))  # e.g. left over from another quiz
    lang = request.args.get("sprak", DEFAULT_LANGUAGE)
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    theme = NO_THEME
    for field, raw in (("farg", request.args.get("farg", "")), ("namn", request.args.get("namn", ""))):
        try:
            parse_theme({field: raw})
        except ThemeError as exc:
            errors[field] = str(exc)
    if not errors:
        theme = parse_theme(request.args)
    options = EmbedOptions(pq, municipality, lang, theme)
    page = render_template(
        "embed/embed_editor.html",
        quizzes=quizzes,
        options=options,
        values=request.args,
        errors=errors,
        snippet=None if errors else snippet(options),
        quiz_url=url_for("voter.intro", quiz_id=pq.id, _external=True),
        # For static/embed-editor.js, which checks a colour as parse_color does before it writes it.
        color_check={"background": LIGHTEST_BACKGROUND, "min-contrast": MIN_CONTRAST,
                     "bad-format": bad_format_message(), "too-light": too_light_message("{color}")},
    )
    return page, 400 if errors else 200


@bp.get(f"/badda-in/{PLUGIN_FILENAME}")
def wordpress_plugin():
    """Our WordPress plugin, set to this site's address (``quiz.embed.wordpress``)."""
    site = url_for("voter.start", _external=True)
    return Response(
        plugin_zip(site), mimetype="application/zip",
        headers={"Content-Disposition": f"attachment; filename={PLUGIN_FILENAME}", "Cache-Control": "public, max-age=3600"},
    )


@bp.get("/oembed")
def oembed():
    """oEmbed (https://oembed.com): a CMS given a quiz's URL gets the embed snippet.

    404 for a URL that is not one of our quiz pages, 501 for any format but JSON (as the spec
    says), and the size never exceeds ``maxwidth``/``maxheight``.
    """
    if request.args.get("format", "json") != "json":
        return error_response(501, _("Här finns oEmbed bara som JSON: ange format=json, eller inget format."))
    options = options_from_url(request.args.get("url", ""))
    if options is None:
        abort(404)
    width, height = bounded("maxwidth", DEFAULT_WIDTH), bounded("maxheight", DEFAULT_HEIGHT)
    if width is None or height is None:
        return error_response(400, _("maxwidth och maxheight måste vara positiva heltal."))
    response = jsonify(
        version="1.0",
        type="rich",
        provider_name="Valkompass",
        provider_url=url_for("voter.start", _external=True),
        title=options.pq.quiz.title,
        html=oembed_html(options, width, height),
        width=width,
        height=height,
        cache_age=3600,
    )
    response.headers["Access-Control-Allow-Origin"] = "*"  # public data, no credentials: JS consumers too
    return response


def bounded(name: str, default: int) -> int | None:
    """``default``, or the client's maximum when smaller; None when that is not a positive integer."""
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        return None
    return min(default, value) if value > 0 else None


def options_from_url(url: str) -> EmbedOptions | None:
    """The quiz (and municipality, language and theme) a URL of ours points at, or None."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != request.host.lower():
        return None
    adapter = current_app.url_map.bind(request.host)
    try:
        try:
            endpoint, args = adapter.match(parts.path, method="GET")
        except RequestRedirect as redirect:  # e.g. /q/quiz without the trailing slash
            endpoint, args = adapter.match(urlsplit(redirect.new_url).path, method="GET")
    except HTTPException:
        return None
    if endpoint.split(".")[0] not in ("voter", "embed") or "quiz_id" not in args:
        return None
    pq = current_catalog().latest(args["quiz_id"])
    if pq is None:
        return None
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    lang = query.get("lang", DEFAULT_LANGUAGE)
    try:
        theme = parse_theme(query)
    except ThemeError:
        theme = NO_THEME
    return EmbedOptions(
        pq,
        pq.municipality_or_all(query.get("kommun")),
        lang if lang in LANGUAGES else DEFAULT_LANGUAGE,
        theme,
    )
