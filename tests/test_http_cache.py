"""What browsers and a CDN are told: public pages per quiz version, private results, fingerprinted assets."""

import re
from tests.helpers.forms import checked, with_check



def test_statement_intro_and_start_pages_are_public_with_an_etag_per_quiz_version(client, mini):
    for url in ("/", "/q/mini/", f"/q/mini/{mini.version}/2?kommun=solna"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "public" in response.headers["Cache-Control"] and "max-age=" in response.headers["Cache-Control"]
        assert mini.version in response.headers["ETag"]
        assert "Set-Cookie" not in response.headers


def test_a_client_holding_the_etag_gets_304_without_a_body(client, mini):
    url = f"/q/mini/{mini.version}/1"
    etag = client.get(url).headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag and "public" in again.headers["Cache-Control"]
    stale = client.get(url, headers={"If-None-Match": '"someone-elses-version"'})
    assert stale.status_code == 200 and "Påstående 1 av 4" in stale.get_data(as_text=True)


def test_a_new_quiz_version_changes_the_etag(make_app, tmp_path):
    app = make_app()
    client = app.test_client()
    before = client.get("/q/mini/").headers["ETag"]
    app.extensions["catalog"].latest("mini")  # as served
    changed = tmp_path / "content"
    import shutil

    from tests.conftest import FIXTURES

    shutil.copytree(FIXTURES, changed)
    quiz_yaml = changed / "mini" / "quiz.yaml"
    quiz_yaml.write_text(quiz_yaml.read_text().replace("title: Miniquiz", "title: Miniquiz 2"))
    assert app.test_cli_runner().invoke(args=["quiz", "import", str(changed)]).exit_code == 0
    response = client.get("/q/mini/", headers={"If-None-Match": before})
    assert response.status_code == 200 and "Miniquiz 2" in response.get_data(as_text=True)
    assert response.headers["ETag"] != before


def test_the_cached_statement_page_still_follows_language_and_municipality(client, mini):
    english = client.get(f"/q/mini/{mini.version}/1?lang=en").get_data(as_text=True)
    swedish = client.get(f"/q/mini/{mini.version}/1").get_data(as_text=True)
    assert "The municipality should build more social flats." in english
    assert "Kommunen ska bygga fler sociala lägenheter." in swedish
    assert 'name="kommun" value="solna"' in client.get(f"/q/mini/{mini.version}/1?kommun=solna").get_data(as_text=True)
    assert 'name="kommun" value="alla"' in client.get(f"/q/mini/{mini.version}/1?kommun=nowhere").get_data(as_text=True)


def test_result_page_is_kept_only_by_the_voters_browser(client, mini):
    response = client.post(f"/q/mini/{mini.version}/resultat", data={"state": checked("eeee", mini.version)})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert "ETag" not in response.headers


def test_every_page_carrying_answers_is_kept_only_by_the_voters_browser(client, mini):
    """The mid-quiz page after each answer holds the answers so far in its form, as the result does:
    no shared cache may keep it, whatever the step (next, back, skip, an error); the browser keeps
    it for Back only (``no-cache``: never reused for a new request)."""
    url = f"/q/mini/{mini.version}/svar"
    for data in (
        {"state": "....", "position": 1, "answer": 2},
        {"state": "e...", "position": 2, "action": "back"},
        {"state": "e...", "position": 2, "action": "skip"},
        {"state": "e...", "position": 2},  # no answer chosen: the page again with a message
    ):
        response = client.post(url, data=with_check(data, mini.version))
        assert response.status_code in (200, 400), data
        assert response.headers["Cache-Control"] == "private, no-cache", data
        assert "ETag" not in response.headers


def test_static_files_are_fingerprinted_and_immutable(client):
    html = client.get("/").get_data(as_text=True)
    href = re.search(r'href="(/static/style\.css\?v=[0-9a-f]{12})"', html).group(1)
    response = client.get(href)
    assert response.status_code == 200
    cache = response.headers["Cache-Control"]
    assert "public" in cache and "immutable" in cache and "max-age=31536000" in cache
    old = client.get("/static/style.css?v=000000000000")
    assert "immutable" not in old.headers["Cache-Control"] and "max-age=300" in old.headers["Cache-Control"]


def test_healthz_answers_without_a_database_or_a_quiz(make_app):
    app = make_app(imported=False)
    response = app.test_client().get("/healthz")
    assert response.status_code == 200 and response.get_data(as_text=True) == "ok\n"
    assert response.headers["Cache-Control"] == "no-store"
