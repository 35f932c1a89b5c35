"""Drafts in the browser editor: building a quiz, the validator's checks beside the fields, quotes
checked against the pasted platform, conflicts, limits, the log, publishing, and organisations."""

from __future__ import annotations

import re

from sqlalchemy import select

from quiz.editor import drafts
from quiz.store.editor import ChangeLog
from quiz.extensions import db
from quiz.store.models import QuizVersion
from tests.helpers.editor import CODED, PLATFORMS, STATEMENTS, Editor, signed_in_editor
from tests.helpers.forms import csrf, form_version


def test_an_editor_builds_a_quiz_from_pasted_platforms_and_publishes_it(app):
    editor = signed_in_editor(app)
    editor.build_quiz("exempelby", municipalities="Exempelby")
    overview = editor.get("/redaktion/q/exempelby/").get_data(as_text=True)
    assert "Partier (3 av högst 30)" in overview and "Påståenden (10 av högst 100)" in overview
    review = editor.get("/redaktion/q/exempelby/granska").get_data(as_text=True)
    assert "Fel som måste rättas" not in review and "Hur ofta hamnar varje parti först?" in review
    published = editor.post("/redaktion/q/exempelby/publicera", {}, form_page="/redaktion/q/exempelby/granska")
    assert published.headers["Location"].endswith("/redaktion/q/exempelby/publicerat")
    page = editor.get(published.headers["Location"]).get_data(as_text=True)
    assert "/embed/q/exempelby/" in page and "&lt;iframe" in page
    # A voter takes it, as any published quiz
    voter = app.test_client()
    intro = voter.get("/q/exempelby/")
    assert intro.status_code == 200 and "Kommunvalet i Exempelby" in intro.get_data(as_text=True)
    pq = app.extensions["catalog"].latest("exempelby")
    assert len(pq.statements) == 10 and [p.name for p in pq.parties] == [n for n, _ in PLATFORMS.values()]
    assert pq.position_of[("rod", "p2")].quote == "Skolan ska ha mindre klasser."
    assert pq.position_of[("rod", "p2")].value == 2
    assert ("bla", "p1") not in pq.position_of  # never coded: unknown
    assert "Kommunvalet i Exempelby" in voter.get("/").get_data(as_text=True)
    assert "exempelby" in {q["id"] for q in voter.get("/api/v1/quizzes").get_json()["quizzes"]}
    with app.app_context():
        actions = [row.action for row in db.session.execute(select(ChangeLog).order_by(ChangeLog.id)).scalars()]
    assert actions.count("position_set") == 9 and actions[-1] == "published"


def test_a_class_can_use_a_published_quiz(app):
    editor = signed_in_editor(app)
    editor.build_quiz("exempelby")
    editor.post("/redaktion/q/exempelby/publicera", {}, form_page="/redaktion/q/exempelby/granska")
    teacher = app.test_client()
    page = teacher.get("/larare").get_data(as_text=True)
    assert "Kommunvalet i Exempelby" in page
    created = teacher.post("/larare/ny", data={"csrf_token": csrf(page), "quiz": "exempelby", "kommun": "alla", "storlek": "25"})
    assert created.status_code in (302, 303)


def test_another_worker_finds_a_new_quiz_at_once_by_asking_the_database(make_app, stop_catalog_clock):
    first = make_app()
    other = make_app(CATALOG_REFRESH_SECONDS=3600)
    other.extensions["catalog"].refresh()
    editor = signed_in_editor(first)
    editor.build_quiz("exempelby")
    assert other.test_client().get("/q/exempelby/").status_code == 404  # refreshed this very second
    from quiz.store import catalog

    stop_catalog_clock(other.extensions["catalog"]._checked_at + catalog.UNKNOWN_QUIZ_RECHECK_SECONDS + 0.1)
    editor.post("/redaktion/q/exempelby/publicera", {}, form_page="/redaktion/q/exempelby/granska")
    found = other.test_client().get("/q/exempelby/")
    assert found.status_code == 200 and "10 påståenden" in found.get_data(as_text=True)


