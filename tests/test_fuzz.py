"""Hostile input on every route: no 500, and no answer string in any log line.

Every rule in ``app.url_map`` (so a route added later is fuzzed too), each method it takes, with
path values real and junk, forged ``Host`` and ``X-Forwarded-*`` headers, junk query strings
(themes, languages, class codes, bytes that are not UTF-8) and malformed bodies (forms, JSON, a
broken multipart, a body over ``MAX_CONTENT_LENGTH``). A 5xx is allowed only where it is the
answer: 501 for an oEmbed format we do not serve, and 503 with ``Retry-After`` while the database
is away (the second run starts an app whose database is not there). Every log record written on
the way is read for the answer strings that were sent (``quiz.core.answers``: they are special-category
data and must never reach a log).

tests/test_gunicorn_hostile.py sends what a test client cannot (a malformed chunked body) through
gunicorn with the project's settings, and reads its logs the same way.
"""

from __future__ import annotations

import json
import logging
import random
import re
from collections import Counter

from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Response

from tests.helpers.forms import checked

SENTINEL = "Zq9SvarSentinel"  # an answer-like string: must not reach a log either
HOSTS = ["localhost", "127.0.0.1", "evil.example", "localhost:5000", "LOCALHOST", "localhost.", "a" * 300 + ".se",
         "localhost@evil.example", "[::1]"]
HEADERS = [
    {}, {"X-Forwarded-Host": "evil.example"}, {"X-Forwarded-For": "1.2.3.4, not-an-address"},
    {"X-Forwarded-Proto": "https"}, {"X-Forwarded-Proto": "javascript"}, {"X-Forwarded-Prefix": "/../evil"},
    {"X-Forwarded-Port": "99999"}, {"X-Forwarded-For": "::1", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"},
    {"Origin": "null"}, {"Origin": "https://evil.example"}, {"Accept": "application/json"},
    {"Accept-Language": "en;q=zz, *;q=-1"}, {"Cookie": "session=garbage; klass_ACD347=%ff"},
    {"If-None-Match": '"x", W/"y"'}, {"Referer": "javascript:alert(1)"}, {"Range": "bytes=9-1"},
    {"Content-Length": "abc"},
]
QUERIES = [
    "", "farg=zz", "namn=%01%02", "farg=%23ffff00", "farg=%2300%2500&namn=" + "x" * 80, "namn=Tidningen&farg=%23005a9c",
    "lang=xx", "lang=en&lattlast=1", "kommun=../x", "kommun=stockholm", "klass=ACD347", "klass=%ff%fe",
    f"state={SENTINEL}", "%ff=%fe", "farg=%ff", "lattlast=2", "delad=1", "format=xml", "url=http://localhost/q/mini/",
    "url=javascript:x&maxwidth=-1&maxheight=x", "quiz=finns-inte&sprak=xx", "kod=zz", "kod=ACD-347", "v=../../x",
    "parti=x&parti=" + "y" * 500, "a=" + "b" * 3000,
]


def path_values(pq, state: str) -> dict[str, list[str]]:
    return {
        "quiz_id": ["mini", "finns-inte", "MINI", "a" * 200, "%ff"],
        "version": [pq.version, "1-00000000", "999999999-deadbeef", "x", "0-0"],
        "number": ["1", "4", "0", "5", "99999999999999999999"],
        "state": [state, SENTINEL, state + "x", "-" * 300, "%00"],
        "code": ["ACD347", "acd-347", "x", "%C3%85%C3%84", "A" * 100],
        "token": ["x", "A" * 64, SENTINEL],
        "key": ["x", "0" * 64],
        "filename": ["style.css", "../quiz/config.py", "nope.js", "%2e%2e/x"],
    }


def bodies(pq, state: str) -> list[tuple[str | None, bytes | dict]]:
    """(content type, body): forms real and broken, JSON real and broken, junk bytes."""
    return [
        (None, {}),
        (None, {"state": state, "position": "1", "answer": "2", "action": "next"}),
        (None, {"state": state, "action": "omrakna", "svar-1": "x", "viktig-2": "1"}),
        (None, {"state": SENTINEL, "position": "1"}),
        (None, {"state": state, "position": "99999999999999999999", "goto": "-1", "action": "goto"}),
        (None, {"state": state, "kommun": "x" * 500, "klass": SENTINEL, "farg": "zz", "namn": "\x00"}),
        (None, {"kod": "ACD347", "quiz": "mini", "kommun": "alla", "csrf_token": "x"}),
        ("application/x-www-form-urlencoded", b"state=%ff%fe&position=%00&answer=" + b"\xff" * 10),
        ("application/json", json.dumps({"answers": {pq.statements[0].id: 2}, "important": [], "kommun": "alla"}).encode()),
        ("application/json", b"{"),
        ("application/json", b"[" * 5000 + b"]" * 5000),
        ("application/json", b'{"answers": {"x": 1e999}, "method": [], "important": {"a": null}}'),
        ("application/json", json.dumps({"answers": SENTINEL}).encode()),
        ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data; name=\"state\"\r\n\r\n" + SENTINEL.encode()),
        ("multipart/form-data", b"garbage"),
        ("text/plain", b"\xff" * 100),
        ("application/x-www-form-urlencoded", b"state=" + b"a" * 70_000),  # over MAX_CONTENT_LENGTH
    ]


