"""Every page type a visitor can meet, as recipes that bring a browser page there.

The accessibility audit, the small-screen checks and the text-resize check all walk this list, so a
new page type gets every check by adding one recipe here. A recipe takes a Playwright page and the
live server's URL and leaves the page showing what it names.
"""

from __future__ import annotations

QUIZ = "socialpolitik"


def start(page, url):
    page.goto(url + "/")


def start_english(page, url):
    page.goto(url + "/?lang=en")


def intro(page, url):
    page.goto(f"{url}/q/{QUIZ}/")


def statement(page, url):
    start(page, url)
    page.locator("input[name=kommun][value=alla]").first.check()  # every party: the recipes' results
    page.locator("form[action$='/start'] button[type=submit]").first.click()
    page.wait_for_selector("fieldset.statement")


def statement_with_error(page, url):
    """No button sends "next" without an answer any more (each answer is its own button), but an
    old page or a hand-made request can: the error is shown with the answers in place."""
    statement(page, url)
    page.evaluate("""() => { const form = document.getElementById('statement-form');
        const next = Object.assign(document.createElement('input'), {type: 'hidden', name: 'action', value: 'next'});
        form.append(next); form.submit(); }""")
    page.wait_for_selector("#answer-error")


def statement_english(page, url):
    page.goto(f"{url}/q/{QUIZ}/start?lang=en")
    page.wait_for_selector("fieldset.statement")


def start_easy(page, url):
    page.goto(url + "/?lattlast=1")


def statement_easy(page, url):
    page.goto(f"{url}/q/{QUIZ}/start?lattlast=1")
    page.wait_for_selector("fieldset.statement")


def result(page, url):
    statement(page, url)
    answer_all(page)


def result_english(page, url):
    statement_english(page, url)
    answer_all(page)


def result_easy(page, url):
    statement_easy(page, url)
    answer_all(page)


def answer_every_statement(page, important_first: bool = False):
    """Answer every statement, one tap each, alternating positions (the first marked important if asked)."""
    buttons = page.locator("fieldset.statement button[name=answer]")
    number = 0
    while page.locator("fieldset.statement").count():
        if number == 0 and important_first:
            page.locator(".important input").check()
        buttons.nth(number % buttons.count()).click()
        page.wait_for_load_state()
        number += 1


def answer_all(page):
    """Answer every statement, one tap each, alternating positions and marking the first as important."""
    answer_every_statement(page, important_first=True)
    page.wait_for_selector(".ranking")


def embed_editor(page, url):
    page.goto(f"{url}/badda-in?quiz={QUIZ}&farg=%23005a32&namn=Lokaltidningen")
    page.wait_for_selector("#snippet")


def statement_embedded(page, url):
    """The embed's own page (no site chrome, the publisher's name and colour), opened directly."""
    page.goto(f"{url}/embed/q/{QUIZ}/start?farg=%23005a32&namn=Lokaltidningen")
    page.wait_for_selector("fieldset.statement")


def result_filtered(page, url):
    """The comparison narrowed to one party, one quote opened."""
    result(page, url)
    page.locator(".filters-fold > summary").click()  # "Välj kommun och partier"
    page.locator(".party-filter input").first.check()
    page.locator(".filters button[type=submit]").click()
    page.wait_for_selector(".comparison")
    page.locator(".comparison details summary").first.click()


def editor(page, url):
    """"Ändra svar och vikter": its own page, reached from the result."""
    result(page, url)
    page.locator(".result-actions button", has_text="Ändra svar och vikter").click()
    page.wait_for_selector(".editor")


def result_edit_error(page, url):
    """The answer editor sent back with an unreadable row: the errors, announced, above the rows."""
    editor(page, url)
    page.locator("#svar-2").evaluate("el => { el.options[1].value = 'x'; el.selectedIndex = 1; }")
    page.locator(".edit-section button[type=submit]").click()
    page.wait_for_selector("#edit-errors")


