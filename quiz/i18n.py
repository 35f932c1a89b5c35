"""Language selection without cookies: the ``lang`` parameter travels with links and forms.

A cookie would not survive in an embedded iframe with third-party cookies blocked, and the
voter flow keeps no server session, so the choice is carried explicitly; Swedish is the default.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, request

LANGUAGES = {"sv": "Svenska", "en": "English"}
DEFAULT_LANGUAGE = "sv"


def select_locale() -> str:
    lang = request.values.get("lang", "") if request else ""
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def init_i18n(app: Flask, babel) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals["localized"] = localized

    @app.context_processor
    def language_context():
        return {"current_lang": select_locale(), "languages": LANGUAGES}


@dataclass(frozen=True)
class LocalText:
    value: str
    lang: str


def localized(item, field: str, content_lang: str = "sv") -> LocalText:
    """A content field in the voter's language, falling back to the content's own language."""
    lang = select_locale()
    if lang != content_lang:
        translated = (getattr(item, "translations", None) or {}).get(lang, {}).get(field)
        if translated:
            return LocalText(translated, lang)
    return LocalText(getattr(item, field), content_lang)