def test_the_validators_checks_are_shown_beside_the_field_and_what_was_typed_is_kept(app):
    editor = signed_in_editor(app)
    editor.new_quiz("exempelby")
    bad = editor.add_statement("exempelby", "Inte Ett Id", "Kommunen ska bygga fler hyresrätter.")
    assert bad.status_code == 400
    body = bad.get_data(as_text=True)
    assert re.search(r'aria-describedby="statement_id-error"[^>]*aria-invalid="true"', body)
    assert 'id="statement_id-error">Id:t får bara ha' in body
    assert "Kommunen ska bygga fler hyresrätter.</textarea>" in body
    color = editor.add_party("exempelby", "rod", "Röda", "Text.", color="röd")
    assert color.status_code == 400 and "Skriv färgen som #rrggbb." in color.get_data(as_text=True)


def test_a_quote_is_accepted_only_where_it_occurs_in_the_platform_and_its_place_is_shown(app):
    editor = signed_in_editor(app)
    editor.new_quiz("exempelby")
    editor.add_party("exempelby", "rod", "Röda partiet", PLATFORMS["rod"][1])
    editor.add_statement("exempelby", "p1", "Klasserna ska bli mindre.")
    invented = editor.set_position("exempelby", "rod", "p1", 2, "Skolan ska ha små klasser.")
    assert invented.status_code == 400
    body = invented.get_data(as_text=True)
    assert "Citatet finns inte i partiets programtext" in body and "Skolan ska ha små klasser.</textarea>" in body
    no_reason = editor.set_position("exempelby", "rod", "p1", 2, "Skolan ska ha mindre klasser.", justification="")
    assert "En känd ståndpunkt behöver en motivering." in no_reason.get_data(as_text=True)
    # Whitespace collapsed: the platform has three spaces and a line break around the words
    assert editor.set_position("exempelby", "rod", "p1", 2, "Skolan   ska ha\nmindre klasser.").status_code == 302
    page = editor.get("/redaktion/q/exempelby/partier/rod/stallning/p1").get_data(as_text=True)
    assert '<mark id="citat">Skolan ska ha   mindre klasser.</mark>' in page
    # Unknown needs no quote, and is the default
    assert editor.set_position("exempelby", "rod", "p1", None, "", justification="").status_code == 302


def test_two_editors_changing_one_item_get_a_conflict_never_a_silent_overwrite(app):
    first = signed_in_editor(app, "a@example.se")
    second = signed_in_editor(app, "b@example.se")
    first.new_quiz("exempelby")
    first.add_statement("exempelby", "p1", "Första lydelsen.")
    url = "/redaktion/q/exempelby/pastaenden/p1"
    page_a, page_b = first.get(url).get_data(as_text=True), second.get(url).get_data(as_text=True)
    base = {"statement_id": "p1", "topic": "", "direction": "", "background": ""}
    saved = first.client.post(url, data={**base, "csrf_token": csrf(page_a), "version": form_version(page_a),
                                         "text": "Lydelse A."})
    assert saved.status_code == 302
    late = second.client.post(url, data={**base, "csrf_token": csrf(page_b), "version": form_version(page_b),
                                         "text": "Lydelse B."})
    assert late.status_code == 409
    body = late.get_data(as_text=True)
    assert "Någon annan har sparat ändringar här" in body and "Lydelse B.</textarea>" in body and "Lydelse A." in body
    with app.app_context():
        assert drafts.statement(drafts.draft_of(1, "exempelby"), "p1").text == "Lydelse A."
    again = second.client.post(url, data={**base, "csrf_token": csrf(body), "version": form_version(body),
                                          "text": "Lydelse B."})
    assert again.status_code == 302  # now knowingly


