"""Snapshots that prove a refactoring changed no page and no score (issue 21).

    python scripts/page_snapshots.py --out DIR            # write pages/ and scores/ into DIR
    python scripts/page_snapshots.py --compare BASE       # write into a temporary DIR, diff against BASE
    make compare-pages BASE=/work/baseline                # the same

It drives the app only through ``quiz.create_app`` and HTTP (never a module path inside ``quiz/``), so
the same script runs on the tree before and after a reorganisation:

* ``pages/``: every recipe in tests/browser/pages.py, run in a real browser (Debian's chromium through
  Playwright, as tests/browser does) against a live server. Every HTML response the server sends while
  a recipe runs is written as served (``NN-METHOD-path.html``), and the page as the browser shows it
  at the end (``final.dom.html``). Tokens, class codes, signatures, QR images, dates and ports are
  normalised (``normalise``); nothing else. Class mode draws its codes and randomized answers from ``SystemRandom``: it is seeded per request (``repeatable_system_random``), so its pages compare too.
* ``scores/``: the shipped quiz, through the Flask test client: the JSON API's /match for every method it
  offers and the shared result page (``/r/…``), for a few fixed answer sets and ``--sets`` seeded random
  ones (answers, skips, important marks), each in every municipality (the API) and in one municipality
  per set in turn (the result page; every municipality is met). Floats are written with ``repr``, so
  equal files mean bit-identical scores.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(os.environ.get("SNAPSHOT_TREE", Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(ROOT))

QUIZ = "socialpolitik"

# --- normalisation ------------------------------------------------------------------------------

_RULES: list[tuple[re.Pattern, str]] = [
    (re.compile(r"127\.0\.0\.1:\d+"), "127.0.0.1:PORT"),
    (re.compile(r'(name="csrf_token"[^>]*value=")[^"]*'), r"\1CSRF"),
    (re.compile(r'(value=")[^"]*("[^>]*name="csrf_token")'), r"\1CSRF\2"),
    (re.compile(r'(<meta name="csrf-token" content=")[^"]*'), r"\1CSRF"),
    # QR images: the path data encodes a link with a random token
    (re.compile(r'(<svg class="qr"[^>]*>).*?(</svg>)', re.S), r"\1QR\2"),
    (re.compile(r"<path[^>]*d=\"M[^\"]{200,}\"[^>]*/>"), "<path QR/>"),
    # teacher tokens, projector keys, device ids, review links, editor invitations
    (re.compile(r"(/larare/)(?!guide\b|ny\b)[A-Za-z0-9_-]{20,}"), r"\1TOKEN"),
    (re.compile(r"(/visning/)[^/\"?&]+/[A-Za-z0-9_-]+"), r"\1CODE/KEY"),
    (re.compile(r"(CLASSCODE\.\d+\.|biljett=\d+\.)[A-Za-z0-9_-]+"), r"\1TICKET"),  # a class's signed ticket
    (re.compile(r"(/granska/)[A-Za-z0-9_-]{20,}"), r"\1LINK"),
    (re.compile(r"(/redaktion/[a-z-]*/)[A-Za-z0-9_-]{30,}"), r"\1TOKEN"),
    (re.compile(r"[A-Za-z0-9_-]{32,}"), "TOKEN"),  # any other long random token (after the specific ones)
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{8}\b"), "RECOVERY"),  # two-step recovery codes
    (re.compile(r"\b[A-Z2-7]{16,}\b"), "TOTPKEY"),  # base32 two-step keys
    (re.compile(r"(\botpauth://[^\"<\s]*)"), "OTPAUTH"),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}|\s*UTC)?)?"), "DATE"),
    (re.compile(r"\b\d{1,2}:\d{2}(:\d{2})?\b"), "TIME"),
    (re.compile(r"\b\d{1,2} (januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"
                r"|January|February|March|April|May|June|July|August|September|October|November|December)"
                r"( \d{4})?\b"), "DAY"),
]


def class_codes(text: str, codes: set[str]) -> str:
    for code in codes:
        text = text.replace(code, "CLASSCODE").replace(f"{code[:3]} {code[3:]}", "CLASSCODE")
        text = text.replace(f"{code[:3]}-{code[3:]}", "CLASSCODE").replace(" ".join(code), "CLASSCODE")
    return text


def normalise(text: str, codes: set[str] = frozenset()) -> str:
    text = class_codes(text, codes)
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


CLASS_CODE = re.compile(r'class="join-code"[^>]*>\s*([A-Z0-9 -]{6,8})\s*<')
CLASS_CODE_IN_URL = re.compile(r"[?&]kod=([A-Z0-9]{6})\b|/visning/([A-Z0-9]{6})/|/klass/([A-Z0-9]{6})/")


def find_codes(text: str) -> set[str]:
    found = {re.sub(r"[ -]", "", m) for m in CLASS_CODE.findall(text)}
    for groups in CLASS_CODE_IN_URL.findall(text):
        found.update(g for g in groups if g)
    return found


# --- the app --------------------------------------------------------------------------------------


def build_app(folder: Path):
    from quiz import create_app

    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'snap.sqlite'}",
        "SECRET_KEY": "page-snapshots",
        "CONTENT_DIR": str(ROOT / "statements"),
    })
    result = app.test_cli_runner().invoke(args=["quiz", "import"])
    assert result.exit_code == 0, result.output
    return app


class Recorder:
    """WSGI middleware: every HTML response the server sends, as sent, under the current recipe."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.responses: list[tuple[str, str, int, bytes]] = []
        self.seen: dict[str, int] = {}

    def __call__(self, environ, start_response):
        captured = {}
        request = f"{environ['REQUEST_METHOD']} {environ.get('PATH_INFO', '')}"
        with self.lock:
            self.seen[request] = self.seen.get(request, 0) + 1
            repeatable_system_random(f"{request} #{self.seen[request]}")

        def start(status, headers, exc_info=None):
            captured["status"] = int(status.split()[0])
            captured["type"] = dict((k.lower(), v) for k, v in headers).get("content-type", "")
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        body = b"".join(self.app(environ, start))
        if "html" in captured.get("type", ""):
            path = environ.get("PATH_INFO", "") + ("?" + environ["QUERY_STRING"] if environ.get("QUERY_STRING") else "")
            with self.lock:
                self.responses.append((environ["REQUEST_METHOD"], path, captured["status"], body))

        return [body]


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def repeatable_system_random(request: str) -> None:
    """Make ``random.SystemRandom`` (and so ``secrets.choice``) draw, for one request, from a
    generator seeded by that request (``METHOD path #n``): class codes and class mode's randomized
    response come out the same on every run whatever else ran before, so the class pages' figures
    can be compared too. Tokens (``secrets.token_*``, straight from ``os.urandom``) stay random
    and are normalised instead."""
    random._urandom = random.Random(request).randbytes  # SystemRandom's only source (random.py)


