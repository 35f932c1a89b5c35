"""What a link shows where it is shared (Open Graph, Twitter cards), the tab's icon, and the share
page's ways to pass the link on."""

import re
import struct

from tests.helpers.forms import checked, hidden_state


def meta(html: str, key: str) -> str:
    found = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', html)
    assert found, key
    return found.group(1)


def test_pages_carry_a_title_a_description_and_our_own_image_for_link_previews(client, mini):
    intro = client.get("/q/mini/").get_data(as_text=True)
    assert meta(intro, "og:title") == meta(intro, "twitter:title") == "Miniquiz – Valkompass"
    assert meta(intro, "og:description") and meta(intro, "twitter:description") == meta(intro, "og:description")
    image = meta(intro, "og:image")
    assert image == meta(intro, "twitter:image") and re.fullmatch(r"http://localhost/static/og\.png\?v=\w+", image)
    assert meta(intro, "twitter:card") == "summary_large_image"
    png = client.get(image.replace("http://localhost", "")).get_data()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (1200, 630)  # served by us


def test_a_shared_result_previews_as_someone_elses_result(client, mini):
    html = client.get(f"/r/mini/{mini.version}/{checked('eA-c', mini.version)}").get_data(as_text=True)
    assert meta(html, "og:title") == "Ett delat resultat – Valkompass"
    assert "Gör valkompassen själv" in meta(html, "og:description")
    assert "<h1>Ett delat resultat</h1>" in html
    top = html.split('<ol class="ranking">')[0]
    assert re.search(r'<a class="button primary" href="/q/mini/">Gör valkompassen själv</a>', top)  # before the ranking
    assert "Börja om" not in html  # it is not the visitor's own result to start over


def test_every_page_has_a_favicon(client):
    html = client.get("/").get_data(as_text=True)
    svg = re.search(r'<link rel="icon" href="(/static/favicon\.svg\?v=\w+)" type="image/svg\+xml">', html).group(1)
    assert client.get(svg).status_code == 200
    assert re.search(r'<link rel="icon" href="/static/favicon\.png\?v=\w+" type="image/png" sizes="32x32">', html)


def test_share_page_shows_the_whole_link_with_share_and_copy_buttons(client, mini):
    html = client.post(f"/q/mini/{mini.version}/dela", data={"state": checked("eA-c", mini.version)}).get_data(as_text=True)
    link = re.search(r'<textarea class="share-link" id="share-link" readonly rows="4"[^>]*>([^<]+)</textarea>', html).group(1)
    assert link.startswith(f"http://localhost/r/mini/{mini.version}/eA-c") and link == link.strip()
    assert 'data-share="share-link"' in html and 'data-copy="share-link"' in html  # shown by result.js
    assert "kopiera den själv" in html  # what the copy button says when the browser refuses
    assert "Markera hela länken och kopiera den" in html  # without JavaScript