def charts(page, url):
    result(page, url)
    page.locator(".result-actions button", has_text="karta").click()
    page.wait_for_selector(".position-map")
    for summary in page.locator(".table-alternative summary").all():
        summary.click()


def share(page, url):
    result(page, url)
    page.locator(".result-actions button", has_text="Dela").click()
    page.wait_for_selector("#share-link")


def shared_result(page, url):
    share(page, url)
    page.goto(page.locator("#share-link").input_value())
    page.wait_for_selector(".ranking")


def method(page, url):
    page.goto(f"{url}/q/{QUIZ}/start")
    page.wait_for_selector("fieldset.statement")
    page.goto(page.url.rsplit("/", 1)[0] + "/metod")
    page.wait_for_selector("table.example")


def method_easy(page, url):
    """Lättläst: the rule in words and a small example first, then the formula."""
    statement_easy(page, url)
    page.goto(page.url.split("?")[0].rsplit("/", 1)[0] + "/metod?lattlast=1")
    page.wait_for_selector("table.example")


def method_from_result(page, url):
    """"Så räknar vi" from a result: the method page with "Tillbaka till resultatet"."""
    result(page, url)
    page.get_by_role("button", name="Så räknar vi").first.click()
    page.wait_for_selector("table.example")


def result_embedded(page, url):
    statement_embedded(page, url)
    answer_all(page)


def not_found(page, url):
    page.goto(url + "/finns-inte")


def bad_request(page, url):
    """A tampered answer string: the 400 page a voter sees, reached from a real form."""
    statement(page, url)
    page.locator("input[name=state]").evaluate("el => el.value = 'zz'")
    page.locator("button[name=action][value=skip]").click()  # "Hoppa över"
    page.wait_for_selector("h1")


def teacher_start(page, url):
    start(page, url)
    page.get_by_role("link", name="För lärare").click()
    page.wait_for_selector("form[action$='/larare/ny']")


def teacher_guide(page, url):
    page.goto(url + "/larare/guide")


def class_join(page, url):
    page.goto(url + "/klass")


def class_join_error(page, url):
    class_join(page, url)
    page.locator("#kod").fill("QQQQQQ")
    page.locator("form[action='/klass'] button[type=submit]").click()
    page.wait_for_selector("#code-error")


_classes: dict[str, tuple[str, str]] = {}


def a_class_with_five_submissions(page, url) -> tuple[str, str]:
    """(dashboard URL, code) of one class per live server, five students (cookie jars) submitted."""
    if url not in _classes:
        teacher_start(page, url)
        page.locator("form[action$='/larare/ny'] button[type=submit]").first.click()
        page.wait_for_selector(".join-code")
        dashboard, code = page.url, page.locator(".join-code").inner_text()
        for student in range(5):
            page.context.clear_cookies()  # another phone
            class_result(page, url, code, choice=student)
            page.locator(".class-box button[type=submit]").click()
            page.wait_for_selector("text=Dina svar är skickade")
        _classes[url] = (dashboard, code)
    return _classes[url]


def class_result(page, url, code=None, choice=0):
    """A student's result page with the box that sends the answers to the class."""
    code = code or a_class_with_five_submissions(page, url)[1]
    page.goto(f"{url}/klass?kod={code}")
    page.locator("form[action='/klass'] button[type=submit]").click()
    page.wait_for_selector("fieldset.statement")
    page.locator("fieldset.statement button[name=answer]").nth(choice % 5).click()
    page.wait_for_selector("fieldset.statement")
    page.locator(".actions button[value=result]").click()
    page.wait_for_selector(".class-box")


def class_dashboard(page, url):
    page.goto(a_class_with_five_submissions(page, url)[0])
    page.wait_for_selector(".distribution")


