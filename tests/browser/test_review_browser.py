"""The parties' review round in a real browser with JavaScript off (issue 24's walk): the editor
opens a round; one party confirms 3, corrects 2 (one with a quote from its text, one with a quote
that is not in it, refused with a message), fills 3 unknowns with reasons and submits; the editor
accepts 4 and keeps 1 with a reason and publishes; a voter's result shows the party's answer and
reason, "Så svarade partierna" lists them, and a party that never answered shows it."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.helpers.forms import checked
from tests.helpers.editor import PASSWORD
from tests.helpers.review import build, deadline

QUIZ = "webbgranskning"
EMAIL = "granskare@example.se"


def answer(page, statement: str, choice: str, reason: str = "", quote: str = "") -> None:
    item = page.locator(f"#s-{statement}")
    item.get_by_label(choice, exact=True).check()
    if reason:
        item.get_by_label("Motivering (högst 500 tecken)").fill(reason)
    item.get_by_label("Citat ur ert program").fill(quote)  # empties what a refused save kept
    item.get_by_role("button", name="Spara svaret").click()


def test_a_party_reviews_our_reading_and_voters_see_both_with_javascript_off(page_without_js, live_server):
    page, url, app = page_without_js, live_server.url, live_server.app
    editor = build(app, org="Granskningstidningen", email=EMAIL, quiz_id=QUIZ)
    settings = f"/redaktion/q/{QUIZ}/"
    assert editor.post(settings + "installningar", {"title": "Granskat quiz", "unlisted": "y", "topics": "Skola\nBoende",
                                                     "municipalities": ""}, form_page=settings).status_code == 302

    # The editor opens the round in the browser
    page.goto(url + "/redaktion/")
    page.get_by_label("E-postadress").fill(EMAIL)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.goto(f"{url}/redaktion/q/{QUIZ}/")
    page.get_by_role("link", name="Partiernas granskning").click()
    page.get_by_label("Sista dag att svara").fill(deadline())
    page.get_by_role("button", name="Öppna rundan och skapa länkar").click()
    expect(page.get_by_role("status")).to_contain_text("Rundan är öppnad")
    links = {line.split(":", 1)[0]: line.split(": ", 1)[1] for line in page.locator("#links-h + p + ul li").all_inner_texts()}
    assert set(links) == {"rod", "bla", "gron", "lila"}

    # The party (no account): confirms 3, corrects 2, fills 3 unknowns, submits
    page.goto(links["lila"])
    expect(page.get_by_role("heading", name="Granska vår läsning: Lila partiet")).to_be_visible()
    for statement in ("p1", "p2", "p3"):
        answer(page, statement, "Vi bekräftar er läsning")
        expect(page.locator(f"#s-{statement}")).to_contain_text("ni bekräftar vår läsning")
    answer(page, "p4", "Helt emot", "Vi vill inte ha mer polis.", "Vi vill ha färre poliser.")
    expect(page.locator("#s4-quote-error")).to_contain_text("Citatet finns inte i ert program")
    expect(page.locator("#s4-quote")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#s4-reason")).to_have_value("Vi vill inte ha mer polis.")
    answer(page, "p4", "Delvis emot", "Resurserna ska gå till socialtjänsten, inte polisen.")
    answer(page, "p5", "Helt emot", "Vi säger nej till vinster i vården.", "Privat vård ska finnas som ett alternativ.")
    answer(page, "p6", "Helt för", "Cykelbanor är en av våra viktigaste frågor.", "Vi vill satsa på cykelbanor.")
    answer(page, "p7", "Vill inte ta ställning", "Det avgör skolorna själva.")
    answer(page, "p8", "Delvis för", "Gratis kollektivtrafik för unga.")
    expect(page.get_by_text("Besvarade: 8 av 10.")).to_be_visible()
    page.get_by_role("button", name="Skicka in svaren").click()
    expect(page.get_by_role("status")).to_have_text("Era svar är inskickade. Tack!")
    expect(page.get_by_role("button", name="Spara svaret")).to_have_count(0)

    # The editor accepts 4 and keeps 1 with a reason, then publishes
    page.goto(f"{url}/redaktion/q/{QUIZ}/partigranskning/parti/lila")
    expect(page.get_by_text("Motsäger vår läsning")).to_have_count(2)
    for statement in ("p4", "p6", "p7", "p8"):
        page.locator(f"#s-{statement}").get_by_role("button", name="Godta partiets svar").click()
    kept = page.locator("#s-p5")
    kept.get_by_role("button", name="Behåll vår läsning").click()
    expect(page.locator("#note-5-error")).to_contain_text("Skriv varför vi behåller")
    expect(page.locator("#note-5")).to_have_attribute("aria-invalid", "true")
    page.locator("#s-p5").get_by_label("Varför vi behåller vår läsning").fill("Programmet säger uttryckligen att privat vård ska finnas.")
    page.locator("#s-p5").get_by_role("button", name="Behåll vår läsning").click()
    expect(page.locator("#s-p5")).to_contain_text("Beslut: vi behåller vår läsning.")
    page.goto(f"{url}/redaktion/q/{QUIZ}/granska")
    page.get_by_role("button", name="Publicera").click()
    expect(page.get_by_role("heading", name="Publicerat: version 1-")).to_be_visible()

    # A voter's result shows the party's answer and reason; the answers page lists them
    with app.app_context():
        from quiz.store.catalog import current_catalog

        version = current_catalog().latest(QUIZ).version
    page.goto(f"{url}/r/{QUIZ}/{version}/{checked('e' * 10, version)}")
    lila_p4 = page.locator("#jamfor-4 li[data-party=lila]")
    expect(lila_p4).to_contain_text("Partiets svar: Delvis emot – Resurserna ska gå till socialtjänsten, inte polisen.")
    expect(page.locator("#jamfor-5 li[data-party=lila]")).to_contain_text("Partiet invände: Helt emot")
    expect(page.locator("#jamfor-5 li[data-party=lila]")).to_contain_text("Programmet säger uttryckligen att privat vård ska finnas.")
    expect(page.locator("#jamfor-4 li[data-party=rod]")).to_contain_text("Partiet har inte svarat.")
    page.goto(f"{url}/q/{QUIZ}/{version}/partiernas-svar")
    expect(page.get_by_role("heading", name="Så svarade partierna")).to_be_visible()
    expect(page.get_by_text("Lila partiet: svarade på 8 av 10")).to_be_visible()
    expect(page.get_by_text("Röda partiet: har inte svarat")).to_be_visible()
    expect(page.locator("#p-7")).to_contain_text("Det avgör skolorna själva.")


def test_with_javascript_a_partys_answer_saves_as_it_types(page, live_server):
    from tests.helpers.review import open_round

    editor = build(live_server.app, org="Autosparande tidning", email="autospar@example.se", quiz_id="autogranskning")
    links = open_round(editor, "autogranskning")
    page.goto(live_server.url + links["gron"])
    item = page.locator("#s-p9")
    item.get_by_label("Delvis för", exact=True).check()
    expect(page.locator("#s9-status")).to_contain_text("Motivera svaret")  # saved only with a reason
    item.get_by_label("Motivering (högst 500 tecken)").fill("Längre öppettider gör biblioteken till mötesplatser.")
    expect(page.locator("#s9-status")).to_contain_text("Sparat kl.")
    page.reload()
    expect(page.locator("#s-p9")).to_contain_text("Ert sparade svar: Delvis för")
    expect(page.locator("#s9-reason")).to_have_value("Längre öppettider gör biblioteken till mötesplatser.")
