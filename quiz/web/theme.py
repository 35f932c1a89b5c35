"""The look a news site may give its embedded quiz: an accent colour and its own name, nothing else.

Only validated values reach a page. A colour is ``#rrggbb`` with at least 4.5:1 contrast against
the lightest background it sits on (so links and white button text stay WCAG AA) and reaches the
page only through a stylesheet that writes that one value; a name is plain text, escaped like any
text. There is no logo URL: an embedded page makes no request to a third party. Like the
language, the theme travels in the URL and in hidden form fields (no session, no cookie), so a
cached page is the same for everyone with the same URL.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from flask_babel import gettext as _

COLOR_PARAM = "farg"
NAME_PARAM = "namn"
NAME_MAX = 40
# --card in static/style.css: the lightest background an accent-coloured link or border sits on.
LIGHTEST_BACKGROUND = "#f4f5f8"
MIN_CONTRAST = 4.5
COLOR_PATTERN = re.compile(r"#[0-9a-f]{6}")


class ThemeError(ValueError):
    """A theme parameter that cannot be used; the message says why, for the editor who wrote it."""


@dataclass(frozen=True)
class Theme:
    color: str | None = None
    name: str | None = None

    def params(self) -> dict[str, str]:
        """The theme as URL parameters, to carry in links and hidden fields."""
        params = {}
        if self.color:
            params[COLOR_PARAM] = self.color
        if self.name:
            params[NAME_PARAM] = self.name
        return params


NO_THEME = Theme()


def parse_theme(values) -> Theme:
    """The theme in ``values`` (a mapping of parameters); raises ``ThemeError`` on anything unsafe."""
    return Theme(color=parse_color(values.get(COLOR_PARAM, "")), name=parse_name(values.get(NAME_PARAM, "")))


def parse_color(value: str) -> str | None:
    value = value.strip().lower()
    if not value:
        return None
    if not COLOR_PATTERN.fullmatch(value):
        raise ThemeError(bad_format_message())
    if contrast(value, LIGHTEST_BACKGROUND) < MIN_CONTRAST:
        raise ThemeError(too_light_message(value))
    return value


def bad_format_message() -> str:
    return _("Färgen måste skrivas som #rrggbb, till exempel #0b5cad.")


def too_light_message(color: str) -> str:
    """Why ``color`` is refused; the embed editor's script gets it with ``{color}`` for the colour."""
    return _("Färgen %(color)s är för ljus: text i den färgen går inte att läsa på ljus bakgrund. "
             "Välj en mörkare färg (kontrast minst 4,5:1).", color=color)


def parse_name(value: str) -> str | None:
    value = " ".join(value.split())
    if not value:
        return None
    if len(value) > NAME_MAX:
        raise ThemeError(_("Namnet får vara högst %(max)d tecken.", max=NAME_MAX))
    if any(unicodedata.category(c).startswith("C") for c in value):
        raise ThemeError(_("Namnet innehåller otillåtna tecken."))
    return value


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two ``#rrggbb`` colours."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def luminance(color: str) -> float:
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(color[i:i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def stylesheet(theme: Theme) -> str:
    """The CSS for ``theme``: the accent colour in the light scheme (dark keeps the site's own
    light-on-dark accent, which a colour dark enough for white text could not be)."""
    if not theme.color:
        return ""
    return f"@media (prefers-color-scheme: light) {{ :root {{ --accent: {theme.color}; --accent-fg: #ffffff; }} }}\n"