def test_statements_are_reordered_with_buttons(app):
    editor = signed_in_editor(app)
    editor.new_quiz("exempelby")
    for i in (1, 2, 3):
        editor.add_statement("exempelby", f"p{i}", STATEMENTS[i])
    editor.post("/redaktion/q/exempelby/pastaenden/p3/flytta", {"steg": "-1"})
    with app.app_context():
        assert [s.statement_id for s in drafts.statements(drafts.draft_of(1, "exempelby"))] == ["p1", "p3", "p2"]
    assert editor.post("/redaktion/q/exempelby/pastaenden/p3/flytta", {"steg": "7"}).status_code == 400


def test_limits_parties_and_platform_size_and_the_voter_path_keeps_its_64_kib(app, monkeypatch):
    editor = signed_in_editor(app)
    editor.new_quiz("exempelby")
    big = ("Ett långt program. " * 50_000)[:900_000]
    response = editor.add_party("exempelby", "rod", "Röda", big)
    assert response.status_code == 302  # 900 kB of platform text: over the voter path's 64 KiB
    too_big = editor.add_party("exempelby", "bla", "Blå", "x" * (drafts.MAX_SOURCE_BYTES + 1))
    assert too_big.status_code == 400 and "större än 1000 kB" in too_big.get_data(as_text=True)
    monkeypatch.setattr(drafts, "MAX_PARTIES", 1)
    refused = editor.add_party("exempelby", "gron", "Gröna", "Text.")
    assert refused.status_code == 400 and "högst 1 partier" in refused.get_data(as_text=True)
    assert app.test_client().post("/klass", data={"kod": "x" * 100_000}).status_code == 413
    assert editor.client.post("/redaktion/nytt", data={"title": "x" * 100_000}).status_code == 413


def test_a_file_managed_or_another_organisations_quiz_id_is_refused(app):
    editor = signed_in_editor(app)
    taken = editor.new_quiz("mini")
    assert taken.status_code == 400 and "hanteras som filer" in taken.get_data(as_text=True)
    editor.new_quiz("exempelby")
    other = signed_in_editor(app, "o@example.se", org="Skolan")
    refused = other.new_quiz("exempelby")
    assert refused.status_code == 400 and "annan organisation" in refused.get_data(as_text=True)


def test_an_unlisted_quiz_opens_by_link_but_is_on_no_list(app):
    editor = signed_in_editor(app)
    editor.build_quiz("exempelby")
    page = editor.get("/redaktion/q/exempelby/").get_data(as_text=True)
    editor.client.post("/redaktion/q/exempelby/installningar", data={
        "csrf_token": csrf(page), "version": form_version(page), "title": "Kommunvalet i Exempelby",
        "description": "", "topics": "", "municipalities": "", "unlisted": "y"})
    editor.post("/redaktion/q/exempelby/publicera", {}, form_page="/redaktion/q/exempelby/granska")
    voter = app.test_client()
    assert voter.get("/q/exempelby/").status_code == 200
    published = editor.get("/redaktion/q/exempelby/publicerat").get_data(as_text=True)
    assert "/embed/q/exempelby/" in published and "/badda-in?quiz=exempelby" not in published  # no list offers it
    assert "Kommunvalet i Exempelby" not in voter.get("/").get_data(as_text=True)
    assert "exempelby" not in {q["id"] for q in voter.get("/api/v1/quizzes").get_json()["quizzes"]}
    with app.app_context():
        assert db.session.execute(select(QuizVersion.unlisted).where(QuizVersion.quiz_id == "exempelby")).scalar()


def test_a_draft_with_errors_is_not_published(app):
    editor = signed_in_editor(app)
    editor.new_quiz("exempelby")
    review = editor.get("/redaktion/q/exempelby/granska").get_data(as_text=True)
    assert "Fel som måste rättas" in review and 'action="/redaktion/q/exempelby/publicera"' not in review
    editor.post("/redaktion/q/exempelby/publicera", {}, form_page="/redaktion/q/exempelby/granska")
    with app.app_context():
        assert db.session.execute(select(QuizVersion).where(QuizVersion.quiz_id == "exempelby")).first() is None


