"""`make bench-capacity`: the many-host set-up under election night's mix, on one machine.

Starts, on 127.0.0.1 only, and stops again by itself:

* a throwaway PostgreSQL database on the server at ``POSTGRES_SERVER_URL`` (default
  ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``), dropped afterwards;
* PgBouncer in front of it (Debian's, scripts/ensure-pgbouncer.sh) in transaction pooling, and
  the app reaching the database only through it, with psycopg's server-side prepared statements
  off (``DATABASE_PREPARED_STATEMENTS=0``: PgBouncer 1.18 in transaction mode cannot keep them);
* ``--hosts`` app hosts (default 2): each its own ``gunicorn -c gunicorn.conf.py wsgi:app`` on
  its own port with ``WEB_CONCURRENCY`` workers (default 1, so two hosts fill this 2-core machine),
  the same ``SECRET_KEY``, ``METRICS_TOKEN`` on; the real quiz imported through PgBouncer;
* nginx in front with docs/DEPLOY.md's configuration and an ``upstream`` of the hosts
  (benchmarks/edge.py); the load starts once every host's ``/readyz`` answers 200;
* ten classes, created as a teacher does (``/larare/ny``), and a student's session and form token.

Then wrk drives nginx for ``--duration`` seconds (default 30) with ``wrk/capacity.lua``: per 44
requests, 40 answer steps, a result page, a statement page a CDN did not have, a student sending
answers to a class and a teacher's dashboard. It reports throughput, latency, errors by class, how
the requests spread over the hosts (each host's ``/metrics``), and CPU seconds per request of the
app hosts (gunicorn masters and workers, from /proc), of nginx and of PgBouncer. The PostgreSQL
server is shared with other work on this machine, so its CPU is not attributed.

    python -m benchmarks.capacity [--duration 30] [--hosts 2] [--connections 32]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from contextlib import ExitStack, contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from benchmarks.edge import Nginx
from benchmarks.http_bench import BIN, ROOT, get, parse_wrk
from benchmarks.sample_quiz import full_answers
from quiz.core.answers import version_check

POSTGRES_SERVER_URL = os.environ.get("POSTGRES_SERVER_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
TOKEN = "capacity-metrics"
CLASSES = 10
TICKS = os.sysconf("SC_CLK_TCK")


@contextmanager
def database():
    name = f"valkompass_capacity_{uuid.uuid4().hex[:10]}"
    server = create_engine(POSTGRES_SERVER_URL, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_SERVER_URL).set(database=name)
    finally:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


@contextmanager
def pgbouncer(url, port: int):
    """PgBouncer on 127.0.0.1:``port`` in transaction pooling, in front of ``url``'s database."""
    folder = Path(tempfile.mkdtemp(prefix="valkompass-pgbouncer-"))
    user = url.username or "postgres"
    (folder / "userlist.txt").write_text(f'"{user}" ""\n')
    (folder / "pgbouncer.ini").write_text(f"""[databases]
{url.database} = host={url.host or '127.0.0.1'} port={url.port or 5432} dbname={url.database} user={user}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {folder}/userlist.txt
pool_mode = transaction
default_pool_size = 10
max_client_conn = 1000
server_reset_query =
ignore_startup_parameters = extra_float_digits,options
logfile = {folder}/pgbouncer.log
pidfile = {folder}/pgbouncer.pid
""")
    command = [PGBOUNCER, str(folder / "pgbouncer.ini")]
    if os.geteuid() == 0:  # PgBouncer refuses to run as root
        postgres = pwd.getpwnam("postgres")
        os.chown(folder, postgres.pw_uid, postgres.pw_gid)
        for path in folder.iterdir():
            os.chown(path, postgres.pw_uid, postgres.pw_gid)
        command[1:1] = ["-u", "postgres"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                engine = create_engine(url.set(host="127.0.0.1", port=port),
                                       connect_args={"prepare_threshold": None})
                with engine.connect() as conn:
                    conn.execute(text("SELECT 1"))
                engine.dispose()
                break
            except Exception:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"pgbouncer did not start: {(folder / 'pgbouncer.log').read_text(errors='replace')}")
                time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


