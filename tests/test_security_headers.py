"""What every page tells the browser about itself: framing, features, opener, cookies over HTTPS."""

from quiz import config
from tests.helpers.forms import checked
from tests.helpers.classroom import class_code, create_class, submit_from_result, take_quiz


def test_site_pages_cut_off_openers_and_every_page_refuses_powerful_features(client, mini):
    for url in ("/", "/q/mini/", f"/q/mini/{mini.version}/1", "/larare", "/finns-inte"):
        response = client.get(url)
        assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin", url
        policy = response.headers["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in policy, url
    result = client.post(f"/q/mini/{mini.version}/resultat", data={"state": checked("eeee", mini.version)})
    assert result.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_embed_pages_get_no_opener_policy_so_a_news_site_framing_them_is_untouched(client, mini):
    """COOP only acts on a top-level page; the embed is framed, and its links open new tabs."""
    for url in ("/embed/q/mini/", f"/embed/q/mini/{mini.version}/1"):
        response = client.get(url)
        assert "Cross-Origin-Opener-Policy" not in response.headers, url
        assert "camera=()" in response.headers["Permissions-Policy"], url


def test_cookies_are_secure_when_the_site_is_served_over_https(make_app):
    app = make_app(SESSION_COOKIE_SECURE=True)
    client = app.test_client()
    assert "; Secure" in client.get("/larare").headers["Set-Cookie"]  # the class forms' CSRF token
    code = class_code(client.get(create_class(client)).get_data(as_text=True))
    phone = app.test_client()
    submitted = submit_from_result(phone, take_quiz(phone, code, ["2", "1", "0", "-1"]).get_data(as_text=True))
    assert submitted.status_code == 200
    device_cookie = submitted.headers["Set-Cookie"]
    assert device_cookie.startswith(f"klass_{code}=") and "; Secure" in device_cookie


def test_secure_cookies_come_from_the_environment(monkeypatch, tmp_path):
    for name in ("SECURE_COOKIES", "PREFERRED_URL_SCHEME"):
        monkeypatch.delenv(name, raising=False)
    assert config.from_environment(str(tmp_path))["SESSION_COOKIE_SECURE"] is False  # make run: plain http
    monkeypatch.setenv("PREFERRED_URL_SCHEME", "https")
    found = config.from_environment(str(tmp_path))
    assert found["SESSION_COOKIE_SECURE"] is True and found["PREFERRED_URL_SCHEME"] == "https"
    monkeypatch.setenv("SECURE_COOKIES", "0")
    assert config.from_environment(str(tmp_path))["SESSION_COOKIE_SECURE"] is False
    monkeypatch.delenv("PREFERRED_URL_SCHEME")
    monkeypatch.setenv("SECURE_COOKIES", "1")
    assert config.from_environment(str(tmp_path))["SESSION_COOKIE_SECURE"] is True
