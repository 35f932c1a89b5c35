"""What /metrics costs a request, in process: the same GET through ``app.wsgi_app`` with
``METRICS_TOKEN`` unset and set, alternating, CPU time (``time.process_time``), best of several
rounds. Run it as gunicorn's workers run it (multi-process mode, values in files):

    PROMETHEUS_MULTIPROC_DIR=$(mktemp -d) .venv/bin/python -m benchmarks.metrics_cost

Not part of `make test` (a timing); the figures are in docs/BENCHMARKS.md.
"""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROUNDS, CALLS = 9, 3000


def build(token: str, folder: Path):
    os.environ["METRICS_TOKEN"] = token
    from quiz import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'cost.sqlite'}", "SECRET_KEY": "cost",
                      "METRICS_TOKEN": token})
    return app


def main() -> None:
    from benchmarks.sample_quiz import document

    folder = Path(tempfile.mkdtemp(prefix="valkompass-metrics-cost-"))
    quiz = folder / "bench.json"
    quiz.write_text(json.dumps(document(), ensure_ascii=False))
    apps = {"off": build("", folder), "on": build("t", folder)}
    apps["off"].test_cli_runner().invoke(args=["quiz", "import", str(quiz)])
    version = apps["off"].extensions["catalog"].latest("bench").version
    for app in apps.values():
        app.extensions["catalog"].refresh()
    paths = {"statement page": f"/q/bench/{version}/15", "/healthz": "/healthz"}

    def run(app, path: str) -> float:
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "localhost",
                   "SERVER_PORT": "80", "HTTP_HOST": "localhost", "wsgi.url_scheme": "http",
                   "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, "SERVER_PROTOCOL": "HTTP/1.1"}
        started = time.process_time()
        for _ in range(CALLS):
            for chunk in app.wsgi_app(dict(environ), lambda status, headers, exc_info=None: None):
                pass
        return (time.process_time() - started) / CALLS * 1e6

    hooks = apps["on"]
    start, finish = hooks.before_request_funcs[None][0], hooks.after_request_funcs[None][0]
    with hooks.test_request_context(paths["statement page"]):
        response = hooks.response_class("x")
        best = float("inf")
        for _ in range(ROUNDS):
            started = time.process_time()
            for _ in range(CALLS * 10):
                start()
                finish(response)
            best = min(best, (time.process_time() - started) / (CALLS * 10) * 1e6)
    mode = "multi-process (values in files)" if os.environ.get("PROMETHEUS_MULTIPROC_DIR") else "one process"
    print(f"{mode}; best of {ROUNDS} rounds × {CALLS} calls, µs of CPU per request")
    print(f"the two hooks alone (one histogram observation): {best:.1f} µs")
    for name, path in paths.items():
        best = {"off": float("inf"), "on": float("inf")}
        for _ in range(ROUNDS):
            for key, app in apps.items():
                best[key] = min(best[key], run(app, path))
        print(f"{name}: off {best['off']:.1f}, on {best['on']:.1f}, cost {best['on'] - best['off']:.1f} µs")


if __name__ == "__main__":
    main()