def snapshot_pages(out: Path, only: str | None = None) -> None:
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from tests.browser import pages
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, LIVE_APPS

    folder = Path(tempfile.mkdtemp(prefix="snap-"))
    app = build_app(folder)
    recorder = Recorder(app.wsgi_app)
    app.wsgi_app = recorder  # the live server and the recipes' own test clients both go through it
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    LIVE_APPS[url] = app
    codes: set[str] = set()
    raw: dict[str, list] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for name, recipe in pages.PAGES.items():
                if only and only not in name:
                    continue
                context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm")
                page = context.new_page()
                with recorder.lock:
                    recorder.responses.clear()
                recipe(page, url)
                page.wait_for_load_state()
                dom = page.content()
                context.close()
                with recorder.lock:
                    responses = list(recorder.responses)
                raw[name] = [responses, dom]
                for _method, path, _status, body in responses:
                    codes |= find_codes(body.decode("utf-8", "replace") + path)
                codes |= find_codes(dom)
            browser.close()
    finally:
        server.shutdown()
        shutil.rmtree(folder, ignore_errors=True)
    for name, (responses, dom) in raw.items():
        target = out / "pages" / slug(name)
        target.mkdir(parents=True, exist_ok=True)
        for number, (method, path, status, body) in enumerate(responses):
            label = normalise(f"{method}-{status}-{path}", codes)
            (target / f"{number:02d}-{slug(label)[:80]}.html").write_text(
                f"<!-- {normalise(method + ' ' + path, codes)} → {status} -->\n"
                + normalise(body.decode("utf-8", "replace"), codes))
        (target / "final.dom.html").write_text(normalise(dom, codes))
    print(f"pages: {len(raw)} recipes", file=sys.stderr)


# --- scores ---------------------------------------------------------------------------------------

FIXED = ["all agree", "all against", "all skipped", "alternating", "one answer", "all important"]


def answer_sets(statements: list[str], scale: list[int], count: int, seed: int = 21):
    """(name, {statement: value or None}, [important ids]) for fixed and seeded random sets."""
    n = len(statements)
    yield "all agree", dict.fromkeys(statements, scale[-1]), []
    yield "all against", dict.fromkeys(statements, scale[0]), []
    yield "all skipped", dict.fromkeys(statements, None), []
    yield "alternating", {s: scale[i % len(scale)] for i, s in enumerate(statements)}, statements[:1]
    yield "one answer", {statements[0]: scale[0]}, []
    yield "all important", {s: scale[(i * 3) % len(scale)] for i, s in enumerate(statements)}, list(statements)
    rng = random.Random(seed)
    for number in range(count):
        skip = rng.choice([0.0, 0.1, 0.3, 0.6, 0.9])
        answers = {}
        for s in statements[: rng.choice([n, n, n, rng.randrange(1, n + 1)])]:
            answers[s] = None if rng.random() < skip else rng.choice(scale)
        important = [s for s in answers if rng.random() < rng.choice([0.0, 0.2, 0.5])]
        yield f"random {number:04d}", answers, important


