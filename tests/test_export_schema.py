"""docs/quiz-export.schema.json describes what `flask quiz export` really writes: every document
the export writes validates against it, and every field it writes is described there (a new field
the schema does not name fails here, so the published contract cannot fall behind the code)."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from quiz.content.exchange import to_export
from quiz.content.folders import load_path
from tests.conftest import ROOT
from tests.helpers.schema import SCHEMA, check



def undescribed(schema: dict, document, where: str = "") -> list[str]:
    """Fields in ``document`` that ``schema`` does not name (beside ``additionalProperties`` maps)."""
    found = []
    if isinstance(document, dict) and schema.get("type") == "object" or "properties" in schema:
        known = schema.get("properties", {})
        for key, value in (document or {}).items():
            if key in known:
                found += undescribed(known[key], value, f"{where}.{key}")
            elif isinstance(schema.get("additionalProperties"), dict):
                found += undescribed(schema["additionalProperties"], value, f"{where}.{key}")
            else:
                found.append(f"{where}.{key}")
    elif isinstance(document, list) and "items" in schema:
        for i, item in enumerate(document):
            found += undescribed(schema["items"], item, f"{where}[{i}]")
    return found


def test_the_cli_export_of_a_published_version_matches_the_schema(runner):
    result = runner.invoke(args=["quiz", "export", "mini"])
    assert result.exit_code == 0, result.output
    check(json.loads(result.output))


def test_the_api_serves_the_same_document(client, mini):
    response = client.get(f"/api/v1/q/mini/{mini.version}")
    assert response.status_code == 200
    check(response.get_json())
    assert response.get_json() == to_export(mini.quiz, mini.version)  # what `flask quiz export` writes


@pytest.mark.parametrize("folder", sorted(p.parent.name for p in (ROOT / "statements").glob("*/quiz.yaml")))
def test_the_shipped_quizzes_export_to_the_schema(folder):
    """The real content uses every optional field (easy Swedish, translations, direction, origin)."""
    (quiz,) = load_path(ROOT / "statements" / folder, ROOT / "statements" / "sources")
    document = to_export(quiz, "v")
    assert any("direction" in s for s in document["statements"])
    check(document)


def test_the_check_refuses_what_the_schema_does_not_describe():
    (quiz,) = load_path(ROOT / "tests" / "fixtures" / "content" / "mini", ROOT / "tests" / "fixtures" / "content" / "sources")
    document = to_export(quiz, "v")
    document["statements"][0]["new_field"] = "x"
    assert undescribed(SCHEMA, document) == [".statements[0].new_field"]
    document["statements"][0].pop("new_field")
    document["statements"][0]["direction"] = "sideways"
    assert list(Draft202012Validator(SCHEMA).iter_errors(document))
