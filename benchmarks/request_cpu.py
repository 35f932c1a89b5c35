"""CPU per request in process, for each kind of request in election night's mix (the real quiz).

Each request goes through ``app.wsgi_app`` as gunicorn hands it over (no sockets, no gunicorn),
timed with ``time.process_time``, best of several rounds. It is the floor of what a request costs
a worker, little moved by other work on the machine; through gunicorn and the loopback a request
costs more (the issue measured 1.5–2 ×). docs/BENCHMARKS.md sizes the app tier from it and from
`make bench-capacity`'s CPU per request under load.

    .venv/bin/python -m benchmarks.request_cpu
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.sample_quiz import full_answers
from quiz.core.answers import version_check

ROUNDS, CALLS = 7, 300


def main() -> None:
    import os

    folder = Path(tempfile.mkdtemp(prefix="valkompass-request-cpu-"))
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from quiz import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'cpu.sqlite'}", "SECRET_KEY": "cpu"})
    result = app.test_cli_runner().invoke(args=["quiz", "import", str(Path(__file__).resolve().parent.parent / "statements")])
    assert result.exit_code == 0, result.output
    app.extensions["catalog"].refresh()
    pq = app.extensions["catalog"].latest("socialpolitik")
    count = len(pq.statements)
    answers, check = full_answers(count), version_check(pq.version)
    base = f"/q/socialpolitik/{pq.version}"
    middle = count // 2
    kinds = {
        "framework: /healthz": ("GET", "/healthz", ""),
        "statement page (GET)": ("GET", f"{base}/{middle}", "kommun=alla"),
        "answer step (POST /svar, half answered)": (
            "POST", f"{base}/svar",
            f"state={answers[:middle]}{'.' * (count - middle)}{check}&position={middle + 1}&answer=1&kommun=alla"),
        "result page (POST /resultat, 41 answers)": ("POST", f"{base}/resultat", f"state={answers}{check}&kommun=alla"),
    }

    def run(method: str, path: str, data: str) -> float:
        body = data.encode() if method == "POST" else b""
        environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "" if method == "POST" else data,
                   "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1",
                   "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr, "SERVER_PROTOCOL": "HTTP/1.1",
                   "REMOTE_ADDR": "127.0.0.1"}
        if method == "POST":
            environ.update(CONTENT_TYPE="application/x-www-form-urlencoded", CONTENT_LENGTH=str(len(body)))
        statuses = []
        started = time.process_time()
        for _ in range(CALLS):
            env = dict(environ, **{"wsgi.input": io.BytesIO(body)})
            for _chunk in app.wsgi_app(env, lambda status, headers, exc_info=None: statuses.append(status)):
                pass
        taken = (time.process_time() - started) / CALLS * 1e6
        assert all(s.startswith("200") for s in statuses), statuses[:3]
        return taken

    print(f"quiz socialpolitik, {count} statements; in process, best of {ROUNDS} × {CALLS} calls, µs of CPU")
    for name, (method, path, data) in kinds.items():
        best = min(run(method, path, data) for _ in range(ROUNDS))
        print(f"| {name} | {best:.0f} |")


if __name__ == "__main__":
    main()
