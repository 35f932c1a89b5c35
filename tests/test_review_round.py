"""The parties' review round (issue 24) through the test client, on SQLite and PostgreSQL:
opening a round, a party's private page, the editor's decisions, publishing, and the boundaries."""

from __future__ import annotations

import json

from quiz.extensions import db
from quiz.store.review import ReviewLink
from tests.helpers.forms import csrf
from tests.helpers.review import QUIZ, Party, build, decide, lila_answers, open_round


def published_document(app) -> dict:
    from quiz.store.catalog import current_catalog

    with app.test_request_context():
        pq = current_catalog().latest(QUIZ)
        from quiz.content.exchange import to_export

        return to_export(pq.quiz, pq.version)


def test_the_walk_from_opening_to_publishing(app):
    editor = build(app)
    links = open_round(editor)
    assert set(links) == {"rod", "bla", "gron", "lila"}
    with app.app_context():  # only the hash of each token is stored
        hashes = {row.token_hash for row in db.session.query(ReviewLink)}
    assert not any(link.rsplit("/", 1)[1] in hashes for link in links.values())
    assert all(len(link.rsplit("/", 1)[1]) >= 32 for link in links.values())

    party = Party(app.test_client(), links["lila"])
    page = party.page()
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    assert "Så har vi läst ert program" in html and "Ert program säger inget om detta" in html
    assert "redaktionen har sista ordet" in html.lower() or "Redaktionen har sista ordet" in html
    # a correction without a reason is refused beside its field
    missing = party.answer("p4", "-1")
    assert missing.status_code == 400 and 'aria-invalid="true"' in missing.get_data(as_text=True)
    token = csrf(party.page().get_data(as_text=True))
    lila_answers(party)
    locked = party.answer("p9", "1", reason="För sent.", token=token)
    assert locked.status_code == 409
    assert "Svaren är låsta" in locked.get_data(as_text=True)

    status = app.test_cli_runner().invoke(args=["quiz", "review", "status", QUIZ])
    assert status.exit_code == 0, status.output
    assert "lila" in status.output and "answered   8 of 10" in status.output and "5 to decide" in status.output

    overview = editor.get(f"/redaktion/q/{QUIZ}/partigranskning/parti/lila").get_data(as_text=True)
    assert overview.count("Motsäger vår läsning") == 2  # p4: 1 → -1 (other side), p5: 1 → -2
    kept = decide(editor, "lila", "p5", "keep")
    assert kept.status_code == 400 and "Skriv varför vi behåller" in kept.get_data(as_text=True)
    for sid in ("p4", "p6", "p7", "p8"):
        assert decide(editor, "lila", sid, "accept").status_code == 302
    assert decide(editor, "lila", "p5", "keep", "Programmet säger uttryckligen att privat vård ska finnas.").status_code == 302

    review_page = editor.get(f"/redaktion/q/{QUIZ}/granska").get_data(as_text=True)
    publish = editor.post(f"/redaktion/q/{QUIZ}/publicera", {}, form_page=f"/redaktion/q/{QUIZ}/granska")
    assert publish.status_code == 302 and "publicerat" in publish.headers["Location"], review_page

    document = published_document(app)
    review = {(p["party"], p["statement"]): p for p in document["positions"]}
    assert review[("lila", "p1")]["review"] == {"state": "confirmed", "source": "both", "answer": 2, "coded": 2}
    assert review[("lila", "p4")]["value"] == -1 and review[("lila", "p4")]["review"]["state"] == "answered"
    assert review[("lila", "p5")]["value"] == 1 and review[("lila", "p5")]["review"]["state"] == "objected"
    assert review[("lila", "p5")]["review"]["note"].startswith("Programmet säger")
    assert review[("lila", "p6")]["review"]["priority"] is True and review[("lila", "p6")]["value"] == 2
    assert review[("lila", "p7")]["value"] is None and review[("lila", "p7")]["review"]["abstain"] is True
    assert review[("lila", "p8")]["review"]["reason_en"] == "Free public transport for the young."
    assert review[("lila", "p9")]["review"]["state"] == "no_reply"
    assert review[("rod", "p1")]["value"] == 2 and review[("rod", "p1")]["review"]["state"] == "no_reply"

    # the voter's result shows the party's answer and reason; a party that never answered says so
    from tests.helpers.forms import checked

    version = document["version"]
    result = app.test_client().get(f"/r/{QUIZ}/{version}/{checked('e' * 10, version)}?lang=sv")
    html = result.get_data(as_text=True)
    assert result.status_code == 200
    assert "LocalText" not in html and "Partiets svar: <b>Delvis emot</b>" in html
    assert "Partiets svar:" in html and "Resurserna ska gå till socialtjänsten, inte polisen." in html
    assert "Partiet invände:" in html and "Programmet säger uttryckligen att privat vård ska finnas." in html
    assert "Ur programmet, bekräftat av partiet." in html
    assert "Från programmet, partiet har inte svarat." in html and "Partiet har inte svarat." in html
    assert "vill inte ta ställning" in html and "Det avgör skolorna själva." in html
    english = app.test_client().get(f"/r/{QUIZ}/{version}/{checked('e' * 10, version)}?lang=en").get_data(as_text=True)
    assert '<span lang="en">Free public transport for the young.</span>' in english
    assert '<span lang="sv">Resurserna ska gå till socialtjänsten, inte polisen.</span>' in english

    # "Så svarade partierna": the page, the CSV and the JSON; the start and method pages say who took part
    page = app.test_client().get(f"/q/{QUIZ}/{version}/partiernas-svar").get_data(as_text=True)
    assert "Lila partiet: svarade på 8 av 10" in page and "Röda partiet: har inte svarat" in page
    assert "Det avgör skolorna själva." in page and "CC BY 4.0" in page and "LocalText" not in page
    import csv
    import io

    table = list(csv.DictReader(io.StringIO(app.test_client().get(f"/q/{QUIZ}/{version}/partiernas-svar.csv").get_data(as_text=True))))
    assert len(table) == 40
    lila_p5 = next(r for r in table if r["party"] == "lila" and r["statement"] == "p5")
    assert lila_p5["review_state"] == "objected" and lila_p5["party_answer"] == "-2" and lila_p5["published_value"] == "1"
    data = app.test_client().get(f"/q/{QUIZ}/{version}/partiernas-svar.json").get_json()
    assert data["licence"]["name"] == "CC BY 4.0" and data["format"] == "valkompass/1"
    method = app.test_client().get(f"/q/{QUIZ}/{version}/metod").get_data(as_text=True)
    assert "svarade på 8 av 10" in method and "partiet har inte svarat" in method
    assert "ur partiets svar" in method  # the audit's coverage by source
    assert "svarade på 8 av 10" in app.test_client().get(f"/q/{QUIZ}/").get_data(as_text=True)


