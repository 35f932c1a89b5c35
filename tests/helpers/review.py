"""The review round's steps through the test client, as browsers without JavaScript take them."""

from __future__ import annotations

import re
from datetime import date, timedelta

from tests.helpers.editor import Editor, signed_in_editor
from tests.helpers.forms import csrf

QUIZ = "granskad"
LILA = ("Lila partiet", "Vi vill bygga fler hyresrätter i hela kommunen.\nKlasserna ska bli mindre.\n"
        "Skatten ska inte höjas.\nPolisen behöver fler resurser i förorterna.\n"
        "Privat vård ska finnas som ett alternativ.\nVi vill satsa på cykelbanor.")
# Lila's coded positions: (statement number, value, quote)
LILA_CODED = [
    (1, 2, "Vi vill bygga fler hyresrätter i hela kommunen."),
    (2, 2, "Klasserna ska bli mindre."),
    (3, -1, "Skatten ska inte höjas."),
    (4, 1, "Polisen behöver fler resurser i förorterna."),
    (5, 1, "Privat vård ska finnas som ett alternativ."),
]


def deadline(days: int = 7) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


def build(app, org: str = "Tidningen", email: str = "red@example.se", quiz_id: str = QUIZ) -> Editor:
    editor = signed_in_editor(app, email=email, org=org)
    editor.build_quiz(quiz_id)
    assert editor.add_party(quiz_id, "lila", *LILA).status_code == 302
    for number, value, quote in LILA_CODED:
        response = editor.set_position(quiz_id, "lila", f"p{number}", value, quote)
        assert response.status_code == 302, response.get_data(as_text=True)
    return editor


def open_round(editor: Editor, quiz_id: str = QUIZ) -> dict[str, str]:
    """Open a round in the browser; party id → its link's path."""
    base = f"/redaktion/q/{quiz_id}/partigranskning/"
    response = editor.post(base + "oppna", {"deadline": deadline()}, form_page=base)
    assert response.status_code == 200, response.get_data(as_text=True)
    html = response.get_data(as_text=True)
    return {party: "/granska/" + token for party, token in re.findall(r"<li>([a-z0-9-]+): <code class=\"review-link\">[^<]*/granska/([A-Za-z0-9_-]+)</code>", html)}


class Party:
    def __init__(self, client, link: str):
        self.client, self.link = client, link

    def page(self):
        return self.client.get(self.link)

    def answer(self, statement_id: str, svar: str, reason: str = "", quote: str = "", url: str = "", priority: bool = False,
               reason_en: str = "", token: str = ""):
        token = token or csrf(self.page().get_data(as_text=True))
        data = {"csrf_token": token, "svar": svar, "reason": reason, "quote": quote, "url": url, "reason_en": reason_en}
        if priority:
            data["priority"] = "y"
        return self.client.post(f"{self.link}/svar/{statement_id}", data=data)

    def submit(self):
        token = csrf(self.page().get_data(as_text=True))
        return self.client.post(f"{self.link}/skicka", data={"csrf_token": token})


def lila_answers(party: Party) -> None:
    """The issue's walk: confirms 3, corrects 2 (one quote from its text, one not in it: refused),
    fills 3 unknowns with reasons, submits."""
    for sid in ("p1", "p2", "p3"):
        assert party.answer(sid, "bekrafta").status_code == 302
    refused = party.answer("p4", "-2", reason="Vi vill inte ha mer polis.", quote="Vi vill ha färre poliser.")
    assert refused.status_code == 400
    assert "Citatet finns inte i ert program" in refused.get_data(as_text=True)
    assert party.answer("p4", "-1", reason="Resurserna ska gå till socialtjänsten, inte polisen.").status_code == 302
    assert party.answer("p5", "-2", reason="Vi säger nej till vinster i vården.",
                        quote="Privat vård ska   finnas som ett alternativ.").status_code == 302
    assert party.answer("p6", "2", reason="Cykelbanor är en av våra viktigaste frågor.",
                        quote="Vi vill satsa på cykelbanor.", priority=True).status_code == 302
    assert party.answer("p7", "avstar", reason="Det avgör skolorna själva.").status_code == 302
    assert party.answer("p8", "1", reason="Gratis kollektivtrafik för unga.", reason_en="Free public transport for the young.").status_code == 302
    assert party.submit().status_code == 302


def decide(editor: Editor, party_id: str, statement_id: str, decision: str, note: str = "", quiz_id: str = QUIZ):
    page = f"/redaktion/q/{quiz_id}/partigranskning/parti/{party_id}"
    return editor.post(f"{page}/{statement_id}/beslut", {"decision": decision, "note": note}, form_page=page)
