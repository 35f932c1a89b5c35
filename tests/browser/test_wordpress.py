"""The quiz pasted into WordPress: WordPress's own filter, markup, stylesheet and resizer.

The news site (``http://localhost:A``) shows the page WordPress makes of a quiz URL pasted on its own
line in a post: the block editor's embed wrapper around the oEmbed HTML after WordPress's filter for
a provider it does not know, with a fresh secret (tests/browser/wordpress_filter.php runs
WordPress's own ``wp_filter_oembed_result()`` from Debian's ``wordpress`` package), the embed
block's stylesheet and ``wp-embed.min.js`` from the same package. The quiz is served from
``http://127.0.0.1:B``. The frame is sandboxed with ``allow-scripts`` alone, so the quiz's forms
work only through static/embed-frame.js. ``make test`` installs the package
(scripts/ensure-wordpress.sh).
"""

from __future__ import annotations

import json
import re
import subprocess
import urllib.request
import zipfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import serve
from tests.browser.pages import QUIZ

WORDPRESS = Path("/usr/share/wordpress")
FILTER = Path(__file__).with_name("wordpress_filter.php")
# WordPress's files the page loads, served by the news site as WordPress serves them.
WORDPRESS_FILES = {
    "/wp-includes/js/wp-embed.min.js": "text/javascript",
    "/wp-includes/blocks/embed/style.min.css": "text/css",
}
WP_MIN, WP_MAX = 200, 1000  # the heights wp-embed.js accepts

# Another frame on the news site that guesses a secret and asks for a height: nothing may change.
IMPOSTOR = """<!doctype html><title>x</title><script>
parent.postMessage({message: "height", value: 345, secret: "Wr0ngS3cr3"}, "*");
parent.postMessage({message: "height", value: 345}, "*");
parent.postMessage({type: "impostor-done"}, "*");
</script>"""


def wordpress_filtered(html: str, url: str, plugin: str | None = None) -> str:
    """The embed HTML a WordPress post shows for ``url`` (with our plugin file when given)."""
    args = ["php", str(FILTER), url] + ([plugin] if plugin else [])
    return subprocess.run(args, input=html, capture_output=True, text=True, check=True).stdout


def oembed(quiz_origin: str, url: str, **params) -> dict:
    query = "".join(f"&{k}={v}" for k, v in params.items())
    with urllib.request.urlopen(f"{quiz_origin}/oembed?format=json&url={quote(url, safe='')}{query}") as response:
        return json.load(response)


@pytest.fixture(scope="module")
def quiz_origin(live_server):
    return live_server.url


@pytest.fixture(scope="module")
def wordpress_post(quiz_origin):
    """The news site: a post with the pasted quiz URL, as WordPress 6.1 renders it (maxwidth 500,
    maxheight 750 are what WordPress asks for with its default content width)."""
    url = f"{quiz_origin}/q/{QUIZ}/"
    embed = wordpress_filtered(oembed(quiz_origin, url, maxwidth=500, maxheight=750)["html"], url)
    pages = {
        "/": f"""<!doctype html><html lang="sv"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Lokaltidningen</title>
<link rel="stylesheet" id="wp-block-embed-css" href="/wp-includes/blocks/embed/style.min.css" media="all">
<script>addEventListener("message", e => {{ if (e.data && e.data.type === "impostor-done") document.body.dataset.impostor = "done"; }});</script>
</head><body><h1>Lokaltidningen</h1><p>Vilka partier tycker som du?</p>
<figure class="wp-block-embed is-type-rich is-provider-valkompass wp-block-embed-valkompass"><div class="wp-block-embed__wrapper">
{embed}
</div></figure>
<p id="after">Slut på artikeln.</p>
<script src="/wp-includes/js/wp-embed.min.js" id="wp-embed-js"></script>
</body></html>""",
        "/impostor": IMPOSTOR,
    }

    def app(environ, start_response):
        path = environ["PATH_INFO"]
        if path in WORDPRESS_FILES:
            start_response("200 OK", [("Content-Type", WORDPRESS_FILES[path])])
            return [(WORDPRESS / path.lstrip("/")).read_bytes()]
        body = pages.get(path)
        if body is None:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found"]
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [body.encode()]

    server, port = serve(app, host="127.0.0.1")
    yield {"url": f"http://localhost:{port}", "embed": embed}
    server.shutdown()


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(viewport={"width": 360, "height": 640}, locale="sv-SE", has_touch=True)
    yield context.new_page()
    context.close()