def test_links_reach_only_their_own_party_and_die_when_revoked_or_reissued(app):
    editor = build(app)
    links = open_round(editor)
    lila, rod = Party(app.test_client(), links["lila"]), Party(app.test_client(), links["rod"])
    assert "Lila partiet" in lila.page().get_data(as_text=True)
    assert "Lila partiet" not in rod.page().get_data(as_text=True)
    assert lila.answer("p6", "2", reason="Viktigt för oss.").status_code == 302
    assert "Viktigt för oss." not in rod.page().get_data(as_text=True)
    # unknown token: 404; a token of the right shape but wrong: 404
    assert app.test_client().get("/granska/" + "A" * 32).status_code == 404
    assert app.test_client().get("/granska/x").status_code == 404
    # revoked: 410; a new link works, the old one is unknown
    base = f"/redaktion/q/{QUIZ}/partigranskning/"
    assert editor.post(base + "parti/rod/aterkalla", {}, form_page=base).status_code == 302
    assert rod.page().status_code == 410
    again = editor.post(base + "parti/rod/ny-lank", {}, form_page=base)
    new = "/granska/" + again.get_data(as_text=True).split("/granska/")[1].split("<")[0]
    assert app.test_client().get(new).status_code == 200
    assert rod.page().status_code == 404


def test_another_organisations_editor_gets_404_everywhere(app):
    editor = build(app)
    links = open_round(editor)
    from tests.helpers.editor import signed_in_editor

    other = signed_in_editor(app, email="annan@example.se", org="Annan tidning")
    base = f"/redaktion/q/{QUIZ}/partigranskning"
    for url in (base + "/", base + "/parti/lila"):
        assert other.get(url).status_code == 404
    token = csrf(other.get("/redaktion/").get_data(as_text=True))
    for url in (base + "/oppna", base + "/stang", base + "/parti/lila/ny-lank", base + "/parti/lila/aterkalla",
                base + "/parti/lila/oppna-igen", base + "/parti/lila/p1/beslut"):
        assert other.client.post(url, data={"csrf_token": token, "deadline": "2099-01-01", "decision": "accept"}).status_code == 404
    # the party's own link does not open the editor's pages
    party = Party(app.test_client(), links["lila"])
    assert party.client.get(base + "/").status_code == 302  # to the sign-in


def test_a_changed_statement_reopens_the_round_and_is_shown(app):
    editor = build(app)
    links = open_round(editor)
    party = Party(app.test_client(), links["lila"])
    assert party.answer("p1", "bekrafta").status_code == 302
    token = csrf(party.page().get_data(as_text=True))
    assert party.submit().status_code == 302
    assert party.answer("p2", "bekrafta", token=token).status_code == 409
    url = f"/redaktion/q/{QUIZ}/pastaenden/p1"
    assert "påståendena är frysta" in editor.get(url).get_data(as_text=True)
    assert editor.post(url, {"statement_id": "p1", "text": "Kommunen ska bygga många fler hyresrätter.",
                             "topic": "", "direction": "", "background": "Bakgrund."}, form_page=url).status_code == 302
    html = party.page().get_data(as_text=True)
    assert "Påståendet ändrades medan rundan pågick" in html and "Kommunen ska bygga fler hyresrätter." in html
    assert party.answer("p2", "bekrafta").status_code == 302  # reopened