def class_submitted(page, url):
    """A student's "Dina svar är skickade" page (a sixth phone)."""
    code = a_class_with_five_submissions(page, url)[1]
    page.context.clear_cookies()
    class_result(page, url, code)
    page.locator(".class-box button[type=submit]").click()
    page.wait_for_selector("text=Dina svar är skickade")


def class_projector(page, url):
    """The projector view: the read-only link the dashboard offers for the wall."""
    class_dashboard(page, url)
    page.goto(url + page.locator("a[href^='/visning/']").get_attribute("href"))
    page.wait_for_selector(".projector-nav")


def class_projector_statement(page, url):
    """The projector view on a statement's slide (one statement, its figures, large)."""
    class_projector(page, url)
    page.locator(".projector-nav a[rel=next]").click()
    page.wait_for_selector(".slide-bars")


# --- the browser editor (/redaktion/) ------------------------------------------------------------

_NEWSROOM: dict[str, str] = {}
NEWSROOM_QUIZ = "sidornas-quiz"


def a_newsroom(url) -> str:
    """The admin's address of one organisation per live server, with a published (unlisted, so no
    other page's list changes) three-party quiz, built through the app as an editor's forms would."""
    if url not in _NEWSROOM:
        from tests.browser.conftest import LIVE_APPS
        from tests.helpers.editor import signed_in_editor
        from tests.helpers.forms import csrf, form_version

        editor = signed_in_editor(LIVE_APPS[url], "sidorna@example.se", org="Sidornas tidning", admin=True)
        editor.build_quiz(NEWSROOM_QUIZ, municipalities="Exempelby")
        page = editor.get(f"/redaktion/q/{NEWSROOM_QUIZ}/").get_data(as_text=True)
        editor.client.post(f"/redaktion/q/{NEWSROOM_QUIZ}/installningar", data={
            "csrf_token": csrf(page), "version": form_version(page), "title": "Sidornas quiz", "description": "",
            "topics": "Skola", "municipalities": "Exempelby", "unlisted": "y"})
        editor.post(f"/redaktion/q/{NEWSROOM_QUIZ}/publicera", {}, form_page=f"/redaktion/q/{NEWSROOM_QUIZ}/granska")
        _NEWSROOM[url] = "sidorna@example.se"
    return _NEWSROOM[url]


def editor_sign_in(page, url):
    page.goto(url + "/redaktion/logga-in")


def editor_sign_in_error(page, url):
    page.goto(url + "/redaktion/logga-in")
    page.fill("#email", "ingen@example.se")
    page.fill("#password", "fel lösenord igen")
    page.locator("main button[type=submit]").click()
    page.wait_for_selector("main .error")


def editor_home(page, url):
    from tests.helpers.editor import PASSWORD

    email = a_newsroom(url)
    page.goto(url + "/redaktion/")
    if page.locator("h1", has_text="Mina quiz").count():  # signed in already (a recipe run twice)
        return
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main button.primary[type=submit]").click()
    page.wait_for_selector("text=Mina quiz")


def editor_draft(page, url):
    editor_home(page, url)
    page.goto(f"{url}/redaktion/q/{NEWSROOM_QUIZ}/")


def editor_party(page, url):
    editor_home(page, url)
    page.goto(f"{url}/redaktion/q/{NEWSROOM_QUIZ}/partier/rod")


def editor_statement_with_error(page, url):
    editor_home(page, url)
    page.goto(f"{url}/redaktion/q/{NEWSROOM_QUIZ}/pastaenden/p1")
    page.fill("#statement_id", "Inte Ett Id")
    page.locator("main form button.primary").click()
    page.wait_for_selector("#statement_id-error")


def editor_position(page, url):
    """A position with its quote marked in the platform text."""
    editor_home(page, url)
    page.goto(f"{url}/redaktion/q/{NEWSROOM_QUIZ}/partier/rod/stallning/p1")


def editor_review(page, url):
    """The validator's warnings and the neutrality audit of the draft."""
    editor_home(page, url)
    page.goto(f"{url}/redaktion/q/{NEWSROOM_QUIZ}/granska")


