"""What a worker does once, before its first voter: load the catalog, and build and render each
quiz's latest version as a voter in the default reading meets it (statement page, result page for
every municipality, method and charts pages).

Why: each of these is built on first use and then kept (``quiz.web.memory``, the catalog), so without
this the first voter of every worker waits for it (about 0.5 s for the method page, 0.2 s for the
result page). Other readings (English, lättläst, an embed's theme) are still built on first use.
Requests go through the app itself, so exactly what a voter's request would keep is kept; nothing
is logged or stored (the voter path writes nothing), and a failure only leaves the work to the
first voter.
"""

from __future__ import annotations

import time

from flask import Flask

from .metrics import NOT_COUNTED


def warm(app: Flask) -> dict[str, float]:
    """Build and render each latest quiz version once; the seconds each quiz took, by quiz id."""
    client = app.test_client()
    client.environ_base[NOT_COUNTED] = True  # no voter's request: kept out of /metrics
    base = f"http://{canonical_host(app)}"
    taken: dict[str, float] = {}
    try:
        quizzes = app.extensions["catalog"].quizzes()
    except Exception:  # the database may be down or empty at start: the first voter does the work
        app.logger.warning("warm-up: no quiz catalog yet", exc_info=True)
        return taken
    for pq in quizzes:
        started = time.perf_counter()
        try:
            _visit(client, base, pq)
        except Exception:
            app.logger.warning("warm-up of %s/%s failed; its first voter builds it", pq.id, pq.version, exc_info=True)
        taken[pq.id] = time.perf_counter() - started
    return taken


def _visit(client, base: str, pq) -> None:
    middle = pq.quiz.scale_values[len(pq.quiz.scale_values) // 2]
    answers = pq.no_answers()
    for index in range(len(pq.statements)):
        answers = answers.with_answer(index, middle)
    state = answers.encode()
    root = f"{base}/q/{pq.id}/{pq.version}"
    pages = [("GET", f"{base}/q/{pq.id}/", None), ("GET", f"{root}/1?kommun=alla", None)]
    for municipality in ("alla", *pq.municipality_slugs):
        pages.append(("POST", f"{root}/resultat", {"state": state, "kommun": municipality}))
    pages += [
        ("POST", f"{root}/svar", {"state": state, "position": "1", "answer": str(middle), "kommun": "alla"}),
        ("POST", f"{root}/metod", {"state": state, "kommun": "alla"}),
        ("POST", f"{root}/diagram", {"state": state, "kommun": "alla"}),
    ]
    for method, url, form in pages:
        response = client.open(url, method=method, data=form)
        if response.status_code != 200:
            raise RuntimeError(f"{method} {url}: {response.status_code}")


def canonical_host(app: Flask) -> str:
    """The host voters' requests name: ``SERVER_NAME``, else the first trusted host name."""
    if app.config.get("SERVER_NAME"):
        return app.config["SERVER_NAME"]
    return next((h for h in app.config["TRUSTED_HOSTS"] if not h.startswith(".")), "localhost")
