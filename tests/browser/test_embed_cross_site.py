"""The quiz embedded in a news site's page: another site, third-party cookies blocked, real forms.

The news site is ``http://localhost:A``; the quiz is served from ``http://127.0.0.1:B`` (a different
site, so the frame is cross-site). The snippet comes from our oEmbed endpoint, as a CMS would get
it. Chromium blocks third-party cookies through its profile preference ``cookie_controls_mode``
(1 = block, what a privacy-minded voter or Safari does); a probe page in the frame tries to set a
cookie, and the same probe with the preference off shows that it would otherwise be stored.
"""

from __future__ import annotations

import json
import re
import urllib.request
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, serve
from tests.browser.pages import QUIZ

PROBE = "/cookie-probe"
SET_PROBE_COOKIE = ("Set-Cookie", "probe=1; SameSite=None; Secure; Path=/")

# A frame on the news site's own origin that claims to be the quiz: the host script must ignore it.
IMPOSTOR = """<!doctype html><title>x</title><script>
parent.postMessage({type: "valkompass:height", height: 4321}, "*");
parent.postMessage({type: "impostor-done"}, "*");
</script>"""


@pytest.fixture(scope="module")
def quiz_origin(live_server):
    """The live app on a port of its own, plus a probe page that tries to set a cookie."""

    def app(environ, start_response):
        if environ["PATH_INFO"] == PROBE:
            start_response("200 OK", [("Content-Type", "text/html"), SET_PROBE_COOKIE])
            return [b"<!doctype html><title>probe</title><p>probe</p>"]
        return live_server.app(environ, start_response)

    server, port = serve(app)
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


@pytest.fixture(scope="module")
def news_site(quiz_origin):
    """The news site: an article with the oEmbed snippet, and a page framing the cookie probe."""
    oembed_url = f"{quiz_origin}/oembed?format=json&url=" + quote(f"{quiz_origin}/q/{QUIZ}/", safe="")
    with urllib.request.urlopen(oembed_url) as response:
        snippet = json.load(response)["html"]
    pages = {
        "/": f"""<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Lokaltidningen</title>
<script>addEventListener("message", e => {{ if (e.data && e.data.type === "impostor-done") document.body.dataset.impostor = "done"; }});</script>
</head><body><h1>Lokaltidningen</h1><p>Vilka partier tycker som du?</p>
{snippet}
<iframe id="impostor" src="/impostor" title="impostor" height="150"></iframe>
<p id="after">Slut på artikeln.</p></body></html>""",
        "/impostor": IMPOSTOR,
        "/probe": f'<!doctype html><title>probe</title><iframe src="{quiz_origin}{PROBE}" title="probe"></iframe>',
    }

    def app(environ, start_response):
        body = pages.get(environ["PATH_INFO"])
        if body is None:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found"]
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [body.encode()]

    server, port = serve(app)
    yield f"http://localhost:{port}"
    server.shutdown()


def browser_profile(playwright_instance, tmp_path_factory, cookie_controls_mode: int):
    profile = tmp_path_factory.mktemp("profile")
    (profile / "Default").mkdir()
    (profile / "Default" / "Preferences").write_text(json.dumps({"profile": {"cookie_controls_mode": cookie_controls_mode}}))
    return playwright_instance.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
        locale="sv-SE", viewport={"width": 1000, "height": 800},
    )


@pytest.fixture(scope="module")
def blocking(playwright_instance, tmp_path_factory):
    """A browser that blocks third-party cookies."""
    context = browser_profile(playwright_instance, tmp_path_factory, cookie_controls_mode=1)
    yield context
    context.close()


def probe_cookie_stored(context, news_site) -> bool:
    page = context.new_page()
    try:
        page.goto(news_site + "/probe")
        page.frame_locator("iframe").locator("p").wait_for()
        return any(c["name"] == "probe" for c in context.cookies())
    finally:
        page.close()