def letters(statements, scale, answers, important) -> str:
    out = []
    for s in statements:
        if s not in answers:
            out.append(".")
        elif answers[s] is None:
            out.append("-")
        else:
            letter = "abcdefghij"[scale.index(answers[s])]
            out.append(letter.upper() if s in important else letter)
    return "".join(out)


def snapshot_scores(out: Path, count: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="snap-scores-"))
    try:
        app = build_app(folder)
        client = app.test_client()
        version = next(q["version"] for q in client.get("/api/v1/quizzes").get_json()["quizzes"] if q["id"] == QUIZ)
        data = client.get(f"/api/v1/q/{QUIZ}/{version}").get_json()
        statements = [s["id"] for s in data["statements"]]
        scale = sorted(data["scale"]["values"])
        front = client.get("/").get_data(as_text=True)
        municipalities = list(dict.fromkeys(re.findall(r'name="kommun"[^>]*value="([^"]+)"', front)))
        assert "alla" in municipalities and len(municipalities) > 2, municipalities
        start = client.get(f"/q/{QUIZ}/start", follow_redirects=True).get_data(as_text=True)
        check = re.search(r'name="state" value="([^"]*)"', start).group(1)[len(statements):]
        methods = ["valkompass", "euclidean", "svt", "openvaa", "matowahl", "cityblock"]
        api_lines, pages = [], out / "scores" / "result-pages"
        pages.mkdir(parents=True, exist_ok=True)
        for number, (name, answers, important) in enumerate(answer_sets(statements, scale, count)):
            for kommun in municipalities:
                for method in methods:
                    response = client.post(f"/api/v1/q/{QUIZ}/{version}/match",
                                           json={"answers": answers, "important": important,
                                                 "kommun": kommun, "method": method})
                    api_lines.append(json.dumps({"set": name, "kommun": kommun, "method": method,
                                                 "status": response.status_code, "body": response.get_json()},
                                                ensure_ascii=False, sort_keys=True))
            kommun = municipalities[number % len(municipalities)]
            state = letters(statements, scale, answers, important) + check
            query = "" if kommun == "alla" else f"?kommun={kommun}"
            response = client.get(f"/r/{QUIZ}/{version}/{state}{query}")
            (pages / f"{slug(name)}-{kommun}.html").write_text(
                f"<!-- {state}{query} → {response.status_code} -->\n" + normalise(response.get_data(as_text=True)))
        (out / "scores" / "api-match.jsonl").write_text("\n".join(api_lines) + "\n")
        print(f"scores: {count + len(FIXED)} answer sets × {len(municipalities)} municipalities × "
              f"{len(methods)} methods", file=sys.stderr)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- comparing ------------------------------------------------------------------------------------


def compare(base: Path, new: Path) -> int:
    result = subprocess.run(["diff", "-r", "-q", str(base), str(new)], capture_output=True, text=True)
    if result.returncode == 0:
        print(f"identical: {new} and {base} ({sum(1 for _ in base.rglob('*') if _.is_file())} files)")
        return 0
    print(result.stdout)
    shown = 0
    for line in result.stdout.splitlines():
        match = re.match(r"Files (\S+) and (\S+) differ", line)
        if match and shown < 5:
            a, b = (Path(g).read_text().splitlines() for g in match.groups())
            print("".join(list(difflib.unified_diff(a, b, match[1], match[2], lineterm="\n", n=1))[:60]))
            shown += 1
    return 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="write the snapshots here (emptied first)")
    parser.add_argument("--compare", type=Path, metavar="BASE", help="snapshot, then diff against BASE")
    parser.add_argument("--sets", type=int, default=600, help="random answer sets (default 600)")
    parser.add_argument("--only", choices=["pages", "scores"], help="just one half")
    parser.add_argument("--recipe", help="only recipes whose name contains this")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="page-snapshots-"))
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    if args.only != "scores":
        snapshot_pages(out, args.recipe)
    if args.only != "pages":
        snapshot_scores(out, args.sets)
    print(f"written: {out}", file=sys.stderr)
    if args.compare:
        base = args.compare
        if args.only or args.recipe:  # compare only what was written
            return max([compare(base / part, out / part) for part in ("pages", "scores") if (out / part).exists()])
        return compare(base, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
