"""gunicorn settings for production (`make serve`, `gunicorn -c gunicorn.conf.py wsgi:app`).

Every setting can be overridden from the environment, so the same file serves one laptop and
N app hosts. Workers are processes, one per CPU core by default: the voter path is CPU-bound
(template rendering and numpy), never waits on the database, so more workers than cores only
adds context switches. No access log by default: answers travel in POST bodies, which gunicorn
never logs, but query strings carry the municipality and language; log at the proxy if needed.
"""

import multiprocessing
import os
import shutil
import tempfile

# One BLAS thread per worker: the workers already fill the cores, and BLAS threads of several
# workers competing for them make large matrix products slower, not faster. Set here, before any
# worker imports numpy.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

bind = os.environ.get("BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count())
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread" if threads > 1 else "sync")
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# A worker serves this many requests, then is replaced: bounds any slow memory growth.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 10
# Reject oversized request lines and headers before they reach Flask (bodies: MAX_CONTENT_LENGTH).
limit_request_line = 4094
limit_request_fields = 50
# Each worker's heartbeat (a file's times set after every request) in memory, not on disk: on a
# disk-backed /tmp that call waits whenever the filesystem commits its journal, a stall of the
# worker and of every request queued behind it (gunicorn's docs on worker_tmp_dir).
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR") or ("/dev/shm" if os.path.isdir("/dev/shm") else None)
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
# No log line holds a voter's answers, a teacher link or a class code (quiz/web/log_redaction.py).
logger_class = "quiz.web.log_redaction.GunicornLogger"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
# X-Forwarded-* are read by the app alone, through TRUSTED_PROXY_COUNT (quiz.trust_proxies): one
# setting for which proxies are trusted. gunicorn's own reading (forwarded_allow_ips, 127.0.0.1 by
# default) made a request https for gunicorn while the app trusted no proxy.
forwarded_allow_ips = ""
secure_scheme_headers = {}

# /metrics (quiz/web/metrics.py, on with METRICS_TOKEN): each worker writes its counts to files in one
# folder, which a scrape of any worker adds up (prometheus_client's multi-process mode). Set before
# any worker imports prometheus_client. PROMETHEUS_MULTIPROC_DIR names a folder of your own; else
# one is made here per master (kept across `systemctl reload`, which reads this file again) and
# removed when the master exits. In the temporary folder, not in memory beside the heartbeats: each
# replaced worker's files stay (their counts are in the sums), 64 kB or more each, and a night of
# replacements (``max_requests``) can outgrow a container's 64 MB /dev/shm.
if os.environ.get("METRICS_TOKEN") and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="valkompass-metrics-")
    os.environ["VALKOMPASS_METRICS_DIR_MADE"] = os.environ["PROMETHEUS_MULTIPROC_DIR"]


def on_starting(server):
    """Start the counts from zero: values a previous master left in the folder would be added in."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder and os.environ.get("METRICS_TOKEN"):
        os.makedirs(folder, mode=0o700, exist_ok=True)
        for name in os.listdir(folder):
            if name.endswith(".db"):
                os.remove(os.path.join(folder, name))


def child_exit(server, worker):
    """A worker that exited (replaced after max_requests, killed, timed out) is marked dead, so its
    live gauges go; its counts stay in the sums."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR") and os.environ.get("METRICS_TOKEN"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    made = os.environ.get("VALKOMPASS_METRICS_DIR_MADE")
    if made and made == os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        shutil.rmtree(made, ignore_errors=True)


def post_worker_init(worker):
    """Each worker loads the catalog and renders every quiz once before its first voter
    (quiz/web/warmup.py); without it, each worker's first voter waited for that work.

    Then what it built is frozen out of the cycle collector's reach (``gc.freeze``; ``GC_FREEZE=0``
    turns it off): the app, the catalog and every pre-rendered page part live as long as the worker,
    about 120,000 objects that each full collection walked again, a 70-115 ms stop of the worker
    that every request queued behind it waited for (benchmarks/gc_pauses.py). Frozen objects are
    still freed by reference counting; only garbage cycles among them stay until the worker is
    replaced (``max_requests``).
    """
    import gc

    from quiz.web.warmup import warm

    if "catalog" not in getattr(worker.wsgi, "extensions", {}):
        return  # not this app: the framework floor (benchmarks/floor.py) runs under these settings too
    taken = warm(worker.wsgi)
    worker.log.info("warm-up: %s", ", ".join(f"{quiz} {seconds:.2f} s" for quiz, seconds in taken.items()) or "no quiz")
    if os.environ.get("GC_FREEZE", "1") != "0":
        gc.collect()  # what warm-up left as garbage is not kept for the worker's life
        gc.freeze()
