"""A gunicorn worker builds and renders every quiz once before its first voter (quiz/web/warmup.py),
so that voter does not wait for it; what it keeps is what a voter's own request would keep."""

import gc
import runpy
from types import SimpleNamespace

import pytest

from quiz.web import memory
from quiz.web.warmup import warm
from tests.conftest import ROOT
from tests.helpers.forms import checked


@pytest.fixture(autouse=True)
def unfrozen():
    """The hook freezes what the app built (gc.freeze): the next test starts with nothing frozen."""
    gc.unfreeze()
    yield
    gc.unfreeze()


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


def test_what_a_worker_built_before_its_first_voter_is_out_of_the_collectors_reach(make_app, mini, monkeypatch):
    """A full collection walked every pre-rendered part again, a 70-100 ms stop of the worker under
    load (benchmarks/gc_pauses.py): after warm-up the worker freezes them; GC_FREEZE=0 does not."""
    log = SimpleNamespace(info=lambda *args: None)
    hook = runpy.run_path(str(ROOT / "gunicorn.conf.py"))["post_worker_init"]
    monkeypatch.setenv("GC_FREEZE", "0")
    hook(SimpleNamespace(log=log, wsgi=make_app()))
    assert gc.get_freeze_count() == 0

    monkeypatch.delenv("GC_FREEZE")
    app = make_app()
    hook(SimpleNamespace(log=log, wsgi=app))
    parts = next(iter(app.extensions["result_parts"].values()))
    assert gc.get_freeze_count() > 0
    assert not any(o is parts for o in gc.get_objects())  # the collector no longer walks them

    # Still the same pages for the first voter.
    page = app.test_client().post(f"/q/mini/{mini.version}/resultat", data={"state": checked("eA-c", mini.version), "kommun": "alla"})
    assert page.status_code == 200 and b"compare-list" in page.data