def requests_for(app, pq, seed: int = 20, per_route: int = 10):
    """(method, path, query, host, headers, body) for every route: a fixed hostile set (the
    forged host with a bad theme, the request the audit found) and ``per_route`` random ones."""
    rng = random.Random(seed)
    state = checked("eb-.", pq.version)
    values = path_values(pq, state)
    body_choices = bodies(pq, state)
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        names = re.findall(r"<(?:[\w()]+:)?(\w+)>", rule.rule)

        def path(pick) -> str:
            return re.sub(r"<(?:[\w()]+:)?(\w+)>", lambda m: pick(values.get(m.group(1), ["x"])), rule.rule)

        for method in sorted(rule.methods - {"OPTIONS"}) + ["OPTIONS"]:
            real = path(lambda options: options[0])
            found.append((method, real, "farg=zz&namn=%01", "evil.example", {}, (None, {})))
            found.append((method, real, "", "localhost", {}, body_choices[1]))
            for _ in range(per_route):
                found.append((
                    method, path(rng.choice) if names else real, rng.choice(QUERIES), rng.choice(HOSTS),
                    rng.choice(HEADERS), rng.choice(body_choices) if method in ("POST", "PUT", "PATCH") else (None, {}),
                ))
    return found


class BareError:
    """What a WSGI server sends when the app itself raised (the 500 handler failed too)."""

    status_code = 500
    headers: dict = {}


def send(client, request):
    method, path, query, host, headers, (content_type, body) = request
    kwargs = {"method": method, "headers": {"Host": host, **headers}, "query_string": query or None}
    if isinstance(body, dict):
        kwargs["data"] = body
    else:
        kwargs.update(data=body, content_type=content_type)
    try:
        environ = EnvironBuilder(path, **kwargs).get_environ()
    except (ValueError, UnicodeError):  # the test client cannot even build it: no server would see it
        return None
    try:
        return Response.from_app(client.application, environ)
    except Exception:
        logging.getLogger("fuzz").exception("the app raised")  # as a WSGI server logs it
        return BareError()


def allowed_5xx(response, path: str, database_away: bool) -> bool:
    if response.status_code == 501 and path.endswith("/oembed"):
        return True  # oEmbed: a format we do not serve (the spec's answer)
    return response.status_code == 503 and database_away and bool(response.headers.get("Retry-After"))


