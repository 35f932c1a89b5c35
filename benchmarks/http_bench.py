"""`make bench` / `make loadtest`: the app under gunicorn, driven by wrk, in one run.

Starts the production setup (``gunicorn -c gunicorn.conf.py wsgi:app``, workers = CPU cores) on a
fresh SQLite database holding the real quiz (``statements/``; ``--sample``: the generated 30 × 8
benchmark quiz), and beside it, under the same gunicorn settings, the framework floor: a bare Flask
app answering a constant string (``benchmarks/floor.py``). Then it measures with wrk (16
connections), one URL at a time: the floor, the app's own ``/healthz``, a statement page, the
result page for a full set of answers (the full page a voter receives), one answer step (the POST
that renders the next statement), the charts page (every method's ranking side by side), the JSON
match endpoint with the same answers (ours and SVT's way), and the floor again; it prints
requests/s, p50, p99 and each row's ratio to the floor (the mean of its two runs) and to
``/healthz``. The targets are ratios to the floor. ``--loadtest`` instead runs the mixed
valid/malformed load (``wrk/mixed.lua``) and fails unless there were zero 5xx responses and the app
still answers afterwards.

    python -m benchmarks.http_bench [--duration 10] [--connections 16] [--sample] [--loadtest]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from benchmarks.sample_quiz import document, full_answers
from quiz.core.answers import version_check

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FLOOR = "framework floor (bare Flask, benchmarks/floor.py)"
HEALTHZ = "the app's /healthz"
STATEMENT_PAGE = "statement page"
RESULT_PAGE = "result page (POST, full answers, the full page a voter receives)"
ANSWER_STEP = "answer step (POST, next statement)"
# Issue 25's targets, as ratios to the bare Flask app measured in the same run.
TARGETS = {STATEMENT_PAGE: 0.8, ANSWER_STEP: 0.6, RESULT_PAGE: 0.5}
RESULT_P99_MS = 15.0


@dataclass
class Measurement:
    name: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: str
    raw: str


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def to_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip()).groups()
    return float(number) * UNITS[unit]


def parse_wrk(name: str, output: str) -> Measurement:
    """Read requests/s and the 50 % / 99 % latencies from ``wrk --latency`` output."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:\s+(.*)", output)
    return Measurement(name, rps, p50, p99, int(non_2xx.group(1)) if non_2xx else 0,
                       errors.group(1).strip() if errors else "none", output)


def wrk(url: str, duration: int, connections: int, script: str | None = None, env: dict | None = None) -> str:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "5s"]
    if script:
        command += ["-s", str(ROOT / "benchmarks" / "wrk" / script)]
    result = subprocess.run(command + [url], capture_output=True, text=True, env={**os.environ, **(env or {})})
    if result.returncode != 0:
        raise SystemExit(f"wrk failed: {result.stderr or result.stdout}")
    return result.stdout


def get(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str, dict]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=5) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), dict(error.headers)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Server:
    """The app in production mode on a throwaway SQLite database with the real quiz (``statements/``)
    or, with ``sample=True``, the generated benchmark quiz."""

    def __init__(self, port: int, sample: bool = False):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.folder = tempfile.TemporaryDirectory(prefix="valkompass-bench-")
        folder = Path(self.folder.name)
        self.env = {
            **os.environ,
            "FLASK_APP": "wsgi",
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite'}",
            "INSTANCE_PATH": str(folder),
            "SECRET_KEY": "bench",
            "PORT": str(port),
        }
        if sample:
            quiz = folder / "bench.json"
            quiz.write_text(json.dumps(document(), ensure_ascii=False))
            self.quiz = "bench"
        else:
            quiz = ROOT / "statements"
            self.quiz = "socialpolitik"
        subprocess.run([str(BIN / "flask"), "quiz", "import", str(quiz)], cwd=ROOT, env=self.env, check=True,
                       stdout=subprocess.DEVNULL)
        self.app = "wsgi:app"
        self.config = "gunicorn.conf.py"  # benchmarks/gc_pauses.py runs a copy that logs the collector

    def __enter__(self) -> "Server":
        self.process = start_gunicorn(self.app, self.base + "/healthz", self.env, self.config)
        location = get(f"{self.base}/q/{self.quiz}/start")[2]["Location"]
        self.version = location.split("/")[3]
        self.url = f"{self.base}/q/{self.quiz}/{self.version}"
        self.export = json.loads(get(f"{self.base}/api/v1/q/{self.quiz}/{self.version}")[1])
        return self

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.folder.cleanup()