EVERY_DRAFT_ROUTE = [
    ("get", "/redaktion/q/exempelby/"),
    ("post", "/redaktion/q/exempelby/installningar"),
    ("get", "/redaktion/q/exempelby/partier/ny"),
    ("post", "/redaktion/q/exempelby/partier/ny"),
    ("get", "/redaktion/q/exempelby/partier/rod"),
    ("post", "/redaktion/q/exempelby/partier/rod"),
    ("get", "/redaktion/q/exempelby/partier/rod/stallning"),
    ("get", "/redaktion/q/exempelby/partier/rod/stallning/p1"),
    ("post", "/redaktion/q/exempelby/partier/rod/stallning/p1"),
    ("get", "/redaktion/q/exempelby/pastaenden/nytt"),
    ("post", "/redaktion/q/exempelby/pastaenden/nytt"),
    ("get", "/redaktion/q/exempelby/pastaenden/p1"),
    ("post", "/redaktion/q/exempelby/pastaenden/p1"),
    ("post", "/redaktion/q/exempelby/pastaenden/p1/flytta"),
    ("get", "/redaktion/q/exempelby/granska"),
    ("post", "/redaktion/q/exempelby/publicera"),
    ("get", "/redaktion/q/exempelby/publicerat"),
    ("get", "/redaktion/q/exempelby/export.json"),
    ("get", "/redaktion/q/exempelby/export.zip"),
]


def test_another_organisations_quiz_is_a_404_on_every_route(app):
    owner = signed_in_editor(app)
    owner.build_quiz("exempelby")
    owner.post("/redaktion/q/exempelby/publicera", {}, form_page="/redaktion/q/exempelby/granska")
    stranger = signed_in_editor(app, "o@example.se", org="Skolan", admin=True)
    token = csrf(stranger.get("/redaktion/").get_data(as_text=True))
    for method, url in EVERY_DRAFT_ROUTE:
        response = getattr(stranger.client, method)(url, data={"csrf_token": token, "steg": "1"} if method == "post" else None)
        assert response.status_code == 404, (method, url, response.status_code)
    assert owner.get("/redaktion/q/exempelby/partier/rod").status_code == 200


def test_signed_out_every_route_leads_to_the_sign_in(app):
    owner = signed_in_editor(app)
    owner.build_quiz("exempelby")
    anyone = app.test_client()
    for method, url in EVERY_DRAFT_ROUTE + [("get", "/redaktion/"), ("get", "/redaktion/konton"), ("post", "/redaktion/importera")]:
        response = getattr(anyone, method)(url)
        assert response.status_code in (302, 400), (method, url)  # a POST without a token is refused first
        if response.status_code == 302:
            assert "/redaktion/logga-in" in response.headers["Location"]


def test_every_draft_change_is_in_the_log(app):
    admin = signed_in_editor(app, admin=True)
    admin.build_quiz("exempelby")
    rows = admin.get("/redaktion/logg.json").get_json()
    actions = [r["action"] for r in rows]
    assert actions.count("party_added") == 3 and actions.count("statement_added") == 10
    assert all(r["actor"] == "red@example.se" for r in rows)
    assert any(r["target"] == "exempelby/rod/p1" and r["detail"]["value"] == 2 for r in rows)


def test_an_editor_is_an_editor_only_of_drafts_not_accounts(app):
    editor = signed_in_editor(app)
    assert isinstance(editor, Editor)
    assert editor.get("/redaktion/konton").status_code == 404


