"""English is complete: every UI string in code and templates has a translation, and pages say
which language they are in. Swedish content without a translation stays Swedish, marked as such."""

from __future__ import annotations

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from quiz.web.i18n import compile_catalogs
from tests.conftest import ROOT
from tests.helpers.forms import hidden_state

CATALOG = ROOT / "quiz" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def extract(tmp_path):
    pot = tmp_path / "messages.pot"
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "_l", "-o", str(pot), str(ROOT)]
    )
    with pot.open("rb") as f:
        return read_po(f)


def test_every_ui_string_has_an_english_translation(tmp_path):
    wanted = {m.id for m in extract(tmp_path) if m.id}
    with CATALOG.open("rb") as f:
        english = read_po(f, locale="en")
    translated = {m.id for m in english if m.id and m.string and "fuzzy" not in m.flags}
    missing = sorted(wanted - translated)
    assert not missing, "untranslated (run `make messages` and translate them):\n" + "\n".join(map(str, missing))
    problems = [(m.id, errors) for m, errors in english.check()]
    assert not problems, problems


def test_stale_catalogs_are_compiled_when_the_app_starts(tmp_path):
    folder = tmp_path / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_bytes(CATALOG.read_bytes())
    compile_catalogs(tmp_path)
    assert (folder / "messages.mo").stat().st_size > 0


def test_pages_are_marked_with_their_language(client):
    assert '<html lang="sv">' in client.get("/").text
    english = client.get("/?lang=en").text
    assert '<html lang="en">' in english
    assert "Where do you vote?" in english
    assert '<span lang="sv">Alla kommuner</span>' not in english
    assert '<html lang="en">' in client.get("/nowhere?lang=en").text


def test_untranslated_content_stays_swedish_and_says_so(client, mini):
    page = client.get(f"/q/mini/{mini.version}/1?lang=en").text
    assert "The municipality should build more social flats." in page  # translated
    page = client.get(f"/q/mini/{mini.version}/2?lang=en").text
    assert '<span lang="sv">Kommunen ska stoppa alla vräkningar.</span>' in page


def test_switching_language_on_a_statement_keeps_the_answers(client, mini):
    first = client.get(f"/q/mini/{mini.version}/1")
    state = hidden_state(first.text)
    page = client.post(
        f"/q/mini/{mini.version}/svar?lang=en",
        data={"state": state, "position": "2", "kommun": "alla", "answer": "2", "action": "stay"},
    )
    assert page.status_code == 200
    assert '<html lang="en">' in page.text
    assert "Statement 2 of" in page.text
    assert 'value="2" aria-pressed="true"' in page.text
    back = client.post(
        f"/q/mini/{mini.version}/svar?lang=sv",
        data={"state": hidden_state(page.text), "position": "2", "kommun": "alla", "lang": "en", "action": "stay"},
    )
    assert '<html lang="sv">' in back.text and hidden_state(back.text) == hidden_state(page.text)


def test_the_language_switch_is_on_every_page(client, mini):
    start = client.get("/").text
    assert 'href="/?lang=en" lang="en" hreflang="en">English</a>' in start
    statement = client.get(f"/q/mini/{mini.version}/1?lang=en").text
    assert 'formaction="/q/mini/' in statement and 'lang="sv">Svenska</button>' in statement
    assert 'href="/nowhere" lang="sv"' in client.get("/nowhere?lang=en").text