def test_wordpress_keeps_the_link_and_a_sandboxed_frame_from_our_oembed(wordpress_post, quiz_origin):
    embed = wordpress_post["embed"]
    secret = re.search(r'data-secret="([A-Za-z0-9]{10})"', embed).group(1)
    assert embed.startswith(f'<blockquote class="wp-embedded-content" data-secret="{secret}"><a href="{quiz_origin}/q/{QUIZ}/">')
    assert f'src="{quiz_origin}/embed/q/{QUIZ}/#?secret={secret}"' in embed
    assert 'sandbox="allow-scripts" security="restricted"' in embed and 'width="500" height="750"' in embed
    assert 'frameborder="0"' in embed  # no border: WordPress drops our style
    assert "<script" not in embed and "allow-forms" not in embed


def test_with_our_plugin_wordpress_keeps_our_html_as_we_send_it(quiz_origin, tmp_path):
    """The plugin as an editor downloads it from /badda-in: set to our site, nothing to configure."""
    with urllib.request.urlopen(f"{quiz_origin}/badda-in/valkompass-oembed.zip") as response:
        (tmp_path / "plugin.zip").write_bytes(response.read())
    with zipfile.ZipFile(tmp_path / "plugin.zip") as archive:
        archive.extractall(tmp_path)
    plugin = str(tmp_path / "valkompass-oembed" / "valkompass-oembed.php")
    assert "No syntax errors" in subprocess.run(["php", "-l", plugin], capture_output=True, text=True, check=True).stdout
    url = f"{quiz_origin}/q/{QUIZ}/?kommun=solna"
    html = oembed(quiz_origin, url)["html"]
    kept = wordpress_filtered(html, url, plugin)
    assert "allow-forms allow-same-origin" in kept and "/static/embed.js" in kept and "data-secret" not in kept
    other_site = wordpress_filtered(html, "https://example.org/q/socialpolitik/", plugin)
    assert 'sandbox="allow-scripts" security="restricted"' in other_site  # only our site is known


def open_post(page, wordpress_post):
    """The post, once WordPress shows the quiz: the frame script has run (it told the height)."""
    page.goto(wordpress_post["url"] + "/")
    expect(page.locator("blockquote.wp-embedded-content")).to_be_hidden()
    height_follows_content(page)  # the frame has moved into place: a click lands where it aims
    return page.frame_locator("iframe.wp-embedded-content")


@contextmanager
def started_in_post(chromium, wordpress_post):
    """A reader's browser on the post with the quiz started in it: (context, page, the quiz's frame)."""
    context = chromium.new_context(locale="sv-SE")
    page = context.new_page()
    try:
        quiz = open_post(page, wordpress_post)
        start_quiz(page, quiz)
        yield context, page, quiz
    finally:
        context.close()


def start_quiz(page, quiz) -> None:
    """Start (a GET form: the frame navigates) and wait for the first statement's scripts."""
    quiz.locator("input[name=kommun][value=alla]").check()
    quiz.locator("form[action$='/start'] button[type=submit]").click()
    expect(quiz.locator("#progress")).to_contain_text("Påstående 1 av")
    height_follows_content(page)


def frame_of(page):
    return page.locator("iframe.wp-embedded-content").element_handle().content_frame()


def height_follows_content(page) -> int:
    """Wait until WordPress has sized the iframe from the page in it (clamped to 200–1000)."""
    frame = frame_of(page)
    frame.wait_for_load_state()
    content = frame.evaluate("Math.ceil(document.documentElement.getBoundingClientRect().height)")
    expected = max(WP_MIN, min(WP_MAX, content))
    page.wait_for_function(
        "h => document.querySelector('iframe.wp-embedded-content').getAttribute('height') === String(h)", arg=expected
    )
    return content