class Captured(logging.Handler):
    """Every record of the app's loggers, formatted as a log file would hold it (with tracebacks).
    On the app's own logger too: something may replace the root logger's handlers mid-run
    (alembic's logging.config.fileConfig does)."""

    LOGGERS = ("", "quiz", "fuzz", "werkzeug", "flask_wtf", "sqlalchemy")

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))

    def emit(self, record) -> None:
        self.lines.append(self.format(record))

    def __enter__(self):
        for name in self.LOGGERS:
            logging.getLogger(name).addHandler(self)
        self.levels = {name: logging.getLogger(name).level for name in self.LOGGERS}
        logging.getLogger().setLevel(logging.DEBUG)
        return self

    def __exit__(self, *exc):
        for name in self.LOGGERS:
            logging.getLogger(name).removeHandler(self)
            logging.getLogger(name).setLevel(self.levels[name])

    def text(self) -> str:
        return "\n".join(dict.fromkeys(self.lines))  # a record seen by two loggers' handlers once


def fuzz(app, answer_strings: list[str], database_away: bool = False, per_route: int = 10) -> dict:
    if database_away:  # the app that starts without its database: the same values as the other
        pq = fuzz.reference
    else:
        pq = app.extensions["catalog"].latest("mini")
    client = app.test_client()
    statuses, failures = Counter(), []
    with Captured() as log:
        for request in requests_for(app, pq, per_route=per_route):
            response = send(client, request)
            if response is None:
                continue
            statuses[response.status_code] += 1
            if response.status_code >= 500 and not allowed_5xx(response, request[1], database_away):
                failures.append((response.status_code, request[0], request[1], request[2], request[3], request[4]))
    logged = log.text()
    leaks = sorted({s for s in answer_strings if s in logged})
    total = sum(statuses.values())
    print(f"fuzz{' (database away)' if database_away else ''}: {total} requests, "
          f"{sum(n for s, n in statuses.items() if s >= 500)} 5xx ({statuses[500]} 500), statuses {dict(sorted(statuses.items()))}, "
          f"{len(leaks)} answer strings in the log")
    return {"total": total, "failures": failures, "leaks": leaks, "statuses": statuses, "log": logged}


def answer_strings(pq) -> list[str]:
    state = checked("eb-.", pq.version)
    return [SENTINEL, f"/{state}", f"state={state}"]


def test_every_route_survives_hostile_requests_and_logs_no_answers(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)  # a 500 page, as in production, not the test's exception
    pq = app.extensions["catalog"].latest("mini")
    found = fuzz(app, answer_strings(pq))
    assert found["total"] > 1000
    assert found["failures"] == [], f"{len(found['failures'])} 5xx, e.g. {found['failures'][:5]}"
    assert found["leaks"] == []


def test_every_route_with_the_database_away_answers_503_or_4xx(make_app, tmp_path):
    reference = make_app()  # the mini quiz's version, for the path values
    fuzz.reference = reference.extensions["catalog"].latest("mini")
    away = make_app(imported=False, PROPAGATE_EXCEPTIONS=False,
                    SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'not-there' / 'x.sqlite'}")
    found = fuzz(away, answer_strings(fuzz.reference), database_away=True, per_route=4)
    assert found["failures"] == [], f"{len(found['failures'])} 5xx, e.g. {found['failures'][:5]}"
    assert found["leaks"] == []


def test_every_route_behind_a_proxy_with_narrowed_embeds_survives_hostile_requests(make_app):
    """The same behind one trusted proxy (X-Forwarded-For/-Proto read, HTTPS cookies) with
    EMBED_ALLOWED_ORIGINS set: the forged X-Forwarded-* headers now reach the app."""
    app = make_app(PROPAGATE_EXCEPTIONS=False, TRUSTED_PROXY_COUNT=1, PREFERRED_URL_SCHEME="https",
                   SESSION_COOKIE_SECURE=True, EMBED_ALLOWED_ORIGINS="https://www.tidningen.se https://*.tidningen.se")
    pq = app.extensions["catalog"].latest("mini")
    found = fuzz(app, answer_strings(pq), per_route=4)
    assert found["failures"] == [], f"{len(found['failures'])} 5xx, e.g. {found['failures'][:5]}"
    assert found["leaks"] == []
