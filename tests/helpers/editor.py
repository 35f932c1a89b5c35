"""An editor's steps through the test client, as a browser without JavaScript takes them."""

from __future__ import annotations

from tests.helpers.forms import csrf, form_version

PASSWORD = "ett långt och ovanligt lösenord"
PLATFORMS = {
    "rod": ("Röda partiet", "Vi vill bygga fler hyresrätter i hela kommunen.\nSkolan ska ha   mindre klasser.\n"
            "Vi säger nej till privata vårdcentraler."),
    "bla": ("Blå partiet", "Kommunen ska sänka skatten.\nVi vill ha fler poliser på gatorna.\n"
            "Privata alternativ i vården är bra för alla."),
    "gron": ("Gröna partiet", "Cykelbanor ska byggas ut.\nVi vill bygga fler hyresrätter nära kollektivtrafiken.\n"
             "Skolmaten ska vara ekologisk."),
}
STATEMENTS = [
    "Kommunen ska bygga fler hyresrätter.", "Klasserna i skolan ska bli mindre.", "Kommunen ska sänka skatten.",
    "Fler poliser behövs.", "Vårdcentraler får drivas privat.", "Cykelbanorna ska byggas ut.",
    "Skolmaten ska vara ekologisk.", "Kollektivtrafiken ska vara gratis.", "Biblioteken ska ha öppet längre.",
    "Kommunen ska ha fler förskolor.",
]
# (party, statement number, value, quote)
CODED = [
    ("rod", 1, 2, "Vi vill bygga fler hyresrätter i hela kommunen."),
    ("rod", 2, 2, "Skolan ska ha mindre klasser."),
    ("rod", 5, -2, "Vi säger nej till privata vårdcentraler."),
    ("bla", 3, 2, "Kommunen ska sänka skatten."),
    ("bla", 4, 2, "Vi vill ha fler poliser på gatorna."),
    ("bla", 5, 2, "Privata alternativ i vården är bra för alla."),
    ("gron", 1, 1, "Vi vill bygga fler hyresrätter nära kollektivtrafiken."),
    ("gron", 6, 2, "Cykelbanor ska byggas ut."),
    ("gron", 7, 2, "Skolmaten ska vara ekologisk."),
]


def create_user(app, email: str, org: str, admin: bool = False, password: str = PASSWORD):
    args = ["users", "create", email, "--org", org] + (["--admin"] if admin else [])
    return app.test_cli_runner().invoke(args=args, input=password + "\n")


def sign_in(client, email: str, password: str = PASSWORD, address: str = "127.0.0.1"):
    token = csrf(client.get("/redaktion/logga-in").get_data(as_text=True))
    return client.post("/redaktion/logga-in", data={"csrf_token": token, "email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


class Editor:
    """A signed-in editor's client; ``post`` fetches the form page first for its token (and version)."""

    def __init__(self, client):
        self.client = client

    def get(self, url: str):
        return self.client.get(url)

    def post(self, url: str, data: dict, form_page: str | None = None, **kwargs):
        page = self.client.get(form_page or "/redaktion/").get_data(as_text=True)
        data = {"csrf_token": csrf(page), **data}
        if form_page and "version" not in data and 'name="version"' in page:
            data["version"] = form_version(page)
        return self.client.post(url, data=data, **kwargs)

    def new_quiz(self, quiz_id: str, title: str = "Kommunvalet i Exempelby", municipalities: str = ""):
        return self.post("/redaktion/nytt", {"quiz_id": quiz_id, "title": title, "description": "Ett test.",
                                             "scale": "5", "topics": "Skola\nBoende", "municipalities": municipalities})

    def add_party(self, quiz_id: str, party_id: str, name: str, text: str, **extra):
        return self.post(f"/redaktion/q/{quiz_id}/partier/ny",
                         {"party_id": party_id, "name": name, "source_title": f"{name}s program",
                          "source_url": f"https://example.org/{party_id}", "source_captured": "2026-11-01",
                          "source_text": text, **extra})

    def add_statement(self, quiz_id: str, statement_id: str, text: str, **extra):
        return self.post(f"/redaktion/q/{quiz_id}/pastaenden/nytt",
                         {"statement_id": statement_id, "text": text, "background": "Bakgrund.", "topic": "",
                          "direction": "", **extra})

    def set_position(self, quiz_id: str, party_id: str, statement_id: str, value, quote: str,
                     justification: str = "Står i programmet.", basis: str = "explicit"):
        url = f"/redaktion/q/{quiz_id}/partier/{party_id}/stallning/{statement_id}"
        return self.post(url, {"value": "" if value is None else str(value), "basis": basis,
                               "justification": justification, "quote": quote}, form_page=url)

    def build_quiz(self, quiz_id: str, municipalities: str = ""):
        """Three parties from pasted platforms, ten statements, nine positions with quotes."""
        assert self.new_quiz(quiz_id, municipalities=municipalities).status_code == 302
        for party_id, (name, text) in PLATFORMS.items():
            assert self.add_party(quiz_id, party_id, name, text).status_code == 302
        for i, text in enumerate(STATEMENTS, start=1):
            assert self.add_statement(quiz_id, f"p{i}", text).status_code == 302
        for party_id, number, value, quote in CODED:
            response = self.set_position(quiz_id, party_id, f"p{number}", value, quote)
            assert response.status_code == 302, response.get_data(as_text=True)


def signed_in_editor(app, email: str = "red@example.se", org: str = "Tidningen", admin: bool = False) -> Editor:
    result = create_user(app, email, org, admin)
    assert result.exit_code == 0, result.output
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    return Editor(client)
