"""A draft to files and back: valkompass/1 JSON (with the platform texts) and a statements/ folder
zip, without loss; hostile files refused with a message."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from jsonschema import Draft202012Validator

from quiz.content.folders import load_quiz
from tests.helpers.editor import PLATFORMS, signed_in_editor
from tests.helpers.forms import csrf

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


def test_the_shipped_quiz_goes_through_the_browser_without_loss(app):
    """Everything the content format holds (origin, topic and statement translations, easy texts,
    directions, sources) comes back out of a draft as it went in, under a new id."""
    from dataclasses import replace

    from quiz.content.exchange import to_export
    from quiz.content.folders import to_folder

    root = Path(__file__).resolve().parent.parent / "statements"
    (shipped,) = [load_quiz(root / "socialpolitik", root / "sources")]
    quiz = replace(shipped, id="kopia")
    texts = {p.id: (root / "sources" / p.source_file).read_text(encoding="utf-8") for p in quiz.parties if p.source_file}
    body = zip_of({f"statements/{name}": text for name, text in to_folder(quiz, texts).items()})
    editor = signed_in_editor(app)
    response = upload(editor, "kopia.zip", body)
    assert response.status_code == 302, response.get_data(as_text=True)[-600:]
    exported = editor.get("/redaktion/q/kopia/export.json").get_json()
    expected = to_export(quiz, "")
    for party in expected["parties"]:
        source = party.get("source", {})
        source.pop("file", None)  # the draft keeps the text itself, not a file name
        if party["id"] in texts:
            source["text"] = texts[party["id"]]
    def by_key(document):
        return {**document, "positions": sorted(document["positions"], key=lambda p: (p["party"], p["statement"]))}

    assert set(exported) == set(expected)
    for key in expected:
        if key == "positions":
            for got, want in zip(by_key(exported)[key], by_key(expected)[key]):
                assert got == want
        assert by_key(exported)[key] == by_key(expected)[key], key
