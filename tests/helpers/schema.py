"""docs/quiz-export.schema.json, the public contract of the valkompass/1 JSON, as a check."""

from __future__ import annotations

import json

from jsonschema import Draft202012Validator

from tests.conftest import ROOT

SCHEMA = json.loads((ROOT / "docs" / "quiz-export.schema.json").read_text())


def check(document: dict) -> None:
    """``document`` validates against the schema (and the schema itself is valid)."""
    Draft202012Validator.check_schema(SCHEMA)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in Draft202012Validator(SCHEMA).iter_errors(document)]
    assert errors == []