def test_a_save_sent_as_the_editor_types_answers_json_with_the_new_version(app):
    editor = signed_in_editor(app)
    editor.new_quiz("exempelby")
    editor.add_statement("exempelby", "p1", "Första lydelsen.")
    url = "/redaktion/q/exempelby/pastaenden/p1"
    page = editor.get(url).get_data(as_text=True)
    assert 'data-autosave="autosave-status"' in page and "editor-autosave.js" in page
    form = {"csrf_token": csrf(page), "statement_id": "p1", "topic": "", "direction": "", "background": ""}
    first = editor.client.post(url, data={**form, "version": form_version(page), "text": "Andra."},
                               headers={"X-Autosave": "1"})
    assert first.status_code == 200 and first.get_json() == {"saved": True, "version": 2}
    second = editor.client.post(url, data={**form, "version": "2", "text": "Tredje."}, headers={"X-Autosave": "1"})
    assert second.get_json()["version"] == 3
    stale = editor.client.post(url, data={**form, "version": "2", "text": "Gammal."}, headers={"X-Autosave": "1"})
    assert stale.status_code == 409 and stale.get_json()["conflict"] is True
    assert "Någon annan har sparat" in stale.get_json()["message"]
    bad = editor.client.post(url, data={**form, "version": "3", "text": ""}, headers={"X-Autosave": "1"})
    assert bad.status_code == 400 and bad.get_json()["saved"] is False
    with app.app_context():
        assert drafts.statement(drafts.draft_of(1, "exempelby"), "p1").text == "Tredje."


JUNK_VALUES = ["", "x" * 5000, "-1", "999999999999", "0", "<script>", "../../etc", "\x00", "ä" * 70, "1.5", "y"]


def test_a_signed_in_editor_sending_junk_to_every_route_gets_4xx_never_5xx(app):
    """Every /redaktion/ rule, with junk in every field the editor's forms have and in the URL."""
    editor = signed_in_editor(app, admin=True)
    editor.build_quiz("exempelby")
    token = csrf(editor.get("/redaktion/").get_data(as_text=True))
    fields = ["quiz_id", "title", "description", "scale", "topics", "municipalities", "version", "party_id", "name",
              "short_name", "municipality", "color", "source_title", "source_url", "source_captured", "source_text",
              "statement_id", "text", "topic", "background", "easy", "text_en", "direction", "value", "basis",
              "justification", "quote", "steg", "role", "unlisted", "code", "email", "password", "password2"]
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/redaktion") and r.endpoint != "editor.signout"]
    failures = []
    for rule in rules:
        for junk in JUNK_VALUES[:6]:
            values = {"quiz_id": "exempelby", "party_id": "rod", "statement_id": "p1", "token": "x"}
            if junk and rule.arguments:
                values = {k: (junk if i == 0 else v) for i, (k, v) in enumerate(values.items())}
            url = rule.rule
            for name in rule.arguments:
                url = url.replace(f"<{name}>", str(values.get(name, "x"))[:300] or "x")
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                data = {"csrf_token": token, **{f: junk for f in fields}} if method == "POST" else None
                response = getattr(editor.client, method.lower())(url, data=data)
                if response.status_code >= 500:
                    failures.append((method, url[:80], repr(junk[:10]), response.status_code))
    assert failures == []
    # still signed in (the junk's sign-in and invitation posts changed nothing), the draft still there
    review = editor.get("/redaktion/q/exempelby/granska")
    assert review.status_code == 200 and "Fel som måste rättas" not in review.get_data(as_text=True)


def test_the_review_shows_the_audit_per_municipality(app):
    editor = signed_in_editor(app)
    editor.new_quiz("tvakommuner", municipalities="Norrby\nSöderby")
    for (party_id, (name, text)), place in zip(PLATFORMS.items(), ("Norrby", "Norrby", "Söderby")):
        assert editor.add_party("tvakommuner", party_id, name, text, municipality=place).status_code == 302
    for i, text in enumerate(STATEMENTS[:4], start=1):
        editor.add_statement("tvakommuner", f"p{i}", text)
    for party_id, number, value, quote in CODED:
        if number <= 4:
            editor.set_position("tvakommuner", party_id, f"p{number}", value, quote)
    review = editor.get("/redaktion/q/tvakommuner/granska").get_data(as_text=True)
    assert 'data-municipality="Norrby"' in review  # the method page's per-municipality table
    assert "Söderby" in review and "ett enda parti" in review
    assert editor.add_party("tvakommuner", "lila", "Lila", "Text.", municipality="Västerby").status_code == 400