def no_sideways_scrolling(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_voter_answers_three_statements_and_sees_the_result_in_wordpress_on_a_phone(phone, wordpress_post):
    page = phone
    page.goto(wordpress_post["url"] + "/")
    post_frame = page.locator("iframe.wp-embedded-content")
    # wp-embed.js shows the frame and hides the link once the frame has told its height.
    expect(page.locator("blockquote.wp-embedded-content")).to_be_hidden()
    expect(post_frame).not_to_have_attribute("style", re.compile("clip"))
    assert frame_of(page).evaluate("window.origin") == "null"  # WordPress's sandbox: no forms, opaque origin
    height_follows_content(page)
    assert no_sideways_scrolling(page)

    quiz = page.frame_locator("iframe.wp-embedded-content")
    quiz.locator("input[name=kommun][value=alla]").check()
    quiz.locator("form[action$='/start'] button[type=submit]").click()  # a GET form: the frame navigates
    progress = quiz.locator("#progress")
    expect(progress).to_contain_text("Påstående 1 av")
    statement_url = frame_of(page).url
    assert "#" not in statement_url  # the secret's fragment is gone: the frame kept it itself
    height_follows_content(page)
    # POST forms, sent by the frame script, until the answers are enough for a ranking (the
    # minimum: "Visa resultat nu" no longer says what is missing)
    for number in range(1, 40):
        expect(progress).to_contain_text(f"Påstående {number} av")
        if number == 1:
            quiz.locator(".important input").check()  # a checkbox, sent with the answer
        quiz.locator("fieldset.statement button[name=answer]").nth(number % 5).click()
        expect(progress).to_contain_text(f"Påstående {number + 1} av")
        expect(quiz.locator("h1")).to_be_focused()  # a screen reader hears the new statement
        assert no_sideways_scrolling(page)
        if number >= 3 and quiz.locator("#minimum-hint").count() == 0:
            break
    quiz.locator("button[value=result]").click()

    expect(quiz.locator("h1")).to_have_text("Ditt resultat")
    expect(quiz.locator("h1")).to_be_focused()
    assert frame_of(page).title().startswith("Ditt resultat")
    assert frame_of(page).url == statement_url  # no form was submitted by the browser itself
    content = height_follows_content(page)
    assert content > WP_MAX  # the result is longer than WordPress allows: it scrolls inside the frame
    first_party = quiz.locator(".ranking .party").first
    expect(first_party).to_be_visible()
    assert first_party.evaluate("e => e.getBoundingClientRect().bottom") < WP_MAX  # the ranking leads the first screen
    hint = quiz.locator("#frame-scroll-hint")
    expect(hint).to_be_visible()  # "the page goes on below": a phone shows no scroll bar
    assert hint.evaluate("e => e.getBoundingClientRect().bottom") == WP_MAX  # at the frame's lower edge
    frame_of(page).evaluate("scrollTo(0, document.documentElement.scrollHeight)")
    expect(hint).to_be_hidden()  # read to the end
    assert no_sideways_scrolling(page)
    assert page.url == wordpress_post["url"] + "/"
    assert not page.context.cookies()


def test_a_source_link_that_cannot_open_a_tab_shows_its_address(phone, wordpress_post):
    """WordPress's sandbox has no allow-popups: a party's programme cannot open in a new tab."""
    page = phone
    quiz = open_post(page, wordpress_post)
    start_quiz(page, quiz)
    quiz.locator("fieldset.statement button[name=answer]").first.click()
    quiz.locator("button[value=result]").click()
    source = quiz.locator(".comparison a[target=_blank]").first
    source.evaluate("a => { for (let d = a.closest('details'); d; d = d.parentElement.closest('details')) d.open = true; }")
    source.click()
    address = quiz.locator(".blocked-link input")
    expect(address).to_have_value(source.get_attribute("href"))
    expect(address).to_be_focused()
    assert len(page.context.pages) == 1  # no tab opened
    expect(quiz.locator(".blocked-link")).to_contain_text("Länken kan inte öppnas i en ny flik härifrån.")


def test_an_impostor_with_the_wrong_secret_changes_nothing(chromium, wordpress_post):
    context = chromium.new_context(locale="sv-SE")
    page = context.new_page()
    try:
        page.goto(wordpress_post["url"] + "/")
        height = height_follows_content(page)
        assert height != 345
        page.evaluate("""() => {
          const impostor = document.createElement("iframe");
          impostor.src = "/impostor";
          impostor.title = "x";
          document.body.append(impostor);
        }""")
        page.wait_for_function("document.body.dataset.impostor === 'done'")
        assert page.locator("iframe.wp-embedded-content").get_attribute("height") == str(max(WP_MIN, min(WP_MAX, height)))
    finally:
        context.close()


def test_a_form_that_cannot_be_sent_says_so_and_keeps_the_page(chromium, wordpress_post):
    with started_in_post(chromium, wordpress_post) as (context, page, quiz):
        context.route("**/svar", lambda route: route.abort())  # the connection drops
        quiz.locator(".important input").check()
        quiz.locator("fieldset.statement button[name=answer]").first.click()
        expect(quiz.get_by_role("alert")).to_have_text("Det gick inte att skicka formuläret. Kontrollera anslutningen och försök igen.")
        expect(quiz.locator("#progress")).to_contain_text("Påstående 1 av")
        expect(quiz.locator(".important input")).to_be_checked()  # nothing the voter did is lost
        context.unroute("**/svar")
        quiz.locator("fieldset.statement button[name=answer]").first.click()  # and sending again works
        expect(quiz.locator("#progress")).to_contain_text("Påstående 2 av")


def test_the_language_switch_keeps_the_answers_in_wordpress(chromium, wordpress_post):
    """A button outside its form (form="statement-form") with its own formaction, sent by the script."""
    with started_in_post(chromium, wordpress_post) as (context, page, quiz):
        quiz.locator("fieldset.statement button[name=answer]").first.click()
        expect(quiz.locator("#progress")).to_contain_text("Påstående 2 av")
        quiz.locator(".switches button[lang=en]").click()
        expect(quiz.locator("#progress")).to_contain_text("Statement 2 of")
        expect(quiz.locator("html")).to_have_attribute("lang", "en")
        quiz.locator("button[value=result]").click()  # the first answer came along
        expect(quiz.locator("h1")).to_have_text("Your result")
        expect(quiz.locator(".below-minimum")).to_contain_text("You have answered")  # one answer: below the minimum


def step(page, delta: int) -> None:
    """The browser's Back (-1) or Forward (1), the way page.go_back() does it (the top page's
    session history, Page.navigateToHistoryEntry). page.go_back() itself then waits for the top
    page to navigate, which a step inside the frame never does."""
    cdp = page.context.new_cdp_session(page)
    try:
        history = cdp.send("Page.getNavigationHistory")
        entry = history["entries"][history["currentIndex"] + delta]
        cdp.send("Page.navigateToHistoryEntry", {"entryId": entry["id"]})
    finally:
        cdp.detach()


def test_back_and_forward_step_through_the_quiz_in_wordpress(chromium, wordpress_post):
    """The pages the frame script swaps in are no navigations of their own: each gets a history
    entry, so Back shows the statement before, as it was shown, with the answers given until then."""
    with started_in_post(chromium, wordpress_post) as (context, page, quiz):
        frame_url = frame_of(page).url
        progress = quiz.locator("#progress")
        answers = quiz.locator("fieldset.statement button[name=answer]")
        state = quiz.locator("input[name=state]")
        states = {}
        for number in (1, 2, 3):
            states[number] = state.get_attribute("value")
            answers.nth(number).click()
            expect(progress).to_contain_text(f"Påstående {number + 1} av")
        states[4] = state.get_attribute("value")
        assert len(set(states.values())) == 4  # each answer changed the hidden state

        def shows(number: int) -> None:
            expect(progress).to_contain_text(f"Påstående {number} av")
            expect(state).to_have_value(states[number])  # the answers given until then, no more
            expect(quiz.locator("h1")).to_be_focused()
            height_follows_content(page)

        step(page, -1)
        shows(3)
        step(page, -1)
        shows(2)
        step(page, -1)
        shows(1)  # the page the frame loaded itself
        step(page, 1)
        shows(2)
        step(page, 1)
        shows(3)
        step(page, 1)
        shows(4)

        quiz.locator("button[value=result]").click()
        heading = quiz.locator("h1")
        expect(heading).to_have_text("Ditt resultat")
        ranking = quiz.locator(".ranking .party-name").all_inner_texts()
        step(page, -1)
        shows(4)
        step(page, 1)
        expect(heading).to_have_text("Ditt resultat")
        expect(heading).to_be_focused()
        assert quiz.locator(".ranking .party-name").all_inner_texts() == ranking
        expect(quiz.locator(".result-summary")).to_contain_text("Du svarade på 3 av")
        height_follows_content(page)

        # A page shown again is a page like any other: "Föregående" from statement 2 posts the
        # answers it holds, and statement 1 comes back with its answer marked.
        step(page, -1)
        step(page, -1)
        step(page, -1)
        shows(2)
        quiz.locator("button[name=action][value=back]").click()
        expect(progress).to_contain_text("Påstående 1 av")
        expect(answers.nth(1)).to_have_attribute("aria-pressed", "true")
        assert frame_of(page).url == frame_url  # no entry carries a URL of its own
        assert page.url == wordpress_post["url"] + "/"


def test_a_button_to_a_place_on_another_page_opens_there_in_wordpress(chromium, wordpress_post):
    """"Varför behövs det?" (below the minimum) posts the answers to the method page's #minsta-antal. The
    fetch the frame script sends drops the fragment: the page shown in place opens at that section
    (focused, for a screen reader), not at its top."""
    with started_in_post(chromium, wordpress_post) as (context, page, quiz):
        quiz.locator("fieldset.statement button[name=answer]").first.click()
        quiz.locator("button[value=result]").click()
        expect(quiz.locator("h1")).to_have_text("Ditt resultat")
        button = quiz.locator(".below-minimum button", has_text="Varför behövs det?")
        assert button.get_attribute("formaction").endswith("#minsta-antal")
        button.click()
        section = quiz.locator("#minsta-antal")
        expect(section).to_be_focused()
        assert abs(section.evaluate("e => e.getBoundingClientRect().top")) < 2  # scrolled to it
        assert frame_of(page).evaluate("window.scrollY") > 0
