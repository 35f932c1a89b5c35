"""Who may frame which page, and what a page may load: set once, for every response.

The embed routes (``/embed/…``) may be framed by the sites in ``EMBED_ALLOWED_ORIGINS`` (all sites
when unset) and by this site itself (the editor's preview); every other page refuses framing
(``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``, for browsers without CSP 3), so the
site's own pages cannot be used for clickjacking. The rest of the policy holds everywhere: only
our own files (no third party sees a voter), no inline script or style.

Every page also refuses the browser features a quiz never needs (``Permissions-Policy``: camera,
microphone, location, payment…), so injected or third-party code could not ask for them. Site
pages send ``Cross-Origin-Opener-Policy: same-origin``: a page that opened ours (or that ours
opened) gets no handle on its window. Embed pages do not: COOP acts only on a top-level page, and
the embed lives in a news site's frame, whose popups (``allow-popups-to-escape-sandbox``) must stay
ordinary new tabs.
"""

from __future__ import annotations

import logging
import re

from flask import Flask, Response

from .context import embedded

BASE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; object-src 'none'"
)
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), "
    "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
# A CSP host-source: scheme://host[:port], host may start with "*." (e.g. https://*.example.se).
ORIGIN_PATTERN = re.compile(r"https?://(\*\.)?[a-z0-9.-]+(:\d{1,5})?")

log = logging.getLogger(__name__)


def allowed_origins(configured: str) -> list[str]:
    """The origins in ``EMBED_ALLOWED_ORIGINS`` (empty: every site). Entries that are not plain
    origins are dropped (with a warning), so a typo can neither break a header nor widen it."""
    origins = []
    for entry in configured.replace(",", " ").split():
        entry = entry.strip().rstrip("/").lower()
        if ORIGIN_PATTERN.fullmatch(entry):
            origins.append(entry)
        else:
            log.warning("EMBED_ALLOWED_ORIGINS: ignoring %r (not an origin like https://example.se)", entry)
    return origins


def frame_ancestors(configured: str) -> str:
    """The frame-ancestors sources for embed routes from the configured origins ("" → all sites)."""
    origins = allowed_origins(configured)
    if not origins:
        return "*"
    return " ".join(["'self'", *origins])


def origin_allowed(origin: str, origins: list[str]) -> bool:
    """``origin`` (a request's ``Origin``) is one of ``origins``, as frame-ancestors reads them: a
    ``*.`` entry stands for the subdomains of its host, on its scheme (and port, if it names one)."""
    origin = origin.lower()
    for entry in origins:
        if entry == origin:
            return True
        if "://*." in entry:
            scheme, host = entry.split("://*.", 1)
            name, _, port = host.partition(":")
            o_scheme, _, o_host = origin.partition("://")
            o_name, _, o_port = o_host.partition(":")
            if o_scheme == scheme and o_port == port and o_name.endswith("." + name):
                return True
    return False


def init_security_headers(app: Flask) -> None:
    app.extensions["embed_origins"] = allowed_origins(app.config.get("EMBED_ALLOWED_ORIGINS", ""))
    embed_policy = f"{BASE_POLICY}; frame-ancestors {frame_ancestors(app.config.get('EMBED_ALLOWED_ORIGINS', ''))}"
    site_policy = f"{BASE_POLICY}; frame-ancestors 'none'"

    @app.after_request
    def security_headers(response: Response) -> Response:
        if embedded():
            response.headers["Content-Security-Policy"] = embed_policy
            response.headers.pop("X-Frame-Options", None)
        else:
            response.headers["Content-Security-Policy"] = site_policy
            response.headers["X-Frame-Options"] = "DENY"
            response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = PERMISSIONS_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        # A page may ask for less (the class pages: "no-referrer", so a teacher link never travels on).
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response
