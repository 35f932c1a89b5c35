"""``/metrics`` (quiz/web/metrics.py): counts and latencies per route in Prometheus' format, behind a
token, never naming a path's answers, added up across gunicorn's workers."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import ROOT
from tests.helpers.forms import checked
from tests.helpers.metrics import AUTH, TOKEN, count

def test_off_without_a_token_and_hidden_from_requests_without_it(make_app):
    assert make_app().test_client().get("/metrics", headers=AUTH).status_code == 404
    client = make_app(METRICS_TOKEN=TOKEN).test_client()
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404
    assert client.get("/metrics", headers={"Authorization": TOKEN}).status_code == 404
    response = client.get("/metrics", headers=AUTH)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=")
    assert response.headers["Cache-Control"] == "no-store"


def test_counts_and_latencies_per_route_never_the_path(make_app):
    app = make_app(METRICS_TOKEN=TOKEN)
    client = app.test_client()
    version = app.extensions["catalog"].latest("mini").version
    answers = checked("eB-c", version)  # a voter's answers, as a share link carries them
    before = client.get("/metrics", headers=AUTH).text
    for _ in range(3):
        assert client.get(f"/q/mini/{version}/2").status_code == 200
    assert client.get(f"/r/mini/{version}/{answers}").status_code == 200
    assert client.get("/no/such/page/eB-c").status_code == 404
    assert client.post(f"/q/mini/{version}/resultat", data={"state": answers}).status_code == 200
    text = client.get("/metrics", headers=AUTH).text

    statement = "/q/<quiz_id>/<version>/<int:number>"
    assert count(text, statement) == count(before, statement) + 3
    assert count(text, "/r/<quiz_id>/<version>/<state>") == 1
    assert count(text, "/q/<quiz_id>/<version>/resultat", "POST") == 1
    assert count(text, "<unmatched>", status="404") == 1
    # A latency histogram per route and method, its buckets counting every request.
    buckets = re.findall(r'valkompass_http_request_duration_seconds_bucket\{le="([^"]+)",method="GET",'
                         r'route="/q/<quiz_id>/<version>/<int:number>",status="200"\} (\S+)', text)
    assert [le for le, _ in buckets] == ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "1.0", "+Inf"]
    assert float(buckets[-1][1]) == count(text, statement)
    # Labels are the app's URL rules: nothing a client wrote, no answer string, no version.
    routes = set(re.findall(r'route="([^"]*)"', text))
    rules = {rule.rule for rule in app.url_map.iter_rules()} | {"<unmatched>"}
    assert routes <= rules, routes - rules
    assert answers not in text and "eB-c" not in text and version not in text and "/no/such" not in text


def test_a_response_served_around_flask_can_be_counted(make_app):
    """A path that answers before Flask's hooks (a response kept whole) records itself."""
    app = make_app(METRICS_TOKEN=TOKEN)
    assert "metrics" not in make_app().extensions  # off: nothing to call
    app.extensions["metrics"]("/q/<quiz_id>/<version>/<int:number>", "GET", 304, 0.0002)
    text = app.test_client().get("/metrics", headers=AUTH).text
    assert count(text, "/q/<quiz_id>/<version>/<int:number>", status="304") == 1


def test_scraped_by_address_with_the_token(make_app):
    """Prometheus scrapes each host by its address, which is not a trusted host name."""
    client = make_app(METRICS_TOKEN=TOKEN).test_client()
    foreign = {"Host": "10.1.2.3:8000"}
    scraped = client.get("/metrics", headers={**foreign, **AUTH})
    assert scraped.status_code == 200 and "# TYPE valkompass_http_request_duration_seconds" in scraped.get_data(as_text=True)
    refused = client.get("/metrics", headers=foreign)
    assert refused.status_code == 400 and "Okänd adress" in refused.get_data(as_text=True)  # the unknown-host page, as for any path
    assert "valkompass_" not in refused.get_data(as_text=True)
    assert client.get("/q/", headers={**foreign, **AUTH}).status_code == 400


def _get(base: str, path: str, headers: dict | None = None) -> tuple[int, str]:
    request = urllib.request.Request(base + path, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def _worker_pids(master: int) -> set[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return {int(pid) for pid in children}


def test_two_gunicorn_workers_add_up_and_a_replaced_worker_keeps_its_counts(make_app, database_url, tmp_path):
    """The production set-up: gunicorn.conf.py, two workers, the multi-process folder it makes."""
    app = make_app()  # the database with the mini quiz, as the other tests have it
    version = app.extensions["catalog"].latest("mini").version
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    listener.set_inheritable(True)
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "FLASK_APP": "wsgi", "DATABASE_URL": database_url, "INSTANCE_PATH": str(tmp_path),
           "SECRET_KEY": "test", "WEB_CONCURRENCY": "2", "METRICS_TOKEN": TOKEN, "TMPDIR": str(temp)}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    log = open(tmp_path / "gunicorn.log", "wb")
    fd = listener.fileno()
    master = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"fd://{fd}",
                               "wsgi:app"], cwd=ROOT, env=env, pass_fds=(fd,), stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 60
        while len(_worker_pids(master.pid)) < 2 or _get(base, "/healthz")[0] != 200:
            assert master.poll() is None and time.monotonic() < deadline, (tmp_path / "gunicorn.log").read_text()
            time.sleep(0.2)
        folders = list(temp.glob("valkompass-metrics-*"))
        assert len(folders) == 1  # made by gunicorn.conf.py for this master

        path = f"/q/mini/{version}/1"
        # One worker takes a request whose headers have not all come (a sync worker waits for
        # them), so the other answers the next 50; then the first one's request is completed.
        held = socket.create_connection(("127.0.0.1", listener.getsockname()[1]))
        held.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode())
        time.sleep(0.5)
        assert {_get(base, path)[0] for _ in range(50)} == {200}
        held.sendall(b"Connection: close\r\n\r\n")
        answer = b""
        while chunk := held.recv(65536):
            answer += chunk
        held.close()
        assert answer.startswith(b"HTTP/1.1 200")
        writers = {re.search(r"_(\d+)\.db$", p.name).group(1) for p in folders[0].glob("histogram_*.db")}
        assert len(writers) == 2, writers  # both workers counted…
        for _ in range(3):  # …and any worker's scrape holds the sum of both
            status, text = _get(base, "/metrics", AUTH)
            assert status == 200 and count(text, "/q/<quiz_id>/<version>/<int:number>") == 51

        victim = min(_worker_pids(master.pid))
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while victim in _worker_pids(master.pid) or len(_worker_pids(master.pid)) < 2 \
                or _get(base, "/healthz")[0] != 200:
            assert time.monotonic() < deadline, (tmp_path / "gunicorn.log").read_text()
            time.sleep(0.2)
        status, text = _get(base, "/metrics", AUTH)
        assert count(text, "/q/<quiz_id>/<version>/<int:number>") == 51  # nothing lost with the worker
        assert _get(base, "/metrics")[0] == 404
    finally:
        master.terminate()
        master.wait(timeout=30)
        listener.close()
        log.close()
    assert not list(temp.glob("valkompass-metrics-*"))  # removed when the master exits
