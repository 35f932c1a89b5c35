"""Class mode over HTTPS, as deployed (create with a size, join by link and by typed code, send,
dashboard, CSV, projector, close, discard, delete): a browser → a TLS-terminating proxy (tests/helpers/tls_proxy.py, doing
what docs/DEPLOY.md's nginx does) → gunicorn started with the project's own gunicorn.conf.py.

Issue 20.1: behind a proxy that sets X-Forwarded-Proto, creating a class, joining and deleting all
answered 400 "Formuläret är för gammalt": Flask-WTF's strict HTTPS check wants a Referer, and the
class pages send ``Referrer-Policy: no-referrer``. Every earlier class-mode test ran over plain
http. The browser here sends what a real one sends on these pages' forms: no Referer,
``Origin: null`` (what no-referrer makes of it) and ``Sec-Fetch-Site: same-origin``.
"""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

from tests.helpers.forms import csrf, fields, hidden_state
from tests.helpers.https import HTTPSBrowser, NoRedirect, https_site, local_path


def take_quiz(browser: HTTPSBrowser, statement_path: str, answers: list[str]) -> str:
    status, html, _ = browser.get(statement_path)
    assert status == 200, html[:500]
    version = re.search(r'action="/q/mini/([^/]+)/svar"', html).group(1)
    for number, answer in enumerate(answers, start=1):
        data = {"state": hidden_state(html), "position": number, "action": "next", "answer": answer,
                **fields(html, "kommun", "klass")}
        status, html, _ = browser.post(f"/q/mini/{version}/svar", data)
        assert status == 200, html[:500]
    return html


def send_to_class(browser: HTTPSBrowser, result_html: str) -> tuple[int, str, dict]:
    action = re.search(r'<form method="post" action="(/klass/[A-Z0-9]{6}/svar[^"]*)"', result_html).group(1)
    data = {"csrf_token": csrf(result_html), "state": hidden_state(result_html), **fields(result_html, "klass")}
    return browser.post(action, data)


