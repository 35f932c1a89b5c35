"""The nginx configuration in docs/DEPLOY.md keeps answers, teacher links and class codes out of
the access log. nginx is not needed to run this: its ``map`` is read from the document and applied
as nginx does (the first matching regular expression wins; PCRE named groups, ``$name`` values).
The same file was checked with ``nginx -t`` and a running nginx 1.22 when it was written.
"""

import re

from tests.conftest import ROOT

DEPLOY = (ROOT / "docs" / "DEPLOY.md").read_text()
NGINX = DEPLOY.split("### nginx in front", 1)[1].split("```nginx\n", 1)[1].split("```", 1)[0]


def logged_uri(request_uri: str) -> str:
    """What the documented ``map $request_uri $valkompass_logged_uri`` gives for one request."""
    body = re.search(r"map \$request_uri \$valkompass_logged_uri \{(.*?)\n\}", NGINX, re.S).group(1)
    for line in body.strip().splitlines():
        pattern, value = re.fullmatch(r'\s*("~[^"]+"|default)\s+("[^"]*"|\S+);', line).groups()
        if pattern == "default":
            match = None
        else:
            match = re.search(pattern[2:-1].replace("(?<", "(?P<"), request_uri)
            if not match:
                continue
        groups = match.groupdict() if match else {}
        value = value.strip('"')
        return re.sub(r"\$\{?(\w+)\}?", lambda m: request_uri if m.group(1) == "request_uri" else groups.get(m.group(1)) or "", value)
    raise AssertionError("the map has no default")


def test_the_access_log_never_holds_answers_teacher_links_or_class_codes():
    secrets = {
        "/r/socialpolitik/3-1a2b3c4d/eB-cdA..?lang=en": "eB-cdA",
        "/embed/r/socialpolitik/3-1a2b3c4d/eB-cdA..": "eB-cdA",
        "/larare/Xk3vT0kenT0ken": "Xk3vT0kenT0ken",
        "/larare/Xk3vT0kenT0ken/klass.csv": "Xk3vT0kenT0ken",
        "/larare/Xk3vT0kenT0ken/radera": "Xk3vT0kenT0ken",
        "/klass/K4WRH9/svar": "K4WRH9",
        "/klass?kod=K4WRH9": "K4WRH9",
        "/visning/K4WRH9/0a1b2c3d4e5f": "0a1b2c3d4e5f",
        "/q/socialpolitik/3-1a2b3c4d/2?klass=K4WRH9&lang=en": "K4WRH9",
        "/q/socialpolitik/?lang=en&klass=K4WRH9": "K4WRH9",
        "/embed/q/socialpolitik/start?kommun=solna&klass=K4WRH9": "K4WRH9",
        "/redaktion/inbjudan/Inv1tat10nT0ken": "Inv1tat10nT0ken",
        "/granska/Pa4rtyT0kenT0kenT0ken/svar/p1": "Pa4rtyT0kenT0kenT0ken",
    }
    for uri, secret in secrets.items():
        logged = logged_uri(uri)
        assert secret not in logged and "REDACTED" in logged, (uri, logged)
    assert logged_uri("/larare/Xk3vT0kenT0ken/klass.csv") == "/larare/REDACTED/klass.csv"
    for harmless in ("/", "/q/socialpolitik/?kommun=solna&lang=en", "/larare/guide?lang=en", "/larare/ny", "/klass",
                     "/static/style.css?v=abc", "/q/socialpolitik/3-1a2b3c4d/2?lattlast=1",
                     "/redaktion/q/mini/granska"):
        assert logged_uri(harmless) == harmless


def test_the_log_format_has_no_referer_or_raw_request_and_https_is_enforced():
    log_format = re.search(r"log_format valkompass (.*?);", NGINX, re.S).group(1)
    assert "$valkompass_logged_uri" in log_format
    for leak in ("$http_referer", "$request ", '$request"', "$request_uri", "$args", "$query_string", "$uri"):
        assert leak not in log_format, leak
    assert NGINX.count("access_log /var/log/nginx/valkompass.access.log valkompass;") == 2  # both servers
    assert 'add_header Strict-Transport-Security "max-age=' in NGINX and "always;" in NGINX
    assert "return 301 https://" in NGINX
