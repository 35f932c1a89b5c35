"""Requests answered before Flask (quiz/web/fast_path.py, quiz/voter/fast.py): the same status,
headers and bytes as Flask's own answer, and only where Flask would give that answer."""

from __future__ import annotations

import pytest

from tests.helpers.forms import checked

TOKEN = "fast-path-metrics"


class Counted:
    """Counts the requests that reach Flask (the layer's ``wsgi_app``)."""

    def __init__(self, app):
        self.fast = app.wsgi_app
        self.inner = self.fast.wsgi_app
        self.calls = 0

        def counted(environ, start_response):
            self.calls += 1
            return self.inner(environ, start_response)

        self.fast.wsgi_app = counted


def pair(make_app, **config):
    """An app with the fast path and one without, on the same database; their clients."""
    fast = make_app(**config)
    plain = make_app(FAST_PATH=False, **config)
    return fast, plain


def same(a, b) -> None:
    assert (a.status, list(a.headers.items()), a.data) == (b.status, list(b.headers.items()), b.data)


def public_urls(version: str) -> list[str]:
    return [
        "/", "/?lang=en", "/q/mini/", "/q/mini/?lattlast=1",
        f"/q/mini/{version}/1", f"/q/mini/{version}/2?kommun=solna", f"/q/mini/{version}/3?lang=en&kommun=alla",
        f"/q/mini/{version}/4?lattlast=1", f"/q/mini/{version}/metod", f"/q/mini/{version}/metod?lang=en",
        f"/embed/q/mini/{version}/1", f"/embed/q/mini/{version}/2?farg=%23005a9c&namn=Tidningen",
    ]


def test_public_pages_and_their_304s_are_flasks_bytes_and_are_served_before_flask(make_app):
    fast_app, plain_app = pair(make_app)
    version = fast_app.extensions["catalog"].latest("mini").version
    fast, plain, counted = fast_app.test_client(), plain_app.test_client(), Counted(fast_app)
    for url in public_urls(version):
        expected = plain.get(url)
        assert expected.status_code == 200, url
        for _ in range(3):  # the first is Flask's, then kept
            same(fast.get(url), expected)
        etag = expected.headers["ETag"]
        for _ in range(2):
            same(fast.get(url, headers={"If-None-Match": etag}), plain.get(url, headers={"If-None-Match": etag}))
        same(fast.get(url, headers={"If-None-Match": '"another"'}), expected)
    # Flask answered each URL once in full and once as a 304; every other request came from memory.
    assert counted.calls == 2 * len(public_urls(version))


ANSWER_STEPS = [
    {"position": "1", "answer": "2"},
    {"position": "2", "answer": "2", "important": "1", "kommun": "solna"},
    {"position": "2", "action": "skip"},
    {"position": "3", "action": "back"},
    {"position": "3", "action": "important-previous"},
    {"position": "2", "action": "stay", "lang": "en"},
    {"position": "1", "answer": "-2", "lattlast": "1"},
    {"position": "2", "action": "continue"},
    {"position": "4", "answer": "1"},  # the last statement: the result page
    {"position": "2", "action": "result", "kommun": "alla"},
    {"position": "1", "goto": "3"},
    {"position": "3", "answer": "1", "efter": "resultat"},
]


@pytest.mark.parametrize("state", ["a...", "Ab.e", "eeee", "...."])
def test_answer_steps_and_result_pages_are_flasks_bytes_and_are_served_before_flask(make_app, state):
    fast_app, plain_app = pair(make_app)
    version = fast_app.extensions["catalog"].latest("mini").version
    fast, plain, counted = fast_app.test_client(), plain_app.test_client(), Counted(fast_app)
    posts = [("svar", {"state": checked(state, version), "kommun": "alla", **step}) for step in ANSWER_STEPS]
    posts += [("resultat", {"state": checked(state, version), **more})
              for more in ({"kommun": "alla"}, {"kommun": "solna"}, {"lang": "en"}, {"lattlast": "1", "kommun": "nowhere"})]
    warmed = 0
    for path, data in posts:
        expected = plain.post(f"/q/mini/{version}/{path}", data=data)
        assert expected.status_code == 200, (path, data, expected.get_data(as_text=True)[:300])
        for _ in range(2):
            same(fast.post(f"/q/mini/{version}/{path}", data=data), expected)
        warmed += 1
    # Flask answered each kind of page once (to learn its headers and build its parts), at most:
    # the second of every pair came before Flask.
    assert counted.calls <= len(posts)
    before = counted.calls
    for path, data in posts:
        fast.post(f"/q/mini/{version}/{path}", data=data)
    assert counted.calls == before