def test_the_whole_class_flow_works_over_https_behind_the_proxy(tmp_path):
    with https_site(tmp_path) as site:
        teacher = HTTPSBrowser(site)
        status, page, _ = teacher.get("/larare")
        assert status == 200
        status, html, headers = teacher.post("/larare/ny", {"csrf_token": csrf(page), "quiz": "mini", "kommun": "alla", "storlek": "25"})
        assert status == 303, html[:500]
        dashboard = local_path(headers["Location"])
        session_cookie = teacher.cookie("session")
        assert session_cookie is not None and session_cookie.secure  # only ever sent over HTTPS
        status, html, _ = teacher.get(dashboard)
        assert status == 200
        code = re.search(r'<p class="join-code"[^>]*>([A-Z0-9]{6})</p>', html).group(1)
        join_link = re.search(r'<a class="join-link" href="([^"]+)"', html).group(1).replace("&amp;", "&")
        assert join_link.startswith("https://")  # the link and the QR code say https, as the site is
        projector = re.search(r'href="(/visning/[^"]+)"', html).group(1).replace("&amp;", "&")

        # a student joins by the link (the QR code), another by typing the code
        by_link = HTTPSBrowser(site, "203.0.113.31")
        status, page, _ = by_link.get(local_path(join_link))
        status, html, headers = by_link.post("/klass", {**fields(page), "csrf_token": csrf(page)})
        assert status == 303, html[:500]
        linked_start = local_path(headers["Location"])
        by_code = HTTPSBrowser(site, "203.0.113.32")
        status, page, _ = by_code.get("/klass")
        status, html, headers = by_code.post("/klass", {"csrf_token": csrf(page), "kod": code.lower()})
        assert status == 303, html[:500]
        typed_start = local_path(headers["Location"])

        for browser, start, answers in ((by_link, linked_start, ["2", "2", "-2", "1"]), (by_code, typed_start, ["2", "1", "2", "1"])):
            result = take_quiz(browser, start, answers)
            assert "Skicka dina svar anonymt till klassen" in result
            status, html, headers = send_to_class(browser, result)
            assert status == 200 and "Dina svar är skickade" in html, html[:800]
            device = browser.cookie(f"klass_{code}")
            assert device is not None and device.secure
        for n in range(3):
            phone = HTTPSBrowser(site, f"203.0.113.{40 + n}")
            status, html, _ = send_to_class(phone, take_quiz(phone, typed_start, ["1", "1", "1", "1"]))
            assert status == 200, html[:800]

        status, html, _ = teacher.get(dashboard)
        assert "5 elever har skickat in" in html and "Partierna mot klassens samlade svar" in html
        status, body, headers = teacher.get(dashboard + "/klass.csv")
        assert status == 200 and headers["Content-Type"] == "text/csv; charset=utf-8" and "påstående" in body
        wall = HTTPSBrowser(site)
        status, html, _ = wall.get(projector)
        assert status == 200 and "5 elever har skickat in" in html and code in html

        # the teacher closes the class (a send says so), discards the last minutes' sends, opens it again
        status, page, _ = teacher.get(dashboard)
        assert "högst 28 telefoner" in page  # the size given, plus 10 %, at least 2 more
        status, html, headers = teacher.post(dashboard + "/stang", {"csrf_token": csrf(page)})
        assert status == 303, html[:500]
        late = HTTPSBrowser(site, "203.0.113.50")
        late_result = take_quiz(late, typed_start, ["-1", "-1", "-1", "-1"])
        status, html, _ = send_to_class(late, late_result)
        assert status == 409 and "Läraren har stängt klassen" in html
        status, page, _ = teacher.get(dashboard)
        status, html, headers = teacher.post(dashboard + "/kasta", {"csrf_token": csrf(page), "minuter": "60"})
        assert status == 303, html[:500]
        status, page, _ = teacher.get(dashboard)
        assert "0 elever har skickat in" in page
        status, html, headers = teacher.post(dashboard + "/oppna", {"csrf_token": csrf(page)})
        assert status == 303, html[:500]
        status, html, _ = send_to_class(late, late_result)
        assert status == 200, html[:500]
        assert "1 elev har skickat in" in teacher.get(dashboard)[1]

        # a forged request from another site carries a valid token and cookie, and is still refused
        status, page, _ = teacher.get(dashboard)
        status, html, _ = teacher.post(dashboard + "/radera", {"csrf_token": csrf(page)},
                                       headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})
        assert status == 400
        assert teacher.get(dashboard)[0] == 200
        status, html, _ = teacher.post(dashboard + "/radera", {"csrf_token": csrf(page)})
        assert status == 200 and "Klassen är raderad" in html
        assert teacher.get(dashboard)[0] == 404
        assert wall.get(projector)[0] == 404


def test_gunicorn_and_the_app_agree_on_which_proxies_to_trust(tmp_path):
    """One setting: with TRUSTED_PROXY_COUNT=0 (no proxy trusted), a client's own X-Forwarded-Proto
    made gunicorn (forwarded_allow_ips 127.0.0.1) call the request https while the app trusted no
    header; now gunicorn leaves X-Forwarded-* to the app, which reads them per TRUSTED_PROXY_COUNT."""
    with https_site(tmp_path, TRUSTED_PROXY_COUNT="0", PREFERRED_URL_SCHEME="http") as site:
        app = site.app
        cookies = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPCookieProcessor(cookies))

        def call(path, data=None):
            body = urllib.parse.urlencode(data).encode() if data is not None else None
            request = urllib.request.Request(app.base + path, data=body, headers={"X-Forwarded-Proto": "https"})
            try:
                with opener.open(request, timeout=30) as response:
                    return response.status, response.read().decode(), dict(response.headers)
            except urllib.error.HTTPError as error:
                return error.code, error.read().decode(errors="replace"), dict(error.headers)

        page = call("/larare")[1]
        status, html, headers = call("/larare/ny", {"csrf_token": csrf(page), "quiz": "mini", "kommun": "alla", "storlek": "25"})
        assert status == 303, html[:300]
        html = call(local_path(headers["Location"]))[1]
        join_link = re.search(r'<a class="join-link" href="([^"]+)"', html).group(1)
        assert join_link.startswith("http://127.0.0.1:"), join_link  # the header was not believed
