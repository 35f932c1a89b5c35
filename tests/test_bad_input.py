"""Oversized and malformed requests get a clear Swedish 4xx page, never a 500."""

import re

import pytest

from tests.helpers.forms import with_check


def test_a_body_larger_than_the_limit_gets_the_413_page(make_app):
    app = make_app(MAX_CONTENT_LENGTH=4096)
    client = app.test_client()
    version = app.extensions["catalog"].latest("mini").version
    for path in ("resultat", "svar"):
        response = client.post(f"/q/mini/{version}/{path}", data={"state": "a" * 10_000, "position": "1"})
        assert response.status_code == 413
        html = response.get_data(as_text=True)
        assert "För mycket data" in html and '<html lang="sv">' in html


@pytest.mark.parametrize(
    "path, data",
    [
        ("resultat", {"state": "\x00\xff<script>"}),
        ("resultat", {"state": "zzzz"}),
        ("resultat", {}),
        ("svar", {"state": "....", "position": "abc"}),
        ("svar", {"state": "....", "position": "99999999999999999999999", "answer": "1"}),
        ("svar", {"state": "....", "position": "1", "answer": "7"}),
        ("svar", {"state": "....", "position": "1", "action": "explode"}),
        ("svar", {"state": "....", "position": "1", "goto": "-3"}),
    ],
)
def test_junk_answers_get_a_400_page(client, mini, path, data):
    response = client.post(f"/q/mini/{mini.version}/{path}", data=with_check(data, mini.version))
    assert response.status_code == 400
    assert "Felaktig förfrågan" in response.get_data(as_text=True)


def test_error_pages_kept_in_memory_still_fit_each_request(client, mini):
    """Error pages are rendered once per status, message, language and URL: each still says the
    right thing, in the right language, with its language link back to its own address."""
    for path in ("/q/finnsinte/", "/q/ocksa-borta/"):
        for _ in range(2):
            html = client.get(path).get_data(as_text=True)
            assert "Sidan finns inte" in html and f'href="{path}?lang=en"' in html
    english = client.get("/q/finnsinte/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in english and "Sidan finns inte" not in english
    junk = {"state": "zzzz"}
    first = client.post(f"/q/mini/{mini.version}/resultat", data=junk).get_data(as_text=True)
    assert client.post(f"/q/mini/{mini.version}/resultat", data=junk).get_data(as_text=True) == first
    english = client.post(f"/q/mini/{mini.version}/resultat", data={**junk, "lang": "en"})
    assert english.status_code == 400 and '<html lang="en">' in english.get_data(as_text=True)
    embedded = client.post(f"/embed/q/mini/{mini.version}/resultat", data=junk).get_data(as_text=True)
    assert embedded != first and 'class="embed"' in embedded


def test_several_problems_in_one_form_read_as_separate_sentences(client, mini):
    html = client.post(f"/q/mini/{mini.version}/svar",
                       data=with_check({"state": "....", "position": "1", "goto": "abc"}, mini.version)).text
    message = re.search(r'<p[^>]*class="[^"]*message[^"]*"[^>]*>([^<]*)<', html)
    assert "heltal Påståendets" not in html and "heltal. Påståendets nummer är ogiltigt." in html, message
