"""Free text a visitor chooses is a hole, not a key (issue 20, point 10; quiz/web/holes.py).

Many distinct embed theme names (and colours, and class codes) build no new result-page parts or
skeletons and grow no memory, the bytes of every page are exactly those of a page rendered for
that visitor alone, and the memory bound counts what the parts really hold.
"""

from __future__ import annotations

from contextlib import nullcontext

from quiz.web import holes, memory
from quiz.voter.result_page import RESULT_PARTS
from quiz.voter.statement_page import STATEMENT_PAGES
from tests.helpers.forms import checked

NAMES = ['Tidningen & Co "Nyheter" <b>', "Östra Smålands tidning", "a+b=c?d/e#f's", "Ü 100% 😀", "  Två   mellanslag "]
COLORS = ["", "#005a9c", "#0B5CAD"]


def voter_pages(client, pq, query: dict) -> list[bytes]:
    """The answer step, the result and the editor inside the embed, and the result on the site."""
    state = checked("eb-.", pq.version)
    form = {**query, "state": state}
    return [
        client.post(f"/embed/q/mini/{pq.version}/svar", data={**form, "position": "2", "answer": "1"}).data,
        client.post(f"/embed/q/mini/{pq.version}/resultat", data=form).data,
        client.post(f"/embed/q/mini/{pq.version}/resultat", data={**form, "kommun": "solna"}).data,
        client.post(f"/q/mini/{pq.version}/svar", data={**form, "position": "1", "answer": "-1"}).data,
        client.post(f"/q/mini/{pq.version}/resultat", data=form).data,
    ]


def without_holes(monkeypatch):
    """Render every page with the visitor's own values, as before quiz/web/holes.py."""
    monkeypatch.setattr(holes, "shape", lambda context: context)
    monkeypatch.setattr(holes, "placeholders", lambda context: nullcontext())
    monkeypatch.setattr(holes, "holes", lambda html: html)
    monkeypatch.setattr(holes, "values", lambda context: {})


def test_pages_filled_with_free_text_are_the_bytes_of_pages_rendered_for_it_alone(make_app, monkeypatch):
    warm = make_app()
    pq = warm.extensions["catalog"].latest("mini")
    warm_client = warm.test_client()
    voter_pages(warm_client, pq, {"namn": "Förra besökarens tidning", "farg": "#222222", "klass": "KMN479"})
    cases = [{"namn": n, "farg": c} for n in NAMES for c in COLORS[:2]] + [
        {"farg": COLORS[2]}, {"klass": "ACD347"}, {"klass": "acd-347", "namn": NAMES[0]}, {}]
    expected = {}
    with monkeypatch.context() as m:
        without_holes(m)
        for i, query in enumerate(cases):
            alone = make_app(imported=False)  # a fresh process: its memory never saw another visitor
            expected[i] = voter_pages(alone.test_client(), pq, query)
    for i, query in enumerate(cases):
        got = voter_pages(warm_client, pq, query)
        assert got == expected[i], query
        if query.get("namn", "").strip():
            assert holes.PLACEHOLDERS["name"].encode() not in got[1]


def test_many_distinct_theme_names_build_nothing_new_and_grow_no_memory(make_app):
    app = make_app()
    pq = app.extensions["catalog"].latest("mini")
    client = app.test_client()

    def kept() -> dict[str, tuple[int, int]]:
        return {kind: (len(app.extensions.get(kind, {})), getattr(app.extensions.get(kind), "nbytes", 0))
                for kind in (RESULT_PARTS, STATEMENT_PAGES)}

    voter_pages(client, pq, {"namn": "Första tidningen", "farg": "#005a9c", "klass": "ACD347"})
    before = kept()
    for n in range(40):
        pages = voter_pages(client, pq, {"namn": f"Tidning nummer {n}", "farg": f"#00{n:02d}9c", "klass": "ACD347"})
        assert f"Tidning nummer {n}".encode() in pages[1]
    assert kept() == before
    assert before[RESULT_PARTS][0] == 2  # one set of parts for the embed and one for the site, whatever the names


def test_the_memory_bound_counts_the_bytes_the_result_parts_hold(make_app):
    app = make_app()
    pq = app.extensions["catalog"].latest("mini")
    app.test_client().post(f"/q/mini/{pq.version}/resultat", data={"state": checked("eb-.", pq.version)})
    store = app.extensions[RESULT_PARTS]
    (parts,) = store.values()
    held = sum(len(piece) for block in parts.comparison for pieces in block.values() for piece in pieces)
    assert store.nbytes >= held > 10_000  # it counted 48 bytes (the object itself) before
    assert memory.size_of(parts) < 50 * held  # the quiz version and the templates it shares are not counted


def test_a_class_code_is_a_hole_too(make_app):
    app = make_app()
    pq = app.extensions["catalog"].latest("mini")
    client = app.test_client()
    for code in ("ACD347", "KMN479", "CDF349"):
        page = client.post(f"/q/mini/{pq.version}/svar", data={"state": checked("eb-.", pq.version), "position": "1",
                                                               "answer": "1", "klass": code}).data
        assert f'value="{code}"'.encode() in page
    assert len(app.extensions[STATEMENT_PAGES]) == 1