def test_the_probe_cookie_is_stored_when_third_party_cookies_are_allowed(playwright_instance, tmp_path_factory, news_site):
    context = browser_profile(playwright_instance, tmp_path_factory, cookie_controls_mode=0)
    try:
        assert probe_cookie_stored(context, news_site)  # so the next test's "not stored" means blocked
    finally:
        context.close()


def test_the_browser_blocks_third_party_cookies(blocking, news_site):
    assert not probe_cookie_stored(blocking, news_site)


def frame_height_matches_content(page) -> None:
    """Wait until the iframe is as tall as the page inside it (the resize script's job)."""
    frame = page.locator("iframe[src*='/embed/']").element_handle().content_frame()
    frame.wait_for_load_state()
    page.wait_for_function(
        """([h]) => Math.abs(document.querySelector("iframe[src*='/embed/']").getBoundingClientRect().height - h) <= 1""",
        arg=[frame.evaluate("Math.ceil(document.documentElement.getBoundingClientRect().height)")],
    )


def iframe_height(page) -> float:
    return page.locator("iframe[src*='/embed/']").evaluate("f => f.getBoundingClientRect().height")


def test_a_voter_completes_the_quiz_inside_the_news_site(blocking, news_site, quiz_origin):
    page = blocking.new_page()
    try:
        page.goto(news_site + "/")
        quiz = page.frame_locator("iframe[src*='/embed/']")
        expect(quiz.locator("h1")).to_contain_text("Socialpolitik", ignore_case=True)
        expect(quiz.locator(".site-header")).to_have_count(0)
        expect(page.locator("blockquote.valkompass-link")).to_be_hidden()  # the fallback link, once the frame reported
        quiz.locator("input[name=kommun][value=alla]").check()
        quiz.locator("form[action$='/start'] button[type=submit]").click()

        progress = quiz.locator("#progress")
        expect(progress).to_contain_text("Påstående 1 av")
        count = int(re.search(r"av (\d+)", progress.inner_text()).group(1))
        frame_height_matches_content(page)
        statement_height = iframe_height(page)
        for number in range(1, count + 1):
            expect(progress).to_contain_text(f"Påstående {number} av")
            quiz.locator("fieldset.statement button[name=answer]").nth(number % 5).click()

        expect(quiz.locator("h1")).to_have_text("Ditt resultat")
        expect(quiz.locator(".ranking .party").first).to_be_visible()
        frame = page.locator("iframe[src*='/embed/']").element_handle().content_frame()
        assert frame.url.endswith("/svar")  # our snippet allows forms: the browser posted them itself
        frame_height_matches_content(page)
        expect(quiz.locator("#frame-scroll-hint")).to_be_hidden()  # the frame shows it all
        assert iframe_height(page) > statement_height + 200  # the frame grew with the longer result
        outbound = quiz.locator(f"a[href^='http']:not([href^='{quiz_origin}'])")
        assert outbound.count() > 0  # the parties' sources
        assert outbound.evaluate_all("links => links.every(a => a.target === '_blank' && a.rel.includes('noopener'))")
        tried = frame.evaluate(
            "() => { try { top.location.href = 'about:blank'; return 'no error'; } catch (e) { return e.name; } }"
        )
        assert tried == "SecurityError"  # the sandbox forbids navigating the news site's page
        assert page.url == news_site + "/"  # the news site's page never navigated
        assert not [c for c in blocking.cookies() if "127.0.0.1" in c["domain"] and c["name"] != "probe"]
    finally:
        page.close()


def test_the_host_script_ignores_height_messages_from_other_origins(blocking, news_site):
    page = blocking.new_page()
    try:
        page.goto(news_site + "/")
        page.wait_for_function("document.body.dataset.impostor === 'done'")
        frame_height_matches_content(page)  # the host script did handle the quiz's own messages
        assert page.locator("#impostor").evaluate("f => f.getBoundingClientRect().height") != 4321
    finally:
        page.close()
