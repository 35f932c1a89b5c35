"""CPU of the gunicorn workers per request, for the floor and the voter's pages, in one run.

Why: on a shared machine requests per second measure the neighbours as much as the app, but the
CPU seconds a worker spends per request (from /proc, user + system, the gunicorn master and its
workers) change much less. The ratio floor CPU ÷ page CPU estimates what `make bench-http`'s
× floor will be on a quiet machine (it leaves out wrk's and the kernel's share, which is about the
same per request for every row): on 05279e3 under load 12–15 it gave 0.50 / 0.35 / 0.36 for the
statement page, answer step and result page, where quiet runs had measured 0.53–0.60 / 0.35–0.40 /
0.35–0.38 (docs/BENCHMARKS.md). Same set-up as benchmarks/http_bench.py (the real quiz, gunicorn
with gunicorn.conf.py, wrk at 16 connections). Not a target check: the targets are bench-http's.

    python -m benchmarks.worker_cpu [--duration 8] [--port 8870]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess

from benchmarks import http_bench as hb
from benchmarks.sample_quiz import full_answers
from quiz.core.answers import version_check

TICK = os.sysconf("SC_CLK_TCK")


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process and its children (gunicorn's master and workers)."""
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    total = 0
    for p in [pid, *map(int, children)]:
        try:
            fields = open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()
        except FileNotFoundError:  # a worker replaced meanwhile
            continue
        total += int(fields[11]) + int(fields[12])
    return total / TICK


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--port", type=int, default=8870)
    args = parser.parse_args()
    with hb.Server(args.port) as server, hb.Floor(server, args.port + 1) as floor:
        count = len(server.export["statements"])
        state = full_answers(count) + version_check(server.version)
        middle = count // 2
        runs = [
            ("floor", floor.base + "/", None, None, floor.process.pid),
            ("/healthz", server.base + "/healthz", None, None, server.process.pid),
            (hb.STATEMENT_PAGE, f"{server.url}/{middle}?kommun=alla", None, None, server.process.pid),
            (hb.ANSWER_STEP, f"{server.url}/svar", "post.lua",
             {"BENCH_BODY": f"state={state}&position={middle}&answer=1&kommun=alla"}, server.process.pid),
            (hb.RESULT_PAGE, f"{server.url}/resultat", "post.lua", {"BENCH_BODY": f"state={state}&kommun=alla"},
             server.process.pid),
            ("floor, again", floor.base + "/", None, None, floor.process.pid),
        ]
        cpu = {}
        print(f"\nload average {os.getloadavg()[0]:.1f}; wrk -t2 -c16 -d{args.duration}s\n")
        print("| endpoint | requests | req/s | p99 | worker CPU per request | floor CPU ÷ this |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        rows = []
        for name, url, script, env, pid in runs:
            hb.wrk(url, 2, 16, script, env)  # warm-up
            before = tree_cpu(pid)
            output = hb.wrk(url, args.duration, 16, script, env)
            spent = tree_cpu(pid) - before
            requests = int(re.search(r"(\d+) requests in", output).group(1))
            cpu[name] = spent / requests * 1e6
            rows.append((name, requests, hb.parse_wrk(name, output)))
        floor_cpu = (cpu["floor"] + cpu["floor, again"]) / 2
        for name, requests, m in rows:
            print(f"| {name} | {requests:,} | {m.requests_per_second:,.0f} | {m.p99_ms:.1f} ms | "
                  f"{cpu[name]:,.0f} µs | {floor_cpu / cpu[name]:.2f} |")


if __name__ == "__main__":
    main()