def editor_published(page, url):
    editor_home(page, url)
    page.goto(f"{url}/redaktion/q/{NEWSROOM_QUIZ}/publicerat")


def editor_accounts(page, url):
    editor_home(page, url)
    page.goto(url + "/redaktion/konton")


def editor_two_step(page, url):
    """Setting up two-step sign-in: the QR code and the key."""
    editor_home(page, url)
    page.goto(url + "/redaktion/tvastegs")


def editor_log(page, url):
    editor_home(page, url)
    page.goto(url + "/redaktion/logg")



# --- the parties' review round (/granska/, /redaktion/q/…/partigranskning/) ------------------------

_REVIEW: dict[str, dict] = {}
REVIEW_QUIZ = "granskade-sidor"
REVIEW_EMAIL = "granskning@example.se"


def a_review_round(url) -> dict:
    """One organisation's unlisted quiz per live server with a round: Lila partiet answered (one
    objection kept), the rest did not; published again with the answers. Returns the links."""
    if url not in _REVIEW:
        from tests.browser.conftest import LIVE_APPS
        from tests.helpers.forms import csrf, form_version
        from tests.helpers.review import Party, build, decide, lila_answers, open_round

        app = LIVE_APPS[url]
        editor = build(app, org="Granskande tidning", email=REVIEW_EMAIL, quiz_id=REVIEW_QUIZ)
        page = editor.get(f"/redaktion/q/{REVIEW_QUIZ}/").get_data(as_text=True)
        editor.client.post(f"/redaktion/q/{REVIEW_QUIZ}/installningar", data={
            "csrf_token": csrf(page), "version": form_version(page), "title": "Granskade sidor", "description": "",
            "topics": "Skola", "municipalities": "", "unlisted": "y"})
        links = open_round(editor, REVIEW_QUIZ)
        lila_answers(Party(app.test_client(), links["lila"]))
        for sid in ("p4", "p6", "p7", "p8"):
            decide(editor, "lila", sid, "accept", quiz_id=REVIEW_QUIZ)
        decide(editor, "lila", "p5", "keep", "Programmet säger det uttryckligen.", quiz_id=REVIEW_QUIZ)
        editor.post(f"/redaktion/q/{REVIEW_QUIZ}/publicera", {}, form_page=f"/redaktion/q/{REVIEW_QUIZ}/granska")
        with app.app_context():
            from quiz.store.catalog import current_catalog

            version = current_catalog().latest(REVIEW_QUIZ).version
        _REVIEW[url] = {"links": links, "version": version}
    return _REVIEW[url]


def review_party(page, url):
    """A party's page behind its private link: our reading, its answers, a form per statement."""
    page.goto(url + a_review_round(url)["links"]["rod"])


def review_party_with_error(page, url):
    review_party(page, url)
    item = page.locator("#s-p2")
    item.locator("input[name=svar][value='-2']").check()
    item.locator("textarea[name=quote]").fill("Det här står inte i programmet.")
    item.locator("button.primary").click()
    page.wait_for_selector("#s2-quote-error")


def review_party_english(page, url):
    page.goto(url + a_review_round(url)["links"]["gron"] + "?lang=en")


def review_party_submitted(page, url):
    """Submitted and locked: the page without forms."""
    page.goto(url + a_review_round(url)["links"]["lila"])


def review_link_gone(page, url):
    page.goto(url + "/granska/" + "x" * 32)


def review_editor_home(page, url):
    from tests.helpers.editor import PASSWORD

    a_review_round(url)
    page.goto(url + "/redaktion/")
    if page.locator("h1", has_text="Mina quiz").count():
        page.locator("form[action$='/logga-ut'] button").click()  # another recipe's editor: sign out
    page.fill("#email", REVIEW_EMAIL)
    page.fill("#password", PASSWORD)
    page.locator("main button.primary[type=submit]").click()
    page.wait_for_selector("text=Mina quiz")


