"""The public ``valkompass/1`` JSON (docs/quiz-export.schema.json): what the API serves, the
database stores per version, and other applications import."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..core.model import BASES, ID_PATTERN, Position, Quiz
from ..core.party_review import review_from_json
from .validation import (
    ContentError, _as_text, _mapping, _parties, _position_translations, _quiz, _quiz_texts, _scale, _statements, _text,
    _topics,
)

FORMAT = "valkompass/1"


def fingerprint(quiz: Quiz) -> str:
    """Content hash: equal content, equal fingerprint, so re-importing changes nothing."""
    payload = json.dumps(to_export(quiz, version=""), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def to_export(quiz: Quiz, version: str) -> dict:
    """The public JSON contract (see quiz-export.schema.json); optional extras only where set."""

    def drop_empty(d: dict) -> dict:
        return {k: v for k, v in d.items() if v not in ("", None, {}, [])}

    return {
        "format": FORMAT,
        "id": quiz.id,
        "version": version,
        "title": quiz.title,
        "language": quiz.language,
        **({"description": quiz.description} if quiz.description else {}),
        **({"translations": quiz.translations} if quiz.translations else {}),
        **({"easy": quiz.easy} if quiz.easy else {}),
        "scale": drop_empty({"values": list(quiz.scale_values), "labels": dict(quiz.scale_labels)}),
        "topics": [drop_empty({"id": t.id, "title": t.title, "translations": t.translations}) for t in quiz.topics],
        "parties": [
            drop_empty(
                {
                    "id": p.id,
                    "name": p.name,
                    "short_name": p.short_name,
                    "municipality": p.municipality,
                    "color": p.color,
                    "source": drop_empty({"title": p.source_title, "url": p.source_url, "file": p.source_file,
                                          "captured": p.source_captured}),
                }
            )
            for p in quiz.parties
        ],
        "statements": [
            drop_empty(
                {
                    "id": s.id,
                    "topic": s.topic,
                    "text": s.text,
                    "background": s.background,
                    "origin": s.origin,
                    "easy": s.easy,
                    "translations": s.translations,
                    "direction": s.direction,
                }
            )
            for s in quiz.statements
        ],
        "positions": [
            {"party": p.party, "statement": p.statement, "value": p.value}
            | drop_empty({"basis": p.basis, "justification": p.justification, "quote": p.quote,
                          "translations": p.translations,
                          "review": p.review.to_json() if p.review else None})
            for p in quiz.positions
        ],
    }


def from_export(data: Any, where: str = "JSON") -> Quiz:
    """Read ``valkompass/1`` JSON (already parsed); raise ``ContentError`` listing every problem.

    Quotes cannot be checked against a source text here (the JSON does not carry it); imports from
    other applications may carry only a justification, as the contract allows.
    """
    errors: list[str] = []
    if not isinstance(data, dict):
        raise ContentError([f"{where}: must be a JSON object"])
    if data.get("format") != FORMAT:
        errors.append(f"{where}: 'format' must be '{FORMAT}', got {data.get('format')!r}")
    for key in ("id", "version", "title", "language", "scale", "parties", "statements", "positions"):
        if key not in data:
            errors.append(f"{where}: '{key}' is missing")
    if errors:
        raise ContentError(errors)
    quiz_id = _text(data, "id", where, errors)
    if quiz_id and not ID_PATTERN.match(quiz_id):
        errors.append(f"{where}: id '{quiz_id}' must match {ID_PATTERN.pattern}")
    scale_values, scale_labels = _scale(_mapping(data.get("scale"), f"{where} scale", errors), where, errors)
    quiz_translations, quiz_easy = _quiz_texts(data, where, errors)

    topics = _topics(data.get("topics"), where, errors)
    parties = _parties(data.get("parties"), where, errors)
    statements = _statements(data.get("statements"), where, {t.id for t in topics}, errors)
    party_ids, statement_ids = {p.id for p in parties}, {s.id for s in statements}
    positions, seen = [], set()
    raw_positions = data.get("positions")
    if not isinstance(raw_positions, list) or not all(isinstance(i, dict) for i in raw_positions):
        errors.append(f"{where}: 'positions' must be a list of objects")
        raw_positions = []
    for i, item in enumerate(raw_positions):
        pw = f"{where}: position #{i + 1} ({item.get('party')} on {item.get('statement')})"
        if not isinstance(item.get("party"), str) or item["party"] not in party_ids:
            errors.append(f"{pw}: party is not in 'parties'")
            continue
        if not isinstance(item.get("statement"), str) or item["statement"] not in statement_ids:
            errors.append(f"{pw}: statement is not in 'statements'")
            continue
        key = (item["party"], item["statement"])
        if key in seen:
            errors.append(f"{pw}: listed more than once")
            continue
        seen.add(key)
        value = item.get("value")
        if value is not None and (isinstance(value, bool) or value not in scale_values):
            errors.append(f"{pw}: value {value!r} is not on the scale or null")
            continue
        basis = _as_text(item.get("basis"), f"{pw}: basis", errors)
        if basis and basis not in BASES:
            errors.append(f"{pw}: basis must be one of {', '.join(BASES)}")
        positions.append(
            Position(item["party"], item["statement"], value, basis,
                     _as_text(item.get("justification"), f"{pw}: justification", errors),
                     _as_text(item.get("quote"), f"{pw}: quote", errors),
                     _position_translations(item, pw, value, errors),
                     review_from_json(item.get("review"), pw, scale_values, errors))
        )
    title, language = _as_text(data["title"], f"{where}: title", errors), _as_text(data["language"], f"{where}: language", errors)
    description = _as_text(data.get("description"), f"{where}: description", errors)
    return _quiz(errors, id=quiz_id, title=title, language=language, description=description,
                 translations=quiz_translations, easy=quiz_easy, scale_values=scale_values, scale_labels=scale_labels,
                 topics=topics, parties=parties, statements=statements, positions=positions)