class Host:
    """One app host: gunicorn with the production settings on its own port."""

    def __init__(self, port: int, env: dict, folder: Path):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.env = {**env, "PORT": str(port), "INSTANCE_PATH": str(folder)}
        folder.mkdir()
        self.log = open(folder / "gunicorn.log", "wb")

    def __enter__(self) -> "Host":
        self.process = subprocess.Popen([str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"], cwd=ROOT,
                                        env=self.env, stdout=self.log, stderr=self.log)
        return self

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if get(self.base + "/readyz")[0] == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.3)
        raise SystemExit(f"app host {self.base} not ready: {Path(self.log.name).read_text(errors='replace')[-2000:]}")

    def pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [self.process.pid, *map(int, children)]

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of these processes so far (utime, stime in /proc/<pid>/stat)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / TICKS


def nginx_pids(edge: Nginx) -> list[int]:
    master = edge.process.pid
    return [master, *map(int, Path(f"/proc/{master}/task/{master}/children").read_text().split())]


def classes_and_student(base: str, quiz: str) -> tuple[list[str], list[str], list[str], str, str]:
    """Ten classes made as a teacher makes them (codes, teacher tokens, join tickets), and one
    student's session cookie and form token."""
    codes, tokens, tickets = [], [], []
    for _ in range(CLASSES):
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(base + "/larare").read().decode()
        csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        # A class as large as the run fills (a real one: about 25 students; CLASS_MAX_SUBMISSIONS is raised).
        body = urllib.parse.urlencode({"csrf_token": csrf, "quiz": quiz, "kommun": "alla", "storlek": 5000}).encode()
        with opener.open(base + "/larare/ny", body) as response:  # follows the 303 to the dashboard
            dashboard = response.read().decode()
            tokens.append(urllib.parse.urlparse(response.url).path.rsplit("/", 1)[1])
        code = re.search(r'<p class="join-code"[^>]*>([A-Z0-9]{6})</p>', dashboard).group(1)
        # The join link's ticket, which a student's pages carry and the send names (quiz.classroom.operations).
        biljett = re.search(r'biljett=([^&"\s]+)', dashboard).group(1)
        codes.append(code)
        tickets.append(f"{code}.{urllib.parse.unquote(biljett)}")
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/klass").read().decode()
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return codes, tokens, tickets, csrf, cookie


