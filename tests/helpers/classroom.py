"""Class mode's steps through the test client: a teacher's class, a student's phone, the CSV."""

from __future__ import annotations

import csv
import io
import re

from tests.helpers.forms import csrf, field, fields, hidden_state

ANSWER_SETS = [["2", "2", "-2", "1"], ["2", "1", "2", "1"], ["2", "-2", "-2", "1"], ["1", "-2", "2", ""], ["2", "2", "0", "1"]]


def create_class(client, kommun="alla", size: int | None = None) -> str:
    """Follow "För lärare" and press "Skapa klass" (with the class size filled in, or ``size``);
    returns the teacher's dashboard path."""
    start = client.get("/").get_data(as_text=True)
    assert 'href="/larare"' in start
    page = client.get("/larare").get_data(as_text=True)
    filled = re.search(r'name="storlek" type="number"[^>]* value="(\d+)"', page).group(1)
    response = client.post("/larare/ny", data={"csrf_token": csrf(page), "quiz": "mini", "kommun": kommun,
                                               "storlek": size or filled})
    assert response.status_code == 303
    return response.headers["Location"]


def class_code(html: str) -> str:
    return re.search(r'<p class="join-code"[^>]*>([A-Z0-9]{6})</p>', html).group(1)


def projector_link(html: str) -> str:
    return re.search(r'href="(/visning/[A-Z0-9]{6}/[A-Za-z0-9_-]{24})[^"]*"', html).group(1)


def join(client, code: str):
    page = client.get("/klass").get_data(as_text=True)
    return client.post("/klass", data={"csrf_token": csrf(page), "kod": code})


def class_value(html: str) -> str:
    """The class value (the class's ticket) a student's page carries."""
    return field(html, "klass")


def answer_statements(client, html: str, answers: list[str]):
    """From a statement page, answer every statement ("" = skip), carrying what the page's form
    carries (the municipality, the class); returns the last response (the result page)."""
    version = re.search(r'action="/q/mini/([^/]+)/svar"', html).group(1)
    page = None
    for number, answer in enumerate(answers, start=1):
        data = {"state": hidden_state(html), "position": number, **fields(html, "kommun", "klass")}
        data.update(answer=answer, action="next") if answer else data.update(action="skip")
        page = client.post(f"/q/mini/{version}/svar", data=data)
        html = page.get_data(as_text=True)
    return page


def take_quiz(client, code: str, answers: list[str]):
    """Join with the code and answer every statement ("" = skip); returns the result page."""
    response = join(client, code)
    assert response.status_code == 303, response.get_data(as_text=True)
    page = client.get(response.headers["Location"])
    return answer_statements(client, page.get_data(as_text=True), answers) if answers else page


def submit_from_result(client, result_html: str):
    """Press the class box's "Skicka" on a result page."""
    action = re.search(r'<form method="post" action="(/klass/[A-Z0-9]{6}/svar[^"]*)"', result_html).group(1)
    return client.post(action, data={"csrf_token": csrf(result_html), "state": hidden_state(result_html),
                                     "klass": class_value(result_html)})


def student(app, code, answers):
    """A new phone (its own cookie jar) that takes the quiz and sends its answers to the class."""
    client = app.test_client()
    html = take_quiz(client, code, answers).get_data(as_text=True)
    assert "Skicka dina svar anonymt till klassen" in html
    response = submit_from_result(client, html)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "Dina svar är skickade" in response.get_data(as_text=True)
    return client


def student_result(app, code):
    """A phone at its result page with the class box: (client, html)."""
    phone = app.test_client()
    html = take_quiz(phone, code, ["2", "1", "0", "-1"]).get_data(as_text=True)
    assert "Skicka dina svar anonymt till klassen" in html
    return phone, html


def csv_rows(response) -> list[dict]:
    """The CSV as Swedish Excel reads it: UTF-8 with a byte order mark, semicolons."""
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
