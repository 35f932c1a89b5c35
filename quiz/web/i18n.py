"""Language and lättläst without cookies: ``lang`` and ``lattlast`` travel with links and forms.

A cookie would not survive in an embedded iframe with third-party cookies blocked, and the
voter flow keeps no server session, so the reader's choices are carried explicitly; Swedish is
the default. Query parameters win over form fields (``request.values`` reads the URL first), so a
switch button can re-submit a page's form with ``formaction="…?lang=en"`` and keep the answers.
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from babel import support
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, g, has_app_context, has_request_context, request, url_for
from flask_babel import format_decimal, get_translations
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException
from wtforms.i18n import messages_path

LANGUAGES = {"sv": "Svenska", "en": "English"}
DEFAULT_LANGUAGE = "sv"
EASY_PARAM = "lattlast"
DEFAULT_READING = (DEFAULT_LANGUAGE, False)

log = logging.getLogger(__name__)

# The standard answer scale, translated as UI text; a quiz with other labels shows them in Swedish.
SCALE_LABELS = {
    "Helt emot": _l("Helt emot"),
    "Delvis emot": _l("Delvis emot"),
    "Neutral": _l("Neutral"),
    "Delvis för": _l("Delvis för"),
    "Helt för": _l("Helt för"),
}


def request_value(name: str) -> str:
    """A query or form parameter of this request; "" outside a request or when the body is
    unreadable or too large (the 413/400 page that follows still needs a language)."""
    if not has_request_context():
        return ""
    try:
        return request.values.get(name, "")
    except HTTPException:
        return request.args.get(name, "")


def reading_choice() -> tuple[str, bool]:
    """This request's language and lättläst choice, read from its parameters once.

    A page asks for them a few hundred times (every ``_()``, macro and content text), and each
    read of ``request.values`` builds a new combined dict.
    """
    if not has_request_context():  # a request served before Flask (quiz.web.fast_path) sets g.reading_choice
        return g.get("reading_choice", DEFAULT_READING) if has_app_context() else DEFAULT_READING
    choice = g.get("reading_choice")
    if choice is None:
        lang = request_value("lang")
        choice = g.reading_choice = (lang if lang in LANGUAGES else DEFAULT_LANGUAGE, request_value(EASY_PARAM) == "1")
    return choice


def select_locale() -> str:
    return reading_choice()[0]


def easy_reading() -> bool:
    """Lättläst (easy Swedish) asked for; it applies where content has an easy version."""
    return reading_choice()[1]


def normal_or_easy(normal: str, easy: str) -> str:
    """``normal``, or ``easy`` (the same text in lättläst) when the reader asked for lättläst.

    A template gives a UI text's easy version next to it: ``{{ normal_or_easy(_('…'), _('…')) }}``.
    Both are gettext strings, so English has both too (lättläst in English is plain English). Easy
    means the MTM guidelines: short sentences, one idea each, everyday words, no abbreviations, and
    the same meaning as the normal text. A section only lättläst has is ``{% if easy_reading() %}``.
    """
    return easy if easy_reading() else normal


def switch_href(params: dict[str, str]) -> str:
    """This page (or, after a POST, the start page) with the reader's choices changed to ``params``."""
    if request.method == "GET":
        path, query = request.path, request.args.to_dict()
    else:
        path, query = url_for(("embed" if g.get("embed") else "voter") + ".start"), {}
    query.update(params)
    query = {k: v for k, v in query.items() if (k, v) not in (("lang", DEFAULT_LANGUAGE), (EASY_PARAM, "0"))}
    return path + ("?" + urlencode(query) if query else "")


def init_i18n(app: Flask, babel) -> None:
    compile_catalogs(Path(app.config["BABEL_TRANSLATION_DIRECTORIES"]))
    babel.init_app(app, locale_selector=select_locale)
    # Globals, not context: macros imported without context (the default) can call them.
    app.jinja_env.globals.update(
        localized=localized, scale_label=scale_label, switch_href=switch_href,
        current_language=select_locale, easy_reading=easy_reading, normal_or_easy=normal_or_easy,
        languages=LANGUAGES,
    )
    app.jinja_env.filters["number"] = number
    # Why: a page calls _() dozens of times; Flask-Babel finds the locale and its catalog again on
    # every call, and Flask-WTF re-reads WTForms' .mo file on every request. Same strings, once.
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        newstyle=True,
    )

    @app.before_request
    def cached_wtforms_translations() -> None:
        request.wtforms_translations = wtforms_translations(select_locale())

    @app.context_processor
    def language_context():
        return {"current_lang": select_locale(), "easy": easy_reading()}


def number(value: float, digits: int = 2) -> str:
    """A number as the reader writes it (81,25 in Swedish, 81.25 in English), at most ``digits`` decimals."""
    return format_decimal(round(float(value), digits), format="#,##0." + "#" * digits if digits else "#,##0")


def compile_catalogs(directory: Path) -> None:
    """Compile each ``.po`` whose ``.mo`` is missing or older, so every way of starting works.

    ``make run``, ``make test``, gunicorn or a bare ``flask run`` all get current translations
    without a build step; the file is replaced atomically, so concurrent workers never read half
    of one. A read-only deployment with up-to-date ``.mo`` files never writes.
    """
    for po_path in directory.glob("*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        try:
            with po_path.open("rb") as f:
                catalog = read_po(f, locale=po_path.parent.parent.name)
            fd, tmp = tempfile.mkstemp(dir=po_path.parent, suffix=".mo.tmp")
            with os.fdopen(fd, "wb") as out:
                write_mo(out, catalog)
            os.replace(tmp, mo_path)
        except OSError as exc:
            log.warning("could not compile %s: %s", po_path, exc)


def request_translations():
    """Flask-Babel's catalog for this request's language, looked up once per request."""
    if not has_request_context():
        return get_translations()
    translations = g.get("translations")
    if translations is None:
        translations = g.translations = get_translations()
    return translations


@cache
def wtforms_translations(lang: str):
    """WTForms' own messages (e.g. "Not a valid integer") in ``lang``, read from disk once."""
    return support.Translations.load(messages_path(), [lang], domain="wtforms")


@dataclass(frozen=True)
class LocalText:
    value: str
    lang: str
    easy: bool = False


def localized(item, field: str, content_lang: str = "sv") -> LocalText:
    """A content field in the voter's language, falling back to the content's own language.

    In the content's language with lättläst on, the easy version is used where there is one.
    """
    lang = select_locale()
    if lang != content_lang:
        translated = (getattr(item, "translations", None) or {}).get(lang, {}).get(field)
        if translated:
            return LocalText(translated, lang)
    elif easy_reading():
        easy = (getattr(item, "easy", None) or {}).get(field)
        if easy:
            return LocalText(easy, content_lang, easy=True)
    return LocalText(getattr(item, field), content_lang)


def scale_label(quiz, value) -> LocalText:
    label = quiz.scale_labels.get(str(value), str(value))
    if select_locale() != DEFAULT_LANGUAGE and label in SCALE_LABELS:
        return LocalText(str(SCALE_LABELS[label]), select_locale())
    return LocalText(label, DEFAULT_LANGUAGE)