def start_gunicorn(app: str, ready_url: str, env: dict, config: str = "gunicorn.conf.py") -> subprocess.Popen:
    """``gunicorn -c gunicorn.conf.py <app>`` (the production settings), once ``ready_url`` answers."""
    process = subprocess.Popen([str(BIN / "gunicorn"), "-c", config, app], cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if get(ready_url)[0] == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"gunicorn {app} did not start")


class Floor:
    """The bare Flask app (benchmarks/floor.py) under the same gunicorn settings as the app."""

    def __init__(self, server: Server, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.env = {**server.env, "PORT": str(port)}

    def __enter__(self) -> "Floor":
        self.process = start_gunicorn("benchmarks.floor:app", self.base + "/", self.env)
        return self

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def answers_json(export: dict, state: str) -> dict:
    """The answers of ``state`` as the JSON match endpoint takes them."""
    scale = export["scale"]["values"]
    ids = [s["id"] for s in export["statements"]]
    return {
        "answers": {ids[i]: scale["abcdefg".index(ch.lower())] for i, ch in enumerate(state)},
        "important": [ids[i] for i, ch in enumerate(state) if ch.isupper()],
        "kommun": "alla",
    }


def benchmark(server: Server, floor: Floor, duration: int, connections: int) -> list[Measurement]:
    count = len(server.export["statements"])
    state = full_answers(count) + version_check(server.version)  # as the app writes it, bound to the version
    body = f"state={state}&kommun=alla"
    middle = count // 2
    step_body = f"state={state}&position={middle}&answer=1&kommun=alla"
    status, html, _ = get(f"{server.url}/resultat", body.encode())
    assert status == 200 and "Ditt resultat" in html and '<ol class="ranking">' in html and 'class="counts"' in html, (status, html[:500])
    status, html, _ = get(f"{server.url}/diagram", body.encode())
    assert status == 200 and 'class="method-rankings"' in html, (status, html[:500])
    status, html, _ = get(f"{server.url}/svar", step_body.encode())
    assert status == 200 and f"Påstående {middle + 1} av {count}" in html, (status, html[:500])
    match = answers_json(server.export, state[:count])
    match_body, svt_body = json.dumps(match), json.dumps({**match, "method": "svt"})
    match_url = f"{server.base}/api/v1/q/{server.quiz}/{server.version}/match"
    status, data, _ = get(match_url, match_body.encode(), {"Content-Type": "application/json"})
    assert status == 200 and json.loads(data)["answered"] == count, (status, data[:500])
    runs = [
        (FLOOR, floor.base + "/", None, None),
        (HEALTHZ, f"{server.base}/healthz", None, None),
        (STATEMENT_PAGE, f"{server.url}/{middle}?kommun=alla", None, None),
        # Most of a voter's requests: each answer is a POST that renders the next statement with
        # the answers so far, which no CDN can keep.
        (ANSWER_STEP, f"{server.url}/svar", "post.lua", {"BENCH_BODY": step_body}),
        (RESULT_PAGE, f"{server.url}/resultat", "post.lua", {"BENCH_BODY": body}),
        # The rankings under our method and SVT's, OpenVAA's and Wahl-O-Mat's side by side (issue 17).
        ("charts page (POST, per topic, map, every method's ranking)", f"{server.url}/diagram",
         "post.lua", {"BENCH_BODY": body}),
        ("JSON match endpoint (POST, full answers)", match_url, "post.lua",
         {"BENCH_BODY": match_body, "BENCH_CONTENT_TYPE": "application/json"}),
        ("JSON match endpoint, \"method\": \"svt\"", match_url, "post.lua",
         {"BENCH_BODY": svt_body, "BENCH_CONTENT_TYPE": "application/json"}),
        # The floor again: the machine may have changed under the run; the ratios use the mean.
        (FLOOR + ", again", floor.base + "/", None, None),
    ]
    results = []
    for name, url, script, env in runs:
        wrk(url, 2, connections, script, env)  # warm-up: workers import, caches fill
        results.append(parse_wrk(name, wrk(url, duration, connections, script, env)))
    return results


def report(results: list[Measurement], connections: int, duration: int, quiz: str) -> bool:
    floors = [m.requests_per_second for m in results if m.name.startswith(FLOOR)]
    floor = sum(floors) / len(floors) or float("nan")
    healthz = next(m.requests_per_second for m in results if m.name == HEALTHZ) or float("nan")
    cores = os.cpu_count()
    print(f"\n{quiz}; {cores} cores, gunicorn workers = {os.environ.get('WEB_CONCURRENCY', cores)}, "
          f"wrk -t2 -c{connections} -d{duration}s --latency; load average {os.getloadavg()[0]:.1f}\n")
    print("| endpoint | req/s | p50 | p99 | × floor | × /healthz | non-2xx/3xx, socket errors | target |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    ok = True
    for m in results:
        ratio = m.requests_per_second / floor
        target = ""
        if m.name in TARGETS:
            minimum = TARGETS[m.name]
            met = ratio >= minimum
            target = f"≥ {minimum} × floor: {'met' if met else 'MISSED'}"
            if m.name.startswith("result"):
                p99_met = m.requests_per_second > 0 and m.p99_ms <= RESULT_P99_MS
                target += f"; p99 ≤ {RESULT_P99_MS:.0f} ms: {'met' if p99_met else 'MISSED'}"
                met = met and p99_met
            ok = ok and met
        # A run where requests failed or timed out measured nothing: its latencies leave those out.
        ok = ok and m.non_2xx == 0 and m.socket_errors == "none" and m.requests_per_second > 0
        print(f"| {m.name} | {m.requests_per_second:,.0f} | {m.p50_ms:.2f} ms | {m.p99_ms:.2f} ms | "
              f"{ratio:.2f} | {m.requests_per_second / healthz:.2f} | {m.non_2xx}, {m.socket_errors} | {target} |")
    return ok


def loadtest(server: Server, duration: int, connections: int) -> bool:
    env = {"BENCH_VERSION": server.version, "BENCH_STATE": full_answers() + version_check(server.version)}
    assert server.quiz == "bench", "wrk/mixed.lua is written for the generated quiz (--sample)"
    output = wrk(server.base + "/", duration, connections, "mixed.lua", env)
    counts = {k: int(v) for k, v in re.findall(r"responses (\S+): (\d+)", output)}
    m = parse_wrk("mixed", output)
    status, body, _ = get(server.base + f"/q/bench/{server.version}/1")
    alive = status == 200 and "Påstående 1 av 30" in body
    print(f"\nMixed load, {duration} s, {connections} connections (wrk/mixed.lua: 35 request kinds, "
          f"28 of them malformed):\n")
    print(f"- requests: {sum(counts.values()):,} ({m.requests_per_second:,.0f}/s), p50 {m.p50_ms:.2f} ms, "
          f"p99 {m.p99_ms:.2f} ms")
    print(f"- 2xx/3xx: {counts.get('2xx/3xx', 0):,}; 4xx: {counts.get('4xx', 0):,}; "
          f"5xx: {counts.get('5xx', 0):,}; socket errors: {m.socket_errors}")
    print(f"- afterwards the statement page answers: {'yes' if alive else 'NO'}")
    return counts.get("5xx", 1) == 0 and alive


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8800)))
    parser.add_argument("--sample", action="store_true", help="the generated 30 × 8 quiz instead of statements/")
    parser.add_argument("--loadtest", action="store_true", help="the mixed valid/malformed load instead")
    args = parser.parse_args()
    with Server(args.port, sample=args.sample or args.loadtest) as server:
        if args.loadtest:
            ok = loadtest(server, args.duration, args.connections)
        else:
            with Floor(server, args.port + 1) as floor:
                results = benchmark(server, floor, args.duration, args.connections)
            quiz = f"quiz {server.quiz} ({len(server.export['statements'])} statements, {len(server.export['parties'])} parties)"
            ok = report(results, args.connections, args.duration, quiz)
    if not ok:
        print("\nSome targets were missed (see above).")
    sys.exit(0 if ok or os.environ.get("BENCH_NO_FAIL") else 1)


if __name__ == "__main__":
    main()
