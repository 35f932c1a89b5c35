"""Validation: each kind of bad content is refused with a message naming file, item and problem."""

import shutil

import pytest
import yaml

from quiz.content.exchange import from_export, to_export
from quiz.content.folders import load_quiz
from quiz.content.validation import ContentError
from quiz.core.model import normalise_space
from tests.conftest import FIXTURES


@pytest.fixture
def content(tmp_path):
    """A writable copy of the mini quiz and its sources."""
    shutil.copytree(FIXTURES, tmp_path / "content")
    return tmp_path / "content"


def edit(path, change):
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))


def errors_for(content):
    with pytest.raises(ContentError) as info:
        load_quiz(content / "mini", content / "sources")
    return info.value.errors


def test_mini_quiz_loads(content):
    quiz = load_quiz(content / "mini", content / "sources")
    assert [s.id for s in quiz.statements] == ["lagenheter", "vrakningar", "krav", "avgifter"]
    assert quiz.scale_values == (-2, -1, 0, 1, 2)


def test_quote_not_in_source(content):
    edit(content / "mini/positions/alfa.yaml", lambda d: d["positions"][0].update(quote="bygger inga lägenheter alls"))
    [error] = errors_for(content)
    assert "alfa.yaml" in error and "lagenheter" in error and "quote does not occur" in error


def test_quote_matches_across_line_breaks(content):
    # the source breaks the line inside "bygger fler\nsociala lägenheter"; the fixture quote spans it
    assert load_quiz(content / "mini", content / "sources")
    assert normalise_space(" a\n  b\tc ") == "a b c"


def test_value_off_the_scale(content):
    edit(content / "mini/positions/beta.yaml", lambda d: d["positions"][1].update(value=3))
    [error] = errors_for(content)
    assert "beta.yaml" in error and "'krav'" in error and "not on the scale" in error


def test_unknown_statement_reference(content):
    edit(content / "mini/positions/beta.yaml", lambda d: d["positions"].append({"statement": "nope", "value": None}))
    [error] = errors_for(content)
    assert "beta.yaml" in error and "'nope'" in error and "not in statements.yaml" in error


def test_unknown_topic_and_duplicate_statement(content):
    def change(statements):
        statements[0]["topic"] = "skola"
        statements[1]["id"] = "lagenheter"

    edit(content / "mini/statements.yaml", change)
    errors = errors_for(content)
    assert any("statements.yaml" in e and "topic 'skola'" in e for e in errors)
    assert any("statements.yaml" in e and "'lagenheter' is used more than once" in e for e in errors)


def test_duplicate_party_and_bad_colour(content):
    def change(meta):
        meta["parties"][1]["id"] = "alfa"
        meta["parties"][2]["color"] = "red; background:url(x)"

    edit(content / "mini/quiz.yaml", change)
    errors = errors_for(content)
    assert any("quiz.yaml" in e and "party id 'alfa' is used more than once" in e for e in errors)
    assert any("quiz.yaml" in e and "gamma" in e and "#rrggbb" in e for e in errors)


def test_asymmetric_scale(content):
    edit(content / "mini/quiz.yaml", lambda m: m["scale"].update(values=[0, 1, 2]))
    assert any("symmetric" in e for e in errors_for(content))


def test_known_position_needs_basis_justification_and_quote(content):
    edit(content / "mini/positions/alfa.yaml", lambda d: d["positions"][0].update(basis="guess", justification="", quote=""))
    errors = errors_for(content)
    assert any("'lagenheter'" in e and "basis" in e for e in errors)
    assert any("'lagenheter'" in e and "justification" in e for e in errors)
    assert any("'lagenheter'" in e and "quote" in e for e in errors)


def test_missing_source_file_and_broken_yaml(content):
    edit(content / "mini/quiz.yaml", lambda m: m["parties"][0]["source"].update(file="saknas.txt"))
    (content / "mini/positions/beta.yaml").write_text("party: beta\npositions: [unclosed\n")
    errors = errors_for(content)
    assert any("saknas.txt" in e and "not found" in e for e in errors)
    assert any("beta.yaml" in e and "not valid YAML" in e for e in errors)


