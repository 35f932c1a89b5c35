"""Our WordPress plugin (wordpress/valkompass-oembed.php) as the zip WordPress installs, set to one site.

WordPress filters the embed of a provider it does not know down to a sandboxed iframe (see
``quiz.embed.views``); the plugin makes our quiz URLs a known provider, so WordPress keeps our HTML.
The file in the repository names a placeholder address; the zip an editor downloads from a site
names that site, so uploading it under *Tillägg → Lägg till nytt* is the whole set-up. Built once
per address (a site answers to few host names: ``TRUSTED_HOSTS``) with a fixed file date, so the
same site always gets the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import lru_cache
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "wordpress" / "valkompass-oembed.php"
PLACEHOLDER = "'https://valkompass.example'"
FILENAME = "valkompass-oembed.zip"
# Only an address that cannot end the PHP string it is written into.
SITE_ADDRESS = re.compile(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?(/[A-Za-z0-9._~/-]*)?")


def plugin_source(site: str) -> str:
    """The plugin's PHP with ``site`` as the Valkompass address it registers."""
    if not SITE_ADDRESS.fullmatch(site):
        raise ValueError(f"not a site address: {site!r}")
    text = SOURCE.read_text(encoding="utf-8")
    assert text.count(PLACEHOLDER) == 1, "the plugin's default address is written once"
    return text.replace(PLACEHOLDER, f"'{site.rstrip('/')}'")


@lru_cache(maxsize=8)
def plugin_zip(site: str) -> bytes:
    """A zip holding ``valkompass-oembed/valkompass-oembed.php``, as WordPress's plugin upload wants."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        entry = zipfile.ZipInfo("valkompass-oembed/valkompass-oembed.php", date_time=(2026, 1, 1, 0, 0, 0))
        entry.external_attr = 0o644 << 16
        archive.writestr(entry, plugin_source(site), compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