BAD_ANSWER_STEPS = [
    {},
    {"position": "1"},  # neither an answer nor "skip": the page again, with a message
    {"position": "x", "answer": "1"},
    {"position": "0", "answer": "1"},
    {"position": "9", "answer": "1"},
    {"position": "1", "answer": "x"},
    {"position": "1", "answer": "7"},
    {"position": "1", "answer": "1", "important": "yes"},
    {"position": "1", "action": "fly"},
    {"position": "1", "goto": "x"},
    {"position": "1", "goto": "9"},
    {"position": "1", "answer": "1", "efter": "x"},
    {"position": "1", "answer": "1", "state": "garbage"},
    {"position": "1", "answer": "1", "state": ""},
]


def test_bad_input_gets_flasks_error_pages_with_the_fast_path_on(make_app):
    fast_app, plain_app = pair(make_app)
    version = fast_app.extensions["catalog"].latest("mini").version
    fast, plain = fast_app.test_client(), plain_app.test_client()
    state = checked("a...", version)
    same(fast.post(f"/q/mini/{version}/svar", data={"state": state, "position": "1", "answer": "1"}),
         plain.post(f"/q/mini/{version}/svar", data={"state": state, "position": "1", "answer": "1"}))
    for data in BAD_ANSWER_STEPS:
        data = {"state": state, **data}
        expected = plain.post(f"/q/mini/{version}/svar", data=data)
        assert expected.status_code == 400, data
        same(fast.post(f"/q/mini/{version}/svar", data=data), expected)
    for data in ({}, {"state": ""}, {"state": "garbage"}, {"state": "zzzz9"}):
        expected = plain.post(f"/q/mini/{version}/resultat", data=data)
        assert expected.status_code == 400, data
        same(fast.post(f"/q/mini/{version}/resultat", data=data), expected)
    for url in (f"/q/mini/{version}/9", "/q/nosuch/", f"/q/mini/1-00000000/1"):
        same(fast.get(url), plain.get(url))
        same(fast.get(url), plain.get(url))


def test_the_answer_steps_messages_are_the_ones_wtforms_gave(client, mini):
    """The answer step parses by hand now; its messages are those of the WTForms form it replaced."""
    state = checked("a...", mini.version)
    cases = {  # as the WTForms form gave them on 05279e3, WTForms' own Swedish included
        ("position", "x", ""): "Inte ett giltigt heltal. Påståendets nummer är ogiltigt.",
        ("position", "x", "en"): "Not a valid integer value. The statement number is invalid.",
        ("answer", "x", ""): "Felaktigt val; kunde inte ceorce:a. Svaret måste vara ett av alternativen på skalan.",
        ("answer", "x", "en"): "Invalid Choice: could not coerce. The answer must be one of the options on the scale.",
        ("important", "yes", ""): "Ogiltigt värde för ”Viktigt för mig”.",
        ("action", "fly", "en"): "Unknown button.",
        ("goto", "x", ""): "Inte ett giltigt heltal. Påståendets nummer är ogiltigt.",
    }
    for (name, value, lang), message in cases.items():
        data = {"state": state, "position": "1", "answer": "1", name: value, **({"lang": lang} if lang else {})}
        response = client.post(f"/q/mini/{mini.version}/svar", data=data)
        assert response.status_code == 400 and message in response.get_data(as_text=True), (name, value)
    missing = client.post(f"/q/mini/{mini.version}/svar", data={"answer": "1"})
    assert "Svaren saknas i formuläret. Det saknas vilket påstående du svarade på." in missing.get_data(as_text=True)


def test_a_host_outside_trusted_hosts_gets_the_host_check_after_pages_are_kept(make_app):
    app = make_app(TRUSTED_HOSTS=["valkompass.example"])
    version = app.extensions["catalog"].latest("mini").version
    client = app.test_client()
    state = checked("a...", version)
    for _ in range(2):
        assert client.get(f"/q/mini/{version}/1", base_url="http://valkompass.example").status_code == 200
        assert client.post(f"/q/mini/{version}/svar", data={"state": state, "position": "1", "answer": "1"},
                           base_url="http://valkompass.example").status_code == 200
    page = client.get(f"/q/mini/{version}/1", base_url="http://evil.example")
    assert page.status_code == 400 and "Okänd adress" in page.get_data(as_text=True)
    step = client.post(f"/q/mini/{version}/svar", data={"state": state, "position": "1", "answer": "1"},
                       base_url="http://evil.example")
    assert step.status_code == 400 and "Okänd adress" in step.get_data(as_text=True)