def test_party_texts_are_escaped(app):
    editor = build(app)
    links = open_round(editor)
    party = Party(app.test_client(), links["lila"])
    assert party.answer("p9", "1", reason="<script>alert(1)</script>").status_code == 302
    assert "<script>alert(1)" not in party.page().get_data(as_text=True)
    page = editor.get(f"/redaktion/q/{QUIZ}/partigranskning/parti/lila").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_failed_lookups_are_rate_limited(make_app):
    app = make_app(REVIEW_FAILED_LOOKUPS_PER_MINUTE=3)
    client = app.test_client()
    responses = [client.get("/granska/" + "B" * 30 + str(i)) for i in range(5)]
    assert [r.status_code for r in responses] == [404, 404, 404, 429, 429]
    assert 1 <= int(responses[3].headers["Retry-After"]) <= 60  # the rest of this minute's window
    assert "Retry-After" not in responses[2].headers
    assert "För många felaktiga länkar på kort tid" in responses[3].get_data(as_text=True)
    assert "För många felaktiga länkar" not in responses[2].get_data(as_text=True)


def test_cli_opens_a_round_on_a_file_managed_quiz_and_applies_decisions(app, tmp_path):
    import shutil

    from tests.conftest import FIXTURES

    content = tmp_path / "content"
    shutil.copytree(FIXTURES, content)
    app.config["CONTENT_DIR"] = str(content)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["quiz", "review", "open", "mini", "--deadline", "2099-12-31", "--org", "Valkompassen"])
    assert result.exit_code != 0  # more than a year away
    from tests.helpers.review import deadline

    result = runner.invoke(args=["quiz", "review", "open", "mini", "--deadline", deadline(), "--org", "Valkompassen"])
    assert result.exit_code == 0, result.output
    lines = [line.split("\t") for line in result.output.splitlines() if "\t" in line]
    assert lines and all("/granska/" in link for _party, link in lines)
    party_id, link = lines[0]
    party = Party(app.test_client(), "/granska/" + link.rsplit("/granska/", 1)[1])
    page = party.page()
    assert page.status_code == 200, page.get_data(as_text=True)
    result = runner.invoke(args=["quiz", "review", "apply", "mini"])
    assert result.exit_code == 0, result.output
    files = sorted((content / "mini" / "answers").glob("*.yaml"))
    assert [f.stem for f in files] == sorted(p for p, _ in lines)
    # the coded files stay as written, and the folder still loads, every party marked as not answered
    from quiz.content.folders import load_quiz

    quiz = load_quiz(content / "mini", content / "sources")
    assert all(p.review is not None and p.review.state == "no_reply" for p in quiz.positions)


def test_a_link_dies_at_the_deadline_unless_the_editor_reopens_it_for_that_party(app):
    from datetime import timedelta

    from quiz.store.models import utcnow
    from quiz.store.review import ReviewRound

    editor = build(app)
    links = open_round(editor)
    lila, rod = Party(app.test_client(), links["lila"]), Party(app.test_client(), links["rod"])
    token = csrf(lila.page().get_data(as_text=True))
    with app.app_context():  # the deadline passes
        for round_ in db.session.query(ReviewRound):
            round_.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert lila.page().status_code == 410 and rod.page().status_code == 410
    assert "länken gäller inte längre" in lila.page().get_data(as_text=True)
    assert lila.answer("p1", "bekrafta", token=token).status_code == 410
    base = f"/redaktion/q/{QUIZ}/partigranskning/"
    assert editor.post(base + "parti/lila/oppna-igen", {}, form_page=base).status_code == 302
    assert lila.page().status_code == 200 and rod.page().status_code == 410
    assert lila.answer("p1", "bekrafta").status_code == 302


def test_autosave_answers_json_and_refuses_what_the_button_refuses(app):
    editor = build(app)
    party = Party(app.test_client(), open_round(editor)["lila"])
    token = csrf(party.page().get_data(as_text=True))
    url = f"{party.link}/svar/p9"
    refused = party.client.post(url, data={"csrf_token": token, "svar": "1"}, headers={"X-Autosave": "1"})
    assert refused.status_code == 400 and refused.get_json()["saved"] is False
    assert "Motivera svaret" in refused.get_json()["message"]
    saved = party.client.post(url, data={"csrf_token": token, "svar": "1", "reason": "Ja."}, headers={"X-Autosave": "1"})
    assert saved.status_code == 200 and saved.get_json() == {"saved": True}
    assert "Ert sparade svar:" in party.page().get_data(as_text=True)


def test_a_confirmation_publishes_nothing_the_party_wrote_without_a_decision(app):
    from sqlalchemy import select

    from quiz.store.editor import Draft
    from quiz.review import operations

    editor = build(app)
    party = Party(app.test_client(), open_round(editor)["lila"])
    assert party.answer("p1", "bekrafta", reason="Se vår hemsida, röst på oss!").status_code == 302
    with app.test_request_context():
        draft = db.session.execute(select(Draft).where(Draft.quiz_id == QUIZ)).scalar_one()
        entries = operations.decided_entries(draft, operations.latest_round(draft))
    assert entries["lila"]["p1"] == {"statement": "p1", "review": "confirmed"}
