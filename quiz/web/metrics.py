"""``/metrics``: request counts and latency histograms per route, in Prometheus' text format.

Why this shape:

* **Labelled by route, never by path.** Paths carry a voter's answers (share links
  ``/r/<quiz>/<version>/<answers>``), teachers' links and class codes; the label is the URL rule
  (``/r/<quiz_id>/<version>/<answers>``, the pattern, not its values), the method and the status.
  A request that matches no rule is ``<unmatched>``. So the set of series is fixed by the code, and
  nothing a client writes becomes a label.
* **Not public.** Served only when ``METRICS_TOKEN`` is set, and then only to a request with
  ``Authorization: Bearer <token>``; without the setting there is no such route (404), with a wrong
  or missing token a 404 too, so a scanner cannot even tell it is there. The nginx in front denies
  the path as well (docs/DEPLOY.md): Prometheus scrapes each app host on the private network.
* **Many processes.** Under gunicorn each worker writes its values to files in
  ``PROMETHEUS_MULTIPROC_DIR`` (set up, emptied and cleaned by gunicorn.conf.py's hooks), and a scrape
  of any worker adds up every worker of the host (prometheus_client's multi-process mode). Without
  the variable (``flask run``, the tests) the values live in the process.
* **Cheap on the hot path.** Off by default (no hook at all). On: one hook before and one after each
  request, a dict look-up for the (route, method, status) series and one observation in a histogram
  of few buckets, whose ``_count`` is the request count (docs/BENCHMARKS.md has the cost per request).
* **Everything counted.** A response served without Flask's hooks calls
  ``app.extensions["metrics"](rule, method, status, seconds)`` (absent when off). The warm-up's
  own requests (quiz.web.warmup) are not counted.
"""

from __future__ import annotations

import hmac
import os
from time import perf_counter

from flask import Flask, Response, abort, current_app, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest

# Seconds. Few buckets: each is a value per series and worker, written on every observation's scrape.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, float("inf"))
UNMATCHED = "<unmatched>"
_STARTED = "valkompass.metrics.started"
NOT_COUNTED = "valkompass.metrics.not_counted"  # in a request's environ: the warm-up's own (quiz.web.warmup)


def multiprocess() -> bool:
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


def init_metrics(app: Flask) -> None:
    """Count and time every request, and serve ``/metrics`` to the token, when ``METRICS_TOKEN`` is set."""
    token = app.config.get("METRICS_TOKEN") or ""
    if not token:
        return
    # In multi-process mode the values go to files, read back by MultiProcessCollector per scrape;
    # the metrics then belong to no registry. In one process they belong to this app's own registry
    # (not the global one: the tests create many apps in one process).
    registry = None if multiprocess() else CollectorRegistry(auto_describe=True)
    # One histogram: its _count per series is the request count, so a request costs one observation.
    latency = Histogram("valkompass_http_request_duration_seconds",
                        "Requests answered and the time from the first hook to the last, by route, method and status.",
                        ("route", "method", "status"), buckets=BUCKETS, registry=registry)
    children: dict[tuple, object] = {}

    def start() -> None:
        request.environ[_STARTED] = perf_counter()

    def finish(response: Response) -> Response:
        req = request._get_current_object()  # once: each read through the proxy costs about 1 µs
        environ = req.environ
        if NOT_COUNTED in environ:
            return response
        rule = req.url_rule
        key = (rule.rule if rule is not None else UNMATCHED, req.method, response.status_code)
        child = children.get(key)
        if child is None:  # first time for this route, method and status in this process
            child = children[key] = latency.labels(key[0], key[1], str(key[2]))
        now = perf_counter()
        child.observe(now - environ.get(_STARTED, now))
        return response

    def record(route: str, method: str, status: int, seconds: float) -> None:
        """For a response served without Flask's hooks (e.g. one kept whole and served before
        Flask): counted like any other, under its URL rule."""
        key = (route, method, status)
        child = children.get(key)
        if child is None:
            child = children[key] = latency.labels(route, method, str(status))
        child.observe(seconds)

    app.extensions["metrics"] = record
    # First before any other hook (one that answers early skips those after it), last after all.
    app.before_request_funcs.setdefault(None, []).insert(0, start)
    app.after_request_funcs.setdefault(None, []).insert(0, finish)

    def metrics():
        if not scrape_allowed():
            abort(404)
        if registry is None:
            from prometheus_client import multiprocess as mp

            scraped = CollectorRegistry()
            mp.MultiProcessCollector(scraped)
        else:
            scraped = registry
        return Response(generate_latest(scraped), headers={"Content-Type": CONTENT_TYPE_LATEST,
                                                           "Cache-Control": "no-store"})

    app.add_url_rule("/metrics", "metrics", metrics)


def scrape_allowed() -> bool:
    """The request bears ``Authorization: Bearer <METRICS_TOKEN>`` (and the token is set)."""
    token = current_app.config.get("METRICS_TOKEN") or ""
    given = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(given.encode(), f"Bearer {token}".encode())
