"""QR codes as inline SVG, drawn on the server: no script, no image request, sharp on a projector."""

from __future__ import annotations

import re
from functools import lru_cache

import qrcode
import qrcode.image.svg
from markupsafe import Markup, escape


# The dashboard and projector view reload every CLASS_DASHBOARD_REFRESH_SECONDS with the same join
# URL, and drawing the code took ~6.6 ms a time; the answer only depends on (data, label). Bounded:
# a few live classes × languages × reading choices, each SVG a few kB.
@lru_cache(maxsize=256)
def qr_svg(data: str, label: str) -> Markup:
    """An ``<svg role="img">`` named ``label`` that scales to its container (black on white, as scanners want)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    svg = image.to_string(encoding="unicode")
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r'^<svg width="[^"]*" height="[^"]*"', "<svg", svg)
    svg = svg.replace("<svg", f'<svg class="qr" role="img" aria-label="{escape(label)}" focusable="false"', 1)
    return Markup(svg)