def test_statement_direction_is_read_and_checked(content):
    quiz = load_quiz(content / "mini", content / "sources")
    assert {s.id: s.direction for s in quiz.statements} == {
        "lagenheter": "more", "vrakningar": "", "krav": "less", "avgifter": ""}
    edit(content / "mini/statements.yaml", lambda d: d[1].update(direction="fler"))
    [error] = errors_for(content)
    assert "statements.yaml" in error and "'vrakningar'" in error and "direction must be one of more, less" in error


def test_statement_direction_travels_in_the_json_and_only_when_stated(content):
    document = to_export(load_quiz(content / "mini", content / "sources"), "1")
    assert [s.get("direction") for s in document["statements"]] == ["more", None, "less", None]
    assert [s.direction for s in from_export(document).statements] == ["more", "", "less", ""]
    document["statements"][1]["direction"] = "mer"
    with pytest.raises(ContentError) as info:
        from_export(document)
    assert any("'vrakningar'" in e and "direction" in e for e in info.value.errors)


def test_all_errors_are_reported_at_once(content):
    edit(content / "mini/positions/beta.yaml", lambda d: d["positions"][1].update(value=7))
    edit(content / "mini/positions/alfa.yaml", lambda d: d["positions"][0].update(quote="inte i texten"))
    assert len(errors_for(content)) == 2


def test_export_json_round_trip(content):
    quiz = load_quiz(content / "mini", content / "sources")
    document = to_export(quiz, "1-abc")
    again = from_export(document)
    assert again == quiz
    assert to_export(again, "1-abc") == document


def test_export_json_problems_are_listed():
    with pytest.raises(ContentError) as info:
        from_export({"format": "valkompass/1", "id": "x", "version": "1", "title": "t", "language": "sv",
                     "scale": {"values": [-1, 0, 1]}, "parties": [{"id": "p", "name": "P"}],
                     "statements": [{"id": "s", "text": "S"}],
                     "positions": [{"party": "p", "statement": "s", "value": 5},
                                   {"party": "q", "statement": "s", "value": 1}]})
    errors = info.value.errors
    assert any("value 5 is not on the scale" in e for e in errors)
    assert any("party is not in 'parties'" in e for e in errors)
    with pytest.raises(ContentError):
        from_export({"format": "other/2"})


def test_hostile_json_types_are_content_errors_not_crashes(content):
    """Every field replaced by values of the wrong type: a ContentError saying where, never another
    exception; a list or an object where a text goes is always refused (it was read as the text
    "{'a': [1]}", or as no quote at all), and whatever is accepted exports again."""
    document = to_export(load_quiz(content / "mini", content / "sources"), "1")
    junk = [None, 7, True, "x", [], {}, [1], {"a": [1]}, [{"id": []}]]

    def variants(node, path=()):
        if isinstance(node, dict):
            for key, value in node.items():
                yield from variants(value, path + (key,))
        elif isinstance(node, list):
            for i, value in enumerate(node[:2]):
                yield from variants(value, path + (i,))
        yield path

    import copy

    refused = []
    for path in variants(document):
        for value in junk:
            broken = copy.deepcopy(document)
            target = broken
            for step in path[:-1]:
                target = target[step]
            if path:
                target[path[-1]] = value
            else:
                broken = value
            original = document
            for step in path:
                original = original[step]
            try:
                quiz = from_export(broken)
            except ContentError as error:
                refused.append(path)
                assert str(error).strip(), path
            else:
                ignored = path == ("version",)  # the importer numbers versions itself
                assert ignored or not (isinstance(original, str) and isinstance(value, (list, dict))), (path, value)
                to_export(quiz, "2")
    assert () in refused and ("title",) in refused and ("positions", 0, "quote") in refused
    assert len(refused) > len(junk) * 40
