"""Embedding on news sites: the quiz in /embed, who may frame what, the theme, the editor and oEmbed."""

from __future__ import annotations

import html as htmllib
import io
import re
import zipfile
from urllib.parse import quote

import pytest

from tests.helpers.forms import hidden_state

THEME = "farg=%230b5cad&namn=Lokaltidningen"
EMBED_CSP = re.compile(r"frame-ancestors \*(;|$)")


def start_embedded(client, query=THEME):
    response = client.get(f"/embed/q/mini/start?kommun=alla&{query}")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/embed/q/mini/")
    return client.get(response.headers["Location"])


def post_embedded(client, mini, page, position, **fields):
    data = {"state": hidden_state(page), "position": position, "kommun": "alla",
            "farg": "#0b5cad", "namn": "Lokaltidningen", **fields}
    return client.post(f"/embed/q/mini/{mini.version}/svar", data=data)


def test_whole_voter_flow_inside_the_embed_without_cookies_or_chrome(app, mini):
    app.config["WTF_CSRF_ENABLED"] = True  # the stateless POSTs are exempt in both registrations
    client = app.test_client()
    responses = [client.get(f"/embed/q/mini/?{THEME}"), start_embedded(client)]
    page = responses[-1].get_data(as_text=True)
    for number in range(1, 5):
        response = post_embedded(client, mini, page, number, answer="2", action="next")
        assert response.status_code == 200
        responses.append(response)
        page = response.get_data(as_text=True)
    assert "Ditt resultat" in page
    assert 'action="/embed/q/mini/' in page  # "Ändra" stays in the frame
    for response in responses:
        assert "Set-Cookie" not in response.headers
        html = response.get_data(as_text=True)
        assert 'class="site-header"' not in html and 'class="site-footer"' not in html
        assert "Valkompassen hos Lokaltidningen" in html
        assert "target=\"_top\"" not in html and "csrf_token" not in html
    assert client.get_cookie("session") is None


def test_theme_travels_through_links_and_forms(client, mini):
    page = start_embedded(client).get_data(as_text=True)
    assert '<input type="hidden" name="farg" value="#0b5cad">' in page
    assert '<input type="hidden" name="namn" value="Lokaltidningen">' in page
    assert 'href="/embed/tema.css?farg=%230b5cad"' in page
    page = post_embedded(client, mini, page, 1, action="result").get_data(as_text=True)
    assert re.search(r'href="/embed/q/mini/\?[^"]*farg=%230b5cad', page)  # "Börja om"


def test_theme_stylesheet_holds_only_the_validated_colour(client):
    response = client.get("/embed/tema.css?farg=%230B5CAD")
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert "--accent: #0b5cad;" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "value, message",
    [
        ("red", "#rrggbb"),
        ("#fff", "#rrggbb"),
        ("#0b5cad;}body{display:none", "#rrggbb"),
        ("#0b5cad</style><script>alert(1)</script>", "#rrggbb"),
        ("#ffff00", "för ljus"),
        ("#ff8800", "för ljus"),
    ],
)
def test_a_colour_that_is_not_a_safe_colour_is_a_clear_400(client, value, message):
    for url in (f"/embed/q/mini/?farg={quote(value)}", f"/embed/tema.css?farg={quote(value)}"):
        response = client.get(url)
        assert response.status_code == 400
        html = response.get_data(as_text=True)
        assert message in html
        assert "<script>alert" not in html and "display:none" not in html


