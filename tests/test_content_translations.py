"""English for the quiz's own texts and the positions' justifications, kept in the content files
beside the Swedish (issue 22): the loader and validator, valkompass/1 export and import, and the
English pages, where a justification without a translation stays Swedish, marked lang="sv"."""

from __future__ import annotations

import shutil

import pytest
import yaml

from quiz.content.exchange import fingerprint, from_export, to_export
from quiz.content.folders import load_quiz
from quiz.content.validation import ContentError
from tests.conftest import FIXTURES
from tests.helpers.forms import hidden_state
from tests.helpers.voter import form_action, start_quiz

JUSTIFICATION_EN = "Wants to build more."


def translated_mini(tmp_path, **changes):
    """A copy of the mini quiz with English for its title and description, an easy description, and
    English for alfa's justification on `lagenheter` (alfa's `vrakningar` stays Swedish only)."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURES, root)
    meta_path = root / "mini" / "quiz.yaml"
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    meta["description"] = "Ta ställning till förslag om bostäder och stöd."
    meta["translations"] = {"en": {"title": "Mini quiz", "description": "Take a stand on proposals on housing and support."}}
    meta["easy"] = {"description": "Säg vad du tycker om förslag om bostäder."}
    meta.update(changes.get("meta", {}))
    meta_path.write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    alfa_path = root / "mini" / "positions" / "alfa.yaml"
    alfa = yaml.safe_load(alfa_path.read_text(encoding="utf-8"))
    alfa["positions"][0]["translations"] = changes.get("position", {"en": {"justification": JUSTIFICATION_EN}})
    alfa_path.write_text(yaml.safe_dump(alfa, allow_unicode=True), encoding="utf-8")
    return root


def test_the_loader_reads_the_translations_and_export_and_import_keep_them(tmp_path):
    quiz = load_quiz(translated_mini(tmp_path) / "mini")
    assert quiz.translations == {"en": {"title": "Mini quiz", "description": "Take a stand on proposals on housing and support."}}
    assert quiz.easy == {"description": "Säg vad du tycker om förslag om bostäder."}
    lagenheter = next(p for p in quiz.positions if (p.party, p.statement) == ("alfa", "lagenheter"))
    assert lagenheter.translations == {"en": {"justification": JUSTIFICATION_EN}}
    exported = to_export(quiz, "1-test")
    assert exported["translations"]["en"]["title"] == "Mini quiz" and exported["easy"]["description"]
    row = next(p for p in exported["positions"] if (p["party"], p["statement"]) == ("alfa", "lagenheter"))
    assert row["translations"] == {"en": {"justification": JUSTIFICATION_EN}}
    assert all("translations" not in p for p in exported["positions"] if p is not row)  # written only when set
    again = from_export(exported)
    assert again.translations == quiz.translations and again.easy == quiz.easy
    assert again.positions == quiz.positions and fingerprint(again) == fingerprint(quiz)


@pytest.mark.parametrize("changes, message", [
    ({"position": {"en": {"quote": "Wants more social flats."}}}, "translations.en.quote cannot be translated"),
    ({"meta": {"translations": {"en": {"scale": "x"}}}}, "translations.en.scale is not a quiz field that can be translated"),
    ({"meta": {"easy": {"title": "Mini"}}}, "easy.title is not a quiz field with an easy version"),
])
def test_the_validator_names_a_translation_it_cannot_take(tmp_path, changes, message):
    with pytest.raises(ContentError) as error:
        load_quiz(translated_mini(tmp_path, **changes) / "mini")
    assert any(message in e for e in error.value.errors), error.value.errors


def test_a_translation_on_an_unknown_position_is_an_error_in_yaml_and_json(tmp_path):
    root = translated_mini(tmp_path)
    alfa_path = root / "mini" / "positions" / "alfa.yaml"
    alfa = yaml.safe_load(alfa_path.read_text(encoding="utf-8"))
    alfa["positions"][2]["translations"] = {"en": {"justification": "Nothing known."}}  # krav: null
    alfa_path.write_text(yaml.safe_dump(alfa, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_quiz(root / "mini")
    assert any("position on 'krav'" in e and "unknown position" in e for e in error.value.errors)
    exported = to_export(load_quiz(translated_mini(tmp_path / "b") / "mini"), "1-test")
    exported["positions"][0]["translations"] = {"en": {"quote": "x"}}
    with pytest.raises(ContentError):
        from_export(exported)


def result_page(client, query=""):
    """Start the quiz and send every statement's middle answer straight to the result page."""
    page = start_quiz(client)
    return client.post(form_action(page).replace("/svar", "/resultat") + query,
                       data={"state": hidden_state(page).replace(".", "c")}).get_data(as_text=True)


def test_english_pages_show_the_translated_texts_and_mark_untranslated_party_text_swedish(make_app, tmp_path):
    app = make_app(translated_mini(tmp_path))
    client = app.test_client()
    english = result_page(client, "?lang=en")
    assert f"<p>{JUSTIFICATION_EN}</p>" in english
    assert '<p><span lang="sv">Ingen ska vräkas.</span></p>' in english  # alfa on vrakningar: no translation
    assert '<blockquote lang="sv"><p>”vill att kommunen bygger fler sociala lägenheter”</p></blockquote>' in english
    swedish = result_page(client)
    assert "<p>Vill bygga fler.</p>" in swedish and JUSTIFICATION_EN not in swedish
    start = client.get("/?lang=en").get_data(as_text=True)
    assert "Mini quiz" in start and "Take a stand on proposals on housing and support." in start
    assert "Säg vad du tycker om förslag om bostäder." in client.get("/?lattlast=1").get_data(as_text=True)
    assert "Ta ställning till förslag om bostäder och stöd." in client.get("/").get_data(as_text=True)
