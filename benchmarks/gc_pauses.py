"""The cycle collector's stops in a gunicorn worker under the result page's load, with and without
the freeze after warm-up (``gunicorn.conf.py``'s ``post_worker_init``, ``GC_FREEZE``).

Why: a worker keeps about 120,000 objects for its whole life (the app, the catalog, every
pre-rendered page part). Each full collection walked them all again, a stop of 70-115 ms during
which every request queued at that worker waited: at 1,800 requests a second that is more than
the 1 % of requests a p99 is made of. Same set-up as ``benchmarks/http_bench.py`` (the real quiz,
gunicorn with the project's settings, wrk at 16 connections on the result page); the workers run
under a copy of ``gunicorn.conf.py`` that also logs every collection of the older generations.

    python -m benchmarks.gc_pauses [--duration 10] [--rounds 3] [--port 8860]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from benchmarks import http_bench as hb
from benchmarks.sample_quiz import full_answers
from quiz.core.answers import version_check

LOGGING_CONFIG = '''
exec(open({conf!r}).read())
_project_hook = post_worker_init


def post_worker_init(worker):
    _project_hook(worker)
    import gc, time
    log = open(os.path.join({folder!r}, f"gc.{{os.getpid()}}"), "w", buffering=1)
    started = [0.0]

    def timed(phase, info):
        if phase == "start":
            started[0] = time.perf_counter()
        elif info["generation"] >= 1:
            log.write(f"{{info['generation']}} {{(time.perf_counter() - started[0]) * 1e3:.2f}}\\n")

    gc.callbacks.append(timed)
'''


def run(freeze: bool, duration: int, rounds: int, port: int) -> dict:
    folder = tempfile.mkdtemp(prefix="valkompass-gc-")
    config = Path(folder) / "gunicorn.conf.py"
    config.write_text(LOGGING_CONFIG.format(conf=str(hb.ROOT / "gunicorn.conf.py"), folder=folder))
    server = hb.Server(port)
    server.env["GC_FREEZE"] = "1" if freeze else "0"
    server.config = str(config)
    with server:
        answers = f"{full_answers(len(server.export['statements']))}{version_check(server.version)}"
        env = {"BENCH_BODY": f"state={answers}&kommun=alla"}
        script = str(hb.ROOT / "benchmarks" / "wrk" / "post.lua")
        hb.wrk(server.url + "/resultat", 2, 16, script, env)  # warm-up, as http_bench
        measured = [hb.parse_wrk("result page", hb.wrk(server.url + "/resultat", duration, 16, script, env))
                    for _ in range(rounds)]
    pauses = {1: [], 2: []}
    for log in Path(folder).glob("gc.*"):
        for line in log.read_text().split("\n"):
            if line:
                generation, ms = line.split()
                pauses[int(generation)].append(float(ms))
    return {"measured": measured, "pauses": pauses}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8860)))
    args = parser.parse_args()
    print(f"result page (POST, full answers), wrk -t2 -c16 -d{args.duration}s × {args.rounds} after a 2 s warm-up; "
          f"load average {os.getloadavg()[0]:.1f}")
    print("| workers | req/s per round | p99 per round | full collections (both workers) | longest | gen-1 collections, longest |")
    print("| --- | --- | --- | ---: | ---: | --- |")
    for freeze in (False, True):
        found = run(freeze, args.duration, args.rounds, args.port)
        rates = " · ".join(f"{m.requests_per_second:,.0f}" for m in found["measured"])
        p99s = " · ".join(f"{m.p99_ms:.1f} ms" for m in found["measured"])
        full, young = found["pauses"][2], found["pauses"][1]
        print(f"| {'frozen after warm-up' if freeze else 'GC_FREEZE=0'} | {rates} | {p99s} | {len(full)} | "
              f"{max(full, default=0):.1f} ms | {len(young)}, {max(young, default=0):.2f} ms |")


if __name__ == "__main__":
    main()