def review_editor_round(page, url):
    review_editor_home(page, url)
    page.goto(f"{url}/redaktion/q/{REVIEW_QUIZ}/partigranskning/")


def review_editor_party(page, url):
    """Our coding beside the party's answers, contradictions flagged, a decision per answer."""
    review_editor_home(page, url)
    page.goto(f"{url}/redaktion/q/{REVIEW_QUIZ}/partigranskning/parti/lila")


def review_answers(page, url):
    """"Så svarade partierna": the table a journalist cites."""
    page.goto(f"{url}/q/{REVIEW_QUIZ}/{a_review_round(url)['version']}/partiernas-svar")


def review_result(page, url):
    """A result whose comparison shows the parties' answers and who did not answer."""
    from tests.helpers.forms import checked

    version = a_review_round(url)["version"]
    page.goto(f"{url}/r/{REVIEW_QUIZ}/{version}/{checked('e' * 10, version)}")
    page.locator("#jamfor-4").locator("xpath=ancestor::details").first.evaluate("d => d.open = true")



def result_below_minimum(page, url):
    """One answer, then "Visa resultat nu": no ranking yet, what is missing and what can be seen."""
    statement(page, url)
    page.locator("fieldset.statement button[name=answer]").first.click()
    page.wait_for_selector("#minimum-hint")
    page.get_by_role("button", name="Visa resultat nu").click()
    page.wait_for_selector(".below-minimum")


def result_one_party(page, url):
    """A Solna voter: the one party this quiz has there, its positions, and every party offered."""
    page.goto(f"{url}/q/{QUIZ}/start?kommun=solna")
    page.wait_for_selector("fieldset.statement")
    answer_every_statement(page)
    page.wait_for_selector(".single-party")

PAGES = {
    "start": start,
    "start (en)": start_english,
    "start (lättläst)": start_easy,
    "intro": intro,
    "statement": statement,
    "statement with error": statement_with_error,
    "statement (en)": statement_english,
    "statement (lättläst)": statement_easy,
    "result": result,
    "result (en)": result_english,
    "result (lättläst)": result_easy,
    "result below the minimum": result_below_minimum,
    "result: one party in the municipality": result_one_party,
    "embed editor": embed_editor,
    "statement (embedded)": statement_embedded,
    "result: comparison filtered": result_filtered,
    "editor": editor,
    "editor: errors": result_edit_error,
    "charts": charts,
    "share": share,
    "shared result": shared_result,
    "method": method,
    "method (lättläst)": method_easy,
    "method (from a result)": method_from_result,
    "result (embedded)": result_embedded,
    "404": not_found,
    "400": bad_request,
    "teacher start": teacher_start,
    "teacher guide": teacher_guide,
    "class join": class_join,
    "class join with error": class_join_error,
    "class result": class_result,
    "class dashboard": class_dashboard,
    "class submitted": class_submitted,
    "class projector": class_projector,
    "class projector statement": class_projector_statement,
    "editor: sign in": editor_sign_in,
    "editor: sign in refused": editor_sign_in_error,
    "editor: my quizzes": editor_home,
    "editor: draft": editor_draft,
    "editor: party": editor_party,
    "editor: statement with error": editor_statement_with_error,
    "editor: position": editor_position,
    "editor: review": editor_review,
    "editor: published": editor_published,
    "editor: accounts": editor_accounts,
    "editor: log": editor_log,
    "editor: two-step sign-in": editor_two_step,
    "review: party's page": review_party,
    "review: party's page with error": review_party_with_error,
    "review: party's page (en)": review_party_english,
    "review: party's page, submitted": review_party_submitted,
    "review: link gone": review_link_gone,
    "review: editor's round": review_editor_round,
    "review: editor's party review": review_editor_party,
    "review: Så svarade partierna": review_answers,
    "review: result with answers": review_result,
}
