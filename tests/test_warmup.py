"""A gunicorn worker builds and renders every quiz once before its first voter (quiz/web/warmup.py),
so that voter does not wait for it; what it keeps is what a voter's own request would keep."""

import runpy
from types import SimpleNamespace

from quiz.web import memory
from quiz.web.warmup import warm
from tests.conftest import ROOT
from tests.helpers.forms import checked


def kept(app) -> dict[str, int]:
    return {kind: len(app.extensions.get(kind) or ()) for kind in memory.KINDS}


def test_a_worker_renders_every_quiz_before_its_first_voter(make_app, mini):
    app = make_app()
    assert not any(kept(app).values())
    logged = []
    worker = SimpleNamespace(wsgi=app, log=SimpleNamespace(info=lambda *args: logged.append(args)))
    runpy.run_path(str(ROOT / "gunicorn.conf.py"))["post_worker_init"](worker)
    after_warm_up = kept(app)
    for kind in ("result_parts", "method_pages", "method_lines"):
        assert after_warm_up.get(kind), f"{kind} is left for the first voter"
    assert "mini" in logged[0][1]

    # The first voter, in the default reading, finds everything built: nothing new is kept.
    client = app.test_client()
    for url in (f"/q/mini/{mini.version}/resultat", f"/q/mini/{mini.version}/metod", f"/q/mini/{mini.version}/diagram"):
        assert client.post(url, data={"state": checked("eA-c", mini.version), "kommun": "alla"}).status_code == 200
    assert kept(app) == after_warm_up


def test_a_database_without_quizzes_leaves_the_work_to_the_first_voter(make_app):
    app = make_app(imported=False)
    assert warm(app) == {}
    assert app.test_client().get("/healthz").status_code == 200