def routed(host: Host) -> int:
    """Requests this host answered, from its /metrics (all its workers added up)."""
    status, body, _ = get(host.base + "/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert status == 200, status
    return int(sum(float(v) for v in re.findall(r"^valkompass_http_request_duration_seconds_count\{.*\} (\S+)$",
                                                  body, re.M)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--hosts", type=int, default=2)
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers per host")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8840)))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="valkompass-capacity-"))
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, work, True)
        url = stack.enter_context(database())
        bouncer = stack.enter_context(pgbouncer(url, args.port))
        app_url = url.set(host="127.0.0.1", port=args.port).render_as_string(hide_password=False)
        env = {**os.environ, "FLASK_APP": "wsgi", "DATABASE_URL": app_url, "DATABASE_PREPARED_STATEMENTS": "0",
               "SECRET_KEY": "capacity-shared-by-all-hosts", "WEB_CONCURRENCY": str(args.workers),
               "METRICS_TOKEN": TOKEN, "TRUSTED_PROXY_COUNT": "1",
               # Ten classes take every student's answers the run sends (a real class: about 25).
               "CLASS_MAX_SUBMISSIONS": "1000000", "CLASS_SUBMISSIONS_PER_MINUTE": "1000000"}
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        subprocess.run([str(BIN / "flask"), "quiz", "import", str(ROOT / "statements")], cwd=ROOT,
                       env={**env, "INSTANCE_PATH": str(work)}, check=True, stdout=subprocess.DEVNULL)
        hosts = [stack.enter_context(Host(args.port + 1 + i, env, work / f"host{i}")) for i in range(args.hosts)]
        for host in hosts:
            host.wait_ready()  # what a load balancer routes by (/readyz: catalog loaded, database answers)
        edge = stack.enter_context(Nginx(args.port + 10, [f"127.0.0.1:{h.port}" for h in hosts]))

        try:
            version = get(edge.base + "/q/socialpolitik/start")[2]["Location"].split("/")[3]
        except OSError as error:
            raise SystemExit(f"nginx does not answer ({error}, exit {edge.process.poll()}): "
                             f"{(edge.folder / 'error.log').read_text(errors='replace')}")
        count = len(json.loads(get(f"{edge.base}/api/v1/q/socialpolitik/{version}")[1])["statements"])
        answers = full_answers(count)
        check = version_check(version)
        states = " ".join(answers[:p] + "." * (count - p) + check for p in range(count - 1))
        codes, tokens, tickets, csrf, cookie = classes_and_student(edge.base, "socialpolitik")
        lua_env = {"CAP_VERSION": version, "CAP_QUIZ": "socialpolitik", "CAP_FULL": answers + check,
                   "CAP_STATES": states, "CAP_CODES": " ".join(codes), "CAP_TOKENS": " ".join(tokens),
                   "CAP_TICKETS": " ".join(tickets),
                   "CAP_CSRF": csrf, "CAP_COOKIE": cookie}
        # A short warm-up through every path (the hosts' first class pages, PgBouncer's pools).
        command = ["wrk", "-t2", f"-c{args.connections}", "--latency", "--timeout", "5s", "-s",
                   str(ROOT / "benchmarks" / "wrk" / "capacity.lua"), edge.base + "/"]
        subprocess.run(command[:1] + ["-d3s"] + command[1:], env={**os.environ, **lua_env}, capture_output=True)

        app_pids = [pid for h in hosts for pid in h.pids()]
        before = {"app": cpu_seconds(app_pids), "nginx": cpu_seconds(nginx_pids(edge)),
                  "pgbouncer": cpu_seconds([bouncer.pid])}
        routed_before = [routed(h) for h in hosts]
        load_before = os.getloadavg()[0]
        wall = time.monotonic()
        result = subprocess.run(command[:1] + [f"-d{args.duration}s"] + command[1:], env={**os.environ, **lua_env},
                                capture_output=True, text=True)
        wall = time.monotonic() - wall
        after = {"app": cpu_seconds([pid for h in hosts for pid in h.pids()]), "nginx": cpu_seconds(nginx_pids(edge)),
                 "pgbouncer": cpu_seconds([bouncer.pid])}
        routed_after = [routed(h) for h in hosts]
        load_after = os.getloadavg()[0]
        logged = edge.access_log()
        leaked = [secret for secret in (*codes, *tokens, *tickets, answers) if secret in logged]
        with create_engine(url.render_as_string(hide_password=False)).connect() as conn:
            submissions = conn.execute(text("SELECT count(*) FROM class_submission")).scalar()
    if result.returncode != 0:
        raise SystemExit(f"wrk failed: {result.stderr or result.stdout}")
    m = parse_wrk("mix", result.stdout)
    counts = {k: int(v) for k, v in re.findall(r"responses (\S+): (\d+)", result.stdout)}
    total = sum(counts.values())
    print(f"\n{os.cpu_count()} cores; {args.hosts} app hosts × {args.workers} gunicorn worker(s) behind nginx "
          f"(upstream round robin), PostgreSQL through PgBouncer (transaction pooling); quiz socialpolitik, "
          f"{count} statements; wrk -t2 -c{args.connections} -d{args.duration}s, wrk/capacity.lua; "
          f"load average {load_before:.1f} → {load_after:.1f}\n")
    print(f"- requests: {total:,} ({m.requests_per_second:,.0f}/s), p50 {m.p50_ms:.2f} ms, p99 {m.p99_ms:.2f} ms")
    print(f"- 2xx/3xx: {counts.get('2xx/3xx', 0):,}; 4xx: {counts.get('4xx', 0):,}; 5xx: {counts.get('5xx', 0):,}; "
          f"socket errors: {m.socket_errors}")
    spread = [a - b for a, b in zip(routed_after, routed_before)]
    print(f"- answered per host (its /metrics): {', '.join(f'{n:,}' for n in spread)}")
    print(f"- class answers stored: {submissions:,}")
    for part in ("app", "nginx", "pgbouncer"):
        used = after[part] - before[part]
        print(f"- CPU of {part}: {used:.1f} s in {wall:.1f} s ({used / wall:.2f} cores), "
              f"{used / max(total, 1) * 1e6:,.0f} µs per request")
    print(f"- nginx's access log: {len(logged.splitlines()):,} lines; class codes, teacher links or answer "
          f"strings in it: {len(leaked) or 'none'}")
    sys.exit(0 if counts.get("5xx", 1) == 0 and m.socket_errors == "none" and not leaked else 1)


if __name__ == "__main__":
    main()
