"""Checks shared by both content formats (folders and ``valkompass/1`` JSON).

Content is data under review, so loading never half-succeeds: every problem found is collected
as a message naming the file, the item and what is wrong, and a ``ContentError`` carries them all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core.model import COLOR_PATTERN, DIRECTIONS, ID_PATTERN, Party, Quiz, Statement, Topic

QUIZ_TRANSLATED = ("title", "description")  # the fields quiz.yaml's translations may hold
QUIZ_EASY = ("description",)
POSITION_TRANSLATED = ("justification",)  # a quote is the party's own words: never translated


class ContentError(Exception):
    """Invalid content; ``errors`` lists every problem found, each naming file and item."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def _quiz(errors: list[str], *, topics, parties, statements, positions, **fields) -> Quiz:
    """The quiz both formats read, or every problem found: loading never half-succeeds."""
    if errors:
        raise ContentError(errors)
    return Quiz(topics=tuple(topics), parties=tuple(parties), statements=tuple(statements),
                positions=tuple(positions), **fields)


def _text(item: dict, key: str, where: str, errors: list[str], required: bool = True) -> str:
    value = item.get(key)
    if value is None:
        if required:
            errors.append(f"{where}: '{key}' is missing")
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        errors.append(f"{where}: '{key}' must be a non-empty text")
        return ""
    return value.strip()


def _mapping(value: Any, where: str, errors: list[str]) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors.append(f"{where}: must be a mapping")
        return {}
    return value


def _as_text(value: Any, where: str, errors: list[str]) -> str:
    """A text field's value: a string, or a number or yes/no written where a text goes (YAML reads
    ``title: 2026`` as a number); nothing for null. A list or an object is refused, where ``str()``
    would have made "{'a': [1]}" a quiz's title or an empty quote of ``{}``."""
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        errors.append(f"{where}: must be a text, not a {'list' if isinstance(value, list) else 'mapping'}")
        return ""
    return str(value)


def _texts(mapping: dict, where: str, errors: list[str]) -> dict[str, str]:
    """A mapping of texts (translations, easy versions), each stripped; null entries left out."""
    return {str(k): _as_text(v, f"{where}.{k}", errors).strip() for k, v in mapping.items() if v is not None}


def _translations(item: dict, where: str, errors: list[str]) -> dict[str, dict[str, str]]:
    result: dict[str, dict[str, str]] = {}
    for lang, texts in _mapping(item.get("translations"), f"{where} translations", errors).items():
        texts = _mapping(texts, f"{where} translations.{lang}", errors)
        result[str(lang)] = _texts(texts, f"{where} translations.{lang}", errors)
    return result


def _mappings(raw: Any, where: str, kind: str, errors: list[str]):
    """Yield (item, where) for each mapping in a list, reporting what is not one."""
    if raw is None:
        return
    if not isinstance(raw, list):
        errors.append(f"{where}: '{kind}s' must be a list")
        return
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            errors.append(f"{where}: {kind} #{i + 1}: must be a mapping")
            continue
        yield item, f"{where}: {kind} '{item.get('id')}'" if item.get("id") else f"{where}: {kind} #{i + 1}"


def _checked_id(item: dict, where: str, errors: list[str]) -> str:
    item_id = _text(item, "id", where, errors)
    if item_id and not ID_PATTERN.match(item_id):
        errors.append(f"{where}: id must match {ID_PATTERN.pattern}")
    return item_id


def _topics(raw: Any, where: str, errors: list[str]) -> list[Topic]:
    topics = [
        Topic(_text(item, "id", w, errors), _text(item, "title", w, errors), _translations(item, w, errors))
        for item, w in _mappings(raw, where, "topic", errors)
    ]
    _no_duplicates([t.id for t in topics], f"{where}: topic", errors)
    return topics


