"""A draft to files and back: valkompass/1 JSON (with the platform texts) and a statements/ folder
zip, without loss; hostile files refused with a message."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from jsonschema import Draft202012Validator

from quiz.content import load_quiz
from tests.editor_steps import PLATFORMS, csrf, signed_in_editor

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "docs" / "quiz-export.schema.json").read_text())


def upload(editor, name: str, body: bytes):
    token = csrf(editor.get("/redaktion/").get_data(as_text=True))
    return editor.client.post("/redaktion/importera", data={"csrf_token": token, "file": (io.BytesIO(body), name)},
                              content_type="multipart/form-data")


def test_json_export_and_import_round_trip_without_loss(app):
    first = signed_in_editor(app)
    first.build_quiz("exempelby", municipalities="Exempelby")
    exported = first.get("/redaktion/q/exempelby/export.json")
    assert exported.status_code == 200 and "attachment" in exported.headers["Content-Disposition"]
    document = exported.get_json()
    assert list(Draft202012Validator(SCHEMA).iter_errors(document)) == []
    assert document["parties"][0]["source"]["text"] == PLATFORMS["rod"][1]
    assert document["parties"][0]["source"]["captured"] == "2026-11-01"
    # Another organisation cannot take the id
    other = signed_in_editor(app, "o@example.se", org="Skolan")
    refused = upload(other, "exempelby.json", exported.data)
    assert refused.status_code == 400 and "annan organisation" in refused.get_data(as_text=True)
    # The same organisation imports it again (the draft is replaced) and exports the same document
    assert upload(first, "exempelby.json", exported.data).status_code == 302
    assert first.get("/redaktion/q/exempelby/export.json").get_json() == document
    renamed = json.loads(exported.data)
    renamed["id"] = "kopia"
    assert upload(other, "kopia.json", json.dumps(renamed).encode()).status_code == 302
    again = other.get("/redaktion/q/kopia/export.json").get_json()
    assert {**again, "id": "exempelby"} == document


def test_folder_zip_round_trip_and_the_files_load_as_a_content_folder(app, tmp_path):
    editor = signed_in_editor(app)
    editor.build_quiz("exempelby")
    body = editor.get("/redaktion/q/exempelby/export.zip").data
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path)
    assert {"statements/exempelby/quiz.yaml", "statements/exempelby/statements.yaml",
            "statements/exempelby/positions/rod.yaml", "statements/sources/rod.txt"} <= names
    assert (tmp_path / "statements/sources/rod.txt").read_text() == PLATFORMS["rod"][1]
    quiz = load_quiz(tmp_path / "statements" / "exempelby")  # quotes checked against the sources, as flask quiz validate does
    assert len(quiz.statements) == 10 and len([p for p in quiz.positions if p.value is not None]) == 9
    before = editor.get("/redaktion/q/exempelby/export.json").get_json()
    assert upload(editor, "exempelby.zip", body).status_code == 302
    assert editor.get("/redaktion/q/exempelby/export.json").get_json() == before


def zip_of(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


def test_hostile_files_are_refused_with_a_message(app):
    editor = signed_in_editor(app)
    cases = {
        "slip.zip": (zip_of({"../../evil.yaml": "x: 1"}), "Otillåtet filnamn"),
        "abs.zip": (zip_of({"/etc/evil.yaml": "x: 1"}), "Otillåtet filnamn"),
        "exe.zip": (zip_of({"q/quiz.yaml": "id: q", "q/run.sh": "rm -rf /"}), "Otillåtet filnamn"),
        "alias.zip": (zip_of({"q/quiz.yaml": "a: &a [x, x]\nb: [*a, *a]\n", "q/statements.yaml": "[]"}), "YAML-alias"),
        "none.zip": (zip_of({"readme.txt": "hej"}), "precis en quizmapp"),
        "junk.json": (b"\xff\xfe not json", "inte giltig JSON"),
        "wrong.json": (b'{"format": "annat/1"}', "&#39;format&#39; must be"),
        "list.json": (b"[1, 2]", "must be a JSON object"),
        "broken.zip": (b"PK\x03\x04 truncated", "inte en giltig zip-fil"),
    }
    for name, (body, message) in cases.items():
        response = upload(editor, name, body)
        assert response.status_code == 400, name
        assert message in response.get_data(as_text=True), (name, response.get_data(as_text=True)[-800:])


def test_a_zip_bomb_is_refused_by_its_unpacked_size(app, monkeypatch):
    from quiz.editor import files

    monkeypatch.setattr(files, "MAX_UNPACKED_BYTES", 10_000)
    editor = signed_in_editor(app)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("q/sources/big.txt", "0" * 1_000_000)
    response = upload(editor, "bomb.zip", out.getvalue())
    assert response.status_code == 400 and "uppackad" in response.get_data(as_text=True)