def test_before_the_catalog_has_loaded_the_pages_are_503(make_app):
    app = make_app(imported=False)
    client = app.test_client()
    for _ in range(2):
        response = client.get("/")
        assert response.status_code == 503 and "Retry-After" in response.headers


def test_requests_with_a_cookie_a_class_or_an_embed_go_to_flask(make_app):
    app = make_app()
    version = app.extensions["catalog"].latest("mini").version
    client = app.test_client()
    counted = Counted(app)
    state = checked("a...", version)
    data = {"state": state, "position": "1", "answer": "1", "kommun": "alla"}
    client.post(f"/q/mini/{version}/svar", data=data)
    client.post(f"/q/mini/{version}/svar", data=data)
    assert counted.calls == 1  # the second came before Flask
    client.set_cookie("session", "x")
    client.post(f"/q/mini/{version}/svar", data=data)
    client.get("/")
    client.get("/")
    client.delete_cookie("session")
    client.post(f"/q/mini/{version}/svar", data={**data, "klass": "ACD347"})
    client.post(f"/q/mini/{version}/svar?lang=en", data=data)
    client.post(f"/embed/q/mini/{version}/svar", data=data)
    client.post(f"/embed/q/mini/{version}/svar", data=data)
    client.post(f"/q/mini/{version}/resultat", data={"state": state, "parti": "s"})
    client.post(f"/q/mini/{version}/resultat", data={"state": state, "parti": "s"})
    for _ in range(2):  # a class's statement page is private, never kept (its code is in the URL)
        page = client.get(f"/q/mini/{version}/1?klass=ACD347")
        assert page.headers["Cache-Control"] == "private, no-store"
    assert counted.calls == 1 + 3 + 4 + 2 + 2


def test_a_new_version_is_served_at_once_not_the_kept_pages(make_app, tmp_path):
    import shutil

    from tests.conftest import FIXTURES

    app = make_app()
    client = app.test_client()
    assert "Miniquiz" in client.get("/").get_data(as_text=True)
    client.get("/")  # kept
    changed = tmp_path / "content"
    shutil.copytree(FIXTURES, changed)
    quiz_yaml = changed / "mini" / "quiz.yaml"
    quiz_yaml.write_text(quiz_yaml.read_text().replace("title: Miniquiz", "title: Miniquiz 2"))
    assert app.test_cli_runner().invoke(args=["quiz", "import", str(changed)]).exit_code == 0
    assert "Miniquiz 2" in client.get("/").get_data(as_text=True)


def test_requests_served_before_flask_are_counted_in_metrics(make_app):
    from tests.helpers.metrics import AUTH, count

    app = make_app(METRICS_TOKEN="s3cret-scrape-token")
    version = app.extensions["catalog"].latest("mini").version
    client = app.test_client()
    state = checked("eeee", version)
    for _ in range(3):
        client.get(f"/q/mini/{version}/1")
        client.post(f"/q/mini/{version}/svar", data={"state": state, "position": "1", "answer": "1"})
        client.post(f"/q/mini/{version}/resultat", data={"state": state})
    text = client.get("/metrics", headers=AUTH).get_data(as_text=True)
    assert count(text, "/q/<quiz_id>/<version>/<int:number>") == 3
    assert count(text, "/q/<quiz_id>/<version>/svar", "POST") == 3
    assert count(text, "/q/<quiz_id>/<version>/resultat", "POST") == 3


def test_healthz_and_static_files_never_touch_the_catalog(make_app, monkeypatch):
    app = make_app()
    client = app.test_client()
    client.get("/")
    client.get("/")  # kept
    calls = []
    catalog = app.extensions["catalog"]
    monkeypatch.setattr(catalog, "current_generation", lambda: calls.append(1) or catalog.generation)
    assert client.get("/healthz").status_code == 200
    assert client.get("/static/style.css").status_code == 200
    assert calls == []
    assert client.get("/").status_code == 200 and calls == [1]  # a kept page asks whether it is current


def test_without_a_cookie_no_session_is_opened_and_class_forms_still_get_their_cookie(make_app, monkeypatch):
    from flask.sessions import SecureCookieSessionInterface

    app = make_app()
    client = app.test_client()
    opened = []
    original = SecureCookieSessionInterface.open_session
    monkeypatch.setattr(SecureCookieSessionInterface, "open_session",
                        lambda self, app, request: opened.append(1) or original(self, app, request))
    client.get("/healthz")
    assert opened == []
    join = client.get("/klass")  # class mode's join form: a CSRF token in a new session
    assert join.status_code == 200 and "Set-Cookie" in join.headers
    client.get("/klass")  # now with the cookie: opened and read
    assert opened == [1]