def test_a_name_is_plain_text_and_cannot_inject_html(client):
    name = '"><script>alert(1)</script>'
    html = client.get(f"/embed/q/mini/?namn={quote(name)}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html or "&quot;&gt;&lt;script&gt;" in html
    assert client.get("/embed/q/mini/?namn=" + "x" * 41).status_code == 400


def test_the_theme_is_ignored_outside_the_embed(client):
    html = client.get("/q/mini/?farg=red&namn=X").get_data(as_text=True)
    assert "tema.css" not in html and 'name="farg"' not in html


@pytest.mark.parametrize("path", ["/embed/", "/embed/q/mini/", "/embed/q/mini/start?kommun=alla", "/embed/finns-inte",
                                  "/embed/q/mini/?farg=bad"])
def test_embed_routes_may_be_framed_by_any_site(client, path):
    response = client.get(path)
    assert EMBED_CSP.search(response.headers["Content-Security-Policy"])
    assert "X-Frame-Options" not in response.headers


@pytest.mark.parametrize("path", ["/", "/q/mini/", "/q/mini/start?kommun=alla", "/badda-in", "/finns-inte",
                                  "/oembed?url=x", "/healthz"])
def test_every_other_page_refuses_framing(client, path):
    response = client.get(path)
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_every_page_allows_only_our_own_scripts_and_styles(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:"):
        assert directive in policy
    assert "unsafe-inline" not in policy


def test_configured_origins_limit_who_may_frame_the_embed(make_app):
    app = make_app(EMBED_ALLOWED_ORIGINS="https://tidningen.example, https://*.nyheter.example bad;script-src *")
    client = app.test_client()
    policy = client.get("/embed/q/mini/").headers["Content-Security-Policy"]
    assert policy.endswith("frame-ancestors 'self' https://tidningen.example https://*.nyheter.example")
    assert policy.count("script-src") == 1
    assert "frame-ancestors 'none'" in client.get("/q/mini/").headers["Content-Security-Policy"]


def snippet_on_editor_page(html: str) -> str:
    return htmllib.unescape(re.search(r'<textarea id="snippet"[^>]*>(.*?)</textarea>', html, re.S).group(1))


def test_editor_page_previews_the_embed_and_offers_the_snippet(client):
    response = client.get("/badda-in?quiz=mini&kommun=solna&sprak=en&farg=%23005a32&namn=Lokaltidningen")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    snippet = snippet_on_editor_page(html)
    src = "http://localhost/embed/q/mini/?farg=%23005a32&amp;namn=Lokaltidningen&amp;kommun=solna&amp;lang=en"
    assert f'<iframe src="{src}"' in snippet
    assert 'title="Valkompass: Miniquiz"' in snippet and "allow-top-navigation" not in snippet
    assert re.search(r'<script src="http://localhost/static/embed\.js\?v=\w+" async></script>', snippet)
    assert snippet in html  # the preview is the snippet itself
    assert "Set-Cookie" not in response.headers
    intro = client.get(src.replace("http://localhost", "").replace("&amp;", "&")).get_data(as_text=True)
    assert '<html lang="en">' in intro
    # the editor fixed the municipality: no picker, and the counts are Solna's
    assert 'type="radio" name="kommun"' not in intro and '<input type="hidden" name="kommun" value="solna">' in intro
    assert "4 statements · 2 parties" in intro


def test_editor_rejects_an_unsafe_colour_with_a_clear_message(client):
    response = client.get("/badda-in?quiz=mini&farg=%23ffff00")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "för ljus" in html and 'aria-invalid="true"' in html and "<textarea" not in html


def test_footer_links_to_the_editor(client):
    assert 'href="/badda-in"' in client.get("/").get_data(as_text=True)


def test_intro_page_announces_oembed_and_the_endpoint_answers_with_the_snippet(client):
    intro = client.get("/q/mini/").get_data(as_text=True)
    link = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', intro).group(1)
    assert link.startswith("http://localhost/oembed?")
    response = client.get(htmllib.unescape(link).removeprefix("http://localhost"))
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    data = response.get_json()
    assert data["version"] == "1.0" and data["type"] == "rich"
    assert data["title"] == "Miniquiz" and data["provider_name"] == "Valkompass"
    assert isinstance(data["width"], int) and isinstance(data["height"], int)
    editor = client.get("/badda-in?quiz=mini").get_data(as_text=True)
    link = '<blockquote class="valkompass-link"><a href="http://localhost/q/mini/">Valkompass: Miniquiz</a></blockquote>\n'
    assert data["html"] == link + snippet_on_editor_page(editor)  # a plain link first, for a frame that never loads


def test_oembed_link_leads_to_the_quiz_on_our_site_with_the_pasted_choices(client):
    url = "http://localhost/q/mini/?kommun=solna&lang=en&farg=%23005a32"
    html = client.get("/oembed?url=" + quote(url)).get_json()["html"]
    link = re.match(r'<blockquote class="valkompass-link"><a href="([^"]+)">Valkompass: Miniquiz</a></blockquote>\n<iframe ', html)
    assert link.group(1) == "http://localhost/q/mini/?kommun=solna&amp;lang=en"  # the site's own look, not the theme
    assert "scrolling=" not in html  # a frame WordPress caps at 1000 px must still scroll


def test_embed_posts_and_only_they_may_be_read_by_any_origin(client, mini):
    """WordPress's sandboxed frame has an opaque origin and sends its forms with fetch."""
    page = start_embedded(client)
    assert "Access-Control-Allow-Origin" not in page.headers
    data = {"state": hidden_state(page.get_data(as_text=True)), "position": 1, "answer": "2", "action": "next"}
    answered = client.post(f"/embed/q/mini/{mini.version}/svar", data=data, headers={"Origin": "null"})
    assert answered.status_code == 200 and answered.headers["Access-Control-Allow-Origin"] == "*"
    assert "Set-Cookie" not in answered.headers and "Access-Control-Allow-Credentials" not in answered.headers
    broken = client.post(f"/embed/q/mini/{mini.version}/resultat", data={"state": "x"}, headers={"Origin": "null"})
    assert broken.status_code == 400 and broken.headers["Access-Control-Allow-Origin"] == "*"  # the voter sees why
    site = client.post(f"/q/mini/{mini.version}/svar", data=data, headers={"Origin": "null"})
    assert site.status_code == 200 and "Access-Control-Allow-Origin" not in site.headers
    for path in (f"/embed/q/mini/{mini.version}/1", "/embed/q/mini/", "/badda-in"):
        assert "Access-Control-Allow-Origin" not in client.get(path).headers


def test_oembed_honours_maxwidth_and_maxheight(client):
    data = client.get("/oembed?url=http://localhost/q/mini/&maxwidth=400&maxheight=500").get_json()
    assert (data["width"], data["height"]) == (400, 500)
    assert 'width="400" height="500"' in data["html"]
    assert client.get("/oembed?url=http://localhost/q/mini/&maxwidth=abc").status_code == 400


def test_oembed_carries_the_municipality_from_the_pasted_url(client):
    data = client.get("/oembed?url=" + quote("http://localhost/q/mini?kommun=huddinge")).get_json()
    assert 'src="http://localhost/embed/q/mini/?kommun=huddinge"' in data["html"]


@pytest.mark.parametrize(
    "url, status",
    [
        ("https://example.com/q/mini/", 404),
        ("http://localhost/q/finns-inte/", 404),
        ("http://localhost/", 404),
        ("javascript:alert(1)", 404),
        ("", 404),
    ],
)
def test_oembed_answers_404_for_urls_that_are_not_our_quizzes(client, url, status):
    response = client.get("/oembed?url=" + quote(url))
    assert response.status_code == status and "Vi hittar inte sidan du söker" in response.get_data(as_text=True)
    assert "<iframe" not in response.get_data(as_text=True)


def test_oembed_xml_is_not_implemented(client):
    """The spec's 501 for a format we do not offer, saying which one we do (not "try again later":
    asking again never helps)."""
    response = client.get("/oembed?url=http://localhost/q/mini/&format=xml")
    assert response.status_code == 501
    assert "format=json" in response.get_data(as_text=True)
    assert "Försök igen om en stund" not in response.get_data(as_text=True)


def test_links_that_leave_the_quiz_open_a_new_tab_only_inside_the_embed(app):
    template = app.jinja_env.from_string('<a href="https://example.org/"{{ external_link_attrs() }}>källa</a>')
    with app.test_request_context("/embed/q/mini/"):
        app.preprocess_request()
        assert template.render() == '<a href="https://example.org/" target="_blank" rel="noopener">källa</a>'
    with app.test_request_context("/q/mini/"):
        app.preprocess_request()
        assert template.render() == '<a href="https://example.org/">källa</a>'


def test_the_wordpress_plugin_downloads_set_to_this_site(client):
    response = client.get("/badda-in/valkompass-oembed.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == "attachment; filename=valkompass-oembed.zip"
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        assert archive.namelist() == ["valkompass-oembed/valkompass-oembed.php"]  # WordPress's upload wants a folder
        php = archive.read("valkompass-oembed/valkompass-oembed.php").decode()
    assert "define( 'VALKOMPASS_URL', 'http://localhost' );" in php
    assert "License:           GPL-2.0-or-later" in php and php.count("wp_oembed_add_provider(") == 1
    assert client.get("/badda-in/valkompass-oembed.zip").data == response.data  # the same bytes every time


def test_editor_page_says_which_path_works_where(client):
    html = htmllib.unescape(client.get("/badda-in?quiz=mini").get_data(as_text=True))
    paths = re.search(r'<dl class="embed-paths">(.*?)</dl>', html, re.S).group(1)
    assert "<code>http://localhost/q/mini/</code>" in html  # the address to paste
    assert "WordPress: adressen inklistrad i ett inlägg" in paths and "högst 1 000 pixlar" in paths
    assert "kan inte öppnas där" in paths and "Utan JavaScript ser läsaren en länk" in paths
    assert '<a href="/badda-in/valkompass-oembed.zip" download>' in paths
    assert "administratörer och redaktörer på en enskild webbplats" in paths and "författare" in paths
    assert "Tillåter verktyget inga skript räcker ramen ensam" in paths
    english = htmllib.unescape(client.get("/badda-in?quiz=mini&lang=en").get_data(as_text=True))
    assert "WordPress: the address pasted into a post" in english and "at most 1,000 pixels" in english


def test_snippet_lets_the_share_page_copy_and_names_the_quiz_once(client, app):
    snippet = snippet_on_editor_page(client.get("/badda-in?quiz=mini").get_data(as_text=True))
    assert 'allow="clipboard-write"' in snippet  # "Kopiera länken" inside the frame
    from types import SimpleNamespace

    from quiz.embed.views import EmbedOptions, oembed_html, snippet as make_snippet

    with app.test_request_context("/badda-in"):
        named = SimpleNamespace(id="socialpolitik", quiz=SimpleNamespace(title="Valkompass socialpolitik"))
        html = make_snippet(EmbedOptions(named))
    assert 'title="Valkompass socialpolitik"' in html  # not "Valkompass: Valkompass socialpolitik"
    with app.test_request_context("/oembed"):  # the link oEmbed shows before the frame loads, too
        html = oembed_html(EmbedOptions(named), 600, 400)
    assert ">Valkompass socialpolitik</a></blockquote>" in html


def test_editor_offers_a_colour_picker_beside_the_colour_field(client):
    html = client.get("/badda-in?quiz=mini&farg=%23005a32").get_data(as_text=True)
    field = re.search(r'<span class="color-field">(.*?)</span>', html, re.S).group(1)
    assert 'id="farg" name="farg" type="text" value="#005a32"' in field
    assert re.search(r'<input id="farg-picker" type="color" value="#005a32" aria-label="[^"]+" hidden>', field)