def _parties(raw: Any, where: str, errors: list[str], sources: Path | None = None) -> list[Party]:
    """Parties; with ``sources`` (content folders) each named source file must exist there."""
    parties = []
    for item, w in _mappings(raw, where, "party", errors):
        color = _text(item, "color", w, errors, required=False)
        if color and not COLOR_PATTERN.match(color):
            errors.append(f"{w}: color '{color}' must be #rrggbb")
        source = _mapping(item.get("source"), f"{w} source", errors)
        source_file = _text(source, "file", f"{w} source", errors, required=False)
        if sources and source_file and not (sources / source_file).is_file():
            errors.append(f"{w}: source file '{source_file}' not found in {sources}")
        parties.append(
            Party(
                id=_checked_id(item, w, errors),
                name=_text(item, "name", w, errors),
                short_name=_text(item, "short_name", w, errors, required=False),
                municipality=_text(item, "municipality", w, errors, required=False),
                color=color,
                source_title=_text(source, "title", f"{w} source", errors, required=False),
                source_url=_text(source, "url", f"{w} source", errors, required=False),
                source_file=source_file,
                source_captured=_text(source, "captured", f"{w} source", errors, required=False),
            )
        )
    if not parties:
        errors.append(f"{where}: 'parties' must list at least one party")
    _no_duplicates([p.id for p in parties], f"{where}: party", errors)
    return parties


def _statements(raw: Any, where: str, topic_ids: set[str], errors: list[str]) -> list[Statement]:
    statements = []
    for item, w in _mappings(raw, where, "statement", errors):
        topic = _text(item, "topic", w, errors, required=False)
        if topic and topic not in topic_ids:
            errors.append(f"{w}: topic '{topic}' is not one of the quiz's topics")
        easy = _mapping(item.get("easy"), f"{w} easy", errors)
        direction = item.get("direction")
        if direction is not None and direction not in DIRECTIONS:
            errors.append(f"{w}: direction must be one of {', '.join(DIRECTIONS)} (or left out), got {direction!r}")
            direction = None
        statements.append(
            Statement(
                id=_checked_id(item, w, errors),
                text=_text(item, "text", w, errors),
                topic=topic,
                background=_text(item, "background", w, errors, required=False),
                origin=_text(item, "origin", w, errors, required=False),
                easy=_texts(easy, f"{w} easy", errors),
                translations=_translations(item, w, errors),
                direction=direction or "",
            )
        )
    if not statements:
        errors.append(f"{where}: at least one statement is needed")
    _no_duplicates([s.id for s in statements], f"{where}: statement", errors)
    return statements


def _scale(scale: dict, where: str, errors: list[str]) -> tuple[tuple[int, ...], dict[str, str]]:
    values = scale.get("values")
    if (
        not isinstance(values, list)
        or len(values) < 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in values)
    ):
        errors.append(f"{where}: scale.values must be a list of at least two integers")
        return (), {}
    if values != sorted(set(values)) or values != [-v for v in reversed(values)]:
        errors.append(f"{where}: scale.values must be ascending and symmetric around 0, got {values}")
    labels = {str(k): str(v) if v is None else _as_text(v, f"{where} scale.labels.{k}", errors)
              for k, v in _mapping(scale.get("labels"), f"{where} scale.labels", errors).items()}
    for key in labels:
        if key not in {str(v) for v in values}:
            errors.append(f"{where}: scale label '{key}' is not a scale value")
    return tuple(values), labels


def _no_duplicates(ids: list[str], where: str, errors: list[str]) -> None:
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            errors.append(f"{where} id '{item_id}' is used more than once")
        seen.add(item_id)


def _quiz_texts(meta: dict, where: str, errors: list[str]) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """The quiz's own translations (title, description) and easy description, checked by field."""
    translations = _translations(meta, where, errors)
    for lang, texts in translations.items():
        for key in set(texts) - set(QUIZ_TRANSLATED):
            errors.append(f"{where}: translations.{lang}.{key} is not a quiz field that can be translated "
                          f"({', '.join(QUIZ_TRANSLATED)})")
    easy = _texts(_mapping(meta.get("easy"), f"{where} easy", errors), f"{where} easy", errors)
    for key in set(easy) - set(QUIZ_EASY):
        errors.append(f"{where}: easy.{key} is not a quiz field with an easy version ({', '.join(QUIZ_EASY)})")
    return translations, easy


def _position_translations(item: dict, where: str, value, errors: list[str]) -> dict[str, dict[str, str]]:
    translations = _translations(item, where, errors)
    for lang, texts in translations.items():
        for key in set(texts) - set(POSITION_TRANSLATED):
            errors.append(f"{where}: translations.{lang}.{key} cannot be translated (only "
                          f"{', '.join(POSITION_TRANSLATED)}; a quote stays the party's own words)")
    if translations and value is None:
        errors.append(f"{where}: an unknown position has no justification to translate")
    return translations
