"""The quiz domain and its two file formats: content folders (YAML) and ``valkompass/1`` JSON.

Content is data under review, so loading never half-succeeds: every problem found is collected
as a message naming the file, the item and what is wrong, and a ``ContentError`` carries them all.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

FORMAT = "valkompass/1"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
COLOR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
BASES = ("explicit", "interpreted")


class ContentError(Exception):
    """Invalid content; ``errors`` lists every problem found, each naming file and item."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    translations: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Party:
    id: str
    name: str
    short_name: str = ""
    municipality: str = ""
    color: str = ""
    source_title: str = ""
    source_url: str = ""
    source_file: str = ""

    @property
    def label(self) -> str:
        return self.short_name or self.name


@dataclass(frozen=True)
class Statement:
    id: str
    text: str
    topic: str = ""
    background: str = ""
    origin: str = ""
    easy: dict[str, str] = field(default_factory=dict)
    translations: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Position:
    party: str
    statement: str
    value: int | None
    basis: str = ""
    justification: str = ""
    quote: str = ""


@dataclass(frozen=True)
class Quiz:
    id: str
    title: str
    language: str
    scale_values: tuple[int, ...]
    scale_labels: dict[str, str]
    parties: tuple[Party, ...]
    statements: tuple[Statement, ...]
    positions: tuple[Position, ...]
    topics: tuple[Topic, ...] = ()
    description: str = ""

    def fingerprint(self) -> str:
        """Content hash: equal content, equal fingerprint, so re-importing changes nothing."""
        payload = json.dumps(to_export(self, version=""), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()


def normalise_space(text: str) -> str:
    return " ".join(text.split())


# --- content folders ----------------------------------------------------------------------------


def _read_yaml(path: Path, errors: list[str]) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        errors.append(f"{path}: file is missing")
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        errors.append(f"{path}: not valid YAML: {exc}".replace("\n", " "))
    return None


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


def _translations(item: dict, where: str, errors: list[str]) -> dict[str, dict[str, str]]:
    result: dict[str, dict[str, str]] = {}
    for lang, texts in _mapping(item.get("translations"), f"{where} translations", errors).items():
        texts = _mapping(texts, f"{where} translations.{lang}", errors)
        result[str(lang)] = {str(k): str(v).strip() for k, v in texts.items() if v is not None}
    return result


def load_quiz(folder: Path, sources: Path | None = None) -> Quiz:
    """Load and validate one quiz folder; raise ``ContentError`` listing every problem."""
    folder = Path(folder)
    sources = Path(sources) if sources else folder.parent / "sources"
    errors: list[str] = []
    meta_path, statements_path = folder / "quiz.yaml", folder / "statements.yaml"
    meta = _read_yaml(meta_path, errors)
    raw_statements = _read_yaml(statements_path, errors)
    if errors:
        raise ContentError(errors)
    if not isinstance(meta, dict):
        raise ContentError([f"{meta_path}: must be a mapping of quiz fields"])
    if not isinstance(raw_statements, list):
        raise ContentError([f"{statements_path}: must be a list of statements"])

    where = str(meta_path)
    quiz_id = _text(meta, "id", where, errors)
    if quiz_id and not ID_PATTERN.match(quiz_id):
        errors.append(f"{where}: id '{quiz_id}' must match {ID_PATTERN.pattern}")
    if quiz_id and quiz_id != folder.name:
        errors.append(f"{where}: id '{quiz_id}' must equal the folder name '{folder.name}'")
    title = _text(meta, "title", where, errors)
    language = _text(meta, "language", where, errors)
    description = _text(meta, "description", where, errors, required=False)
    scale_values, scale_labels = _scale(_mapping(meta.get("scale"), f"{where} scale", errors), where, errors)

    topics = []
    for i, item in enumerate(meta.get("topics") or []):
        item_where = f"{where}: topic #{i + 1}"
        if not isinstance(item, dict):
            errors.append(f"{item_where}: must be a mapping")
            continue
        tid = _text(item, "id", item_where, errors)
        item_where = f"{where}: topic '{tid}'"
        topics.append(Topic(tid, _text(item, "title", item_where, errors), _translations(item, item_where, errors)))
    _no_duplicates([t.id for t in topics], f"{where}: topic", errors)

    parties = []
    for i, item in enumerate(meta.get("parties") or []):
        item_where = f"{where}: party #{i + 1}"
        if not isinstance(item, dict):
            errors.append(f"{item_where}: must be a mapping")
            continue
        pid = _text(item, "id", item_where, errors)
        item_where = f"{where}: party '{pid}'"
        if pid and not ID_PATTERN.match(pid):
            errors.append(f"{item_where}: id must match {ID_PATTERN.pattern}")
        color = _text(item, "color", item_where, errors, required=False)
        if color and not COLOR_PATTERN.match(color):
            errors.append(f"{item_where}: color '{color}' must be #rrggbb")
        source = _mapping(item.get("source"), f"{item_where} source", errors)
        source_file = _text(source, "file", f"{item_where} source", errors, required=False)
        if source_file and not (sources / source_file).is_file():
            errors.append(f"{item_where}: source file '{source_file}' not found in {sources}")
        parties.append(
            Party(
                id=pid,
                name=_text(item, "name", item_where, errors),
                short_name=_text(item, "short_name", item_where, errors, required=False),
                municipality=_text(item, "municipality", item_where, errors, required=False),
                color=color,
                source_title=_text(source, "title", f"{item_where} source", errors, required=False),
                source_url=_text(source, "url", f"{item_where} source", errors, required=False),
                source_file=source_file,
            )
        )
    if not parties:
        errors.append(f"{where}: 'parties' must list at least one party")
    _no_duplicates([p.id for p in parties], f"{where}: party", errors)

    topic_ids = {t.id for t in topics}
    statements = []
    for i, item in enumerate(raw_statements):
        item_where = f"{statements_path}: statement #{i + 1}"
        if not isinstance(item, dict):
            errors.append(f"{item_where}: must be a mapping")
            continue
        sid = _text(item, "id", item_where, errors)
        item_where = f"{statements_path}: statement '{sid}'"
        if sid and not ID_PATTERN.match(sid):
            errors.append(f"{item_where}: id must match {ID_PATTERN.pattern}")
        topic = _text(item, "topic", item_where, errors, required=False)
        if topic and topic not in topic_ids:
            errors.append(f"{item_where}: topic '{topic}' is not a topic in quiz.yaml")
        easy = _mapping(item.get("easy"), f"{item_where} easy", errors)
        statements.append(
            Statement(
                id=sid,
                text=_text(item, "text", item_where, errors),
                topic=topic,
                background=_text(item, "background", item_where, errors, required=False),
                origin=_text(item, "origin", item_where, errors, required=False),
                easy={str(k): str(v).strip() for k, v in easy.items() if v is not None},
                translations=_translations(item, item_where, errors),
            )
        )
    if not statements:
        errors.append(f"{statements_path}: at least one statement is needed")
    _no_duplicates([s.id for s in statements], f"{statements_path}: statement", errors)

    positions = _load_positions(folder / "positions", parties, statements, scale_values, errors)
    sources_text = {}
    for party in parties:
        if party.source_file and (sources / party.source_file).is_file():
            sources_text[party.id] = normalise_space((sources / party.source_file).read_text(encoding="utf-8"))
    for pos, pos_where in positions:
        if pos.value is not None and pos.party in sources_text:
            if not pos.quote:
                errors.append(f"{pos_where}: a known position needs a verbatim 'quote'")
            elif normalise_space(pos.quote) not in sources_text[pos.party]:
                errors.append(f"{pos_where}: quote does not occur in the party's source text: {pos.quote[:80]!r}")
    if errors:
        raise ContentError(errors)
    return Quiz(
        id=quiz_id,
        title=title,
        language=language,
        description=description,
        scale_values=scale_values,
        scale_labels=scale_labels,
        topics=tuple(topics),
        parties=tuple(parties),
        statements=tuple(statements),
        positions=tuple(p for p, _ in positions),
    )


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
    labels = {str(k): str(v) for k, v in _mapping(scale.get("labels"), f"{where} scale.labels", errors).items()}
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


def _load_positions(folder, parties, statements, scale_values, errors) -> list[tuple[Position, str]]:
    party_ids = {p.id for p in parties}
    statement_ids = {s.id for s in statements}
    result: list[tuple[Position, str]] = []
    files = sorted(Path(folder).glob("*.yaml")) if Path(folder).is_dir() else []
    if not files:
        errors.append(f"{folder}: no position files (positions/<party-id>.yaml)")
    for path in files:
        data = _read_yaml(path, errors)
        if data is None:
            continue
        if not isinstance(data, dict):
            errors.append(f"{path}: must be a mapping with 'party' and 'positions'")
            continue
        party = data.get("party")
        if party not in party_ids:
            errors.append(f"{path}: party '{party}' is not a party in quiz.yaml")
            continue
        if path.stem != party:
            errors.append(f"{path}: file name must be the party id '{party}.yaml'")
        seen: set[str] = set()
        for i, item in enumerate(data.get("positions") or []):
            where = f"{path}: position #{i + 1}"
            if not isinstance(item, dict):
                errors.append(f"{where}: must be a mapping")
                continue
            sid = item.get("statement")
            where = f"{path}: position on '{sid}'"
            if sid not in statement_ids:
                errors.append(f"{where}: statement '{sid}' is not in statements.yaml")
                continue
            if sid in seen:
                errors.append(f"{where}: statement is listed more than once")
                continue
            seen.add(sid)
            position = _position(party, sid, item, where, scale_values, errors)
            if position:
                result.append((position, where))
    return result


def _position(party, sid, item, where, scale_values, errors) -> Position | None:
    value = item.get("value")
    if value is not None and (isinstance(value, bool) or value not in scale_values):
        errors.append(f"{where}: value {value!r} is not on the scale {list(scale_values)} (or null for unknown)")
        return None
    basis = item.get("basis") or ""
    if value is not None:
        if basis not in BASES:
            errors.append(f"{where}: basis must be one of {', '.join(BASES)}, got {basis!r}")
        if not str(item.get("justification") or "").strip():
            errors.append(f"{where}: a known position needs a 'justification'")
    return Position(
        party=party,
        statement=sid,
        value=value,
        basis=basis,
        justification=str(item.get("justification") or "").strip(),
        quote=str(item.get("quote") or "").strip(),
    )


def discover(root: Path) -> list[Path]:
    """Quiz folders under ``root``: every folder with a quiz.yaml."""
    return sorted(p.parent for p in Path(root).glob("*/quiz.yaml"))


# --- valkompass/1 JSON ---------------------------------------------------------------------------


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
                    "source": drop_empty({"title": p.source_title, "url": p.source_url, "file": p.source_file}),
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
                }
            )
            for s in quiz.statements
        ],
        "positions": [
            {"party": p.party, "statement": p.statement, "value": p.value}
            | drop_empty({"basis": p.basis, "justification": p.justification, "quote": p.quote})
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

    def items(key: str) -> list[dict]:
        value = data.get(key)
        if not isinstance(value, list) or not all(isinstance(i, dict) for i in value):
            errors.append(f"{where}: '{key}' must be a list of objects")
            return []
        return value

    topics = tuple(
        Topic(
            _text(t, "id", f"{where} topic", errors),
            _text(t, "title", f"{where} topic '{t.get('id')}'", errors),
            _translations(t, f"{where} topic '{t.get('id')}'", errors),
        )
        for t in (items("topics") if "topics" in data else [])
    )
    parties = tuple(
        Party(
            id=_text(p, "id", f"{where} party", errors),
            name=_text(p, "name", f"{where} party '{p.get('id')}'", errors),
            short_name=str(p.get("short_name") or ""),
            municipality=str(p.get("municipality") or ""),
            color=str(p.get("color") or ""),
            source_title=str(_mapping(p.get("source"), where, errors).get("title") or ""),
            source_url=str(_mapping(p.get("source"), where, errors).get("url") or ""),
            source_file=str(_mapping(p.get("source"), where, errors).get("file") or ""),
        )
        for p in items("parties")
    )
    statements = tuple(
        Statement(
            id=_text(s, "id", f"{where} statement", errors),
            text=_text(s, "text", f"{where} statement '{s.get('id')}'", errors),
            topic=str(s.get("topic") or ""),
            background=str(s.get("background") or ""),
            origin=str(s.get("origin") or ""),
            easy={str(k): str(v) for k, v in _mapping(s.get("easy"), where, errors).items()},
            translations=_translations(s, f"{where} statement '{s.get('id')}'", errors),
        )
        for s in items("statements")
    )
    if not parties:
        errors.append(f"{where}: 'parties' must list at least one party")
    if not statements:
        errors.append(f"{where}: 'statements' must list at least one statement")
    _no_duplicates([t.id for t in topics], f"{where}: topic", errors)
    _no_duplicates([p.id for p in parties], f"{where}: party", errors)
    _no_duplicates([s.id for s in statements], f"{where}: statement", errors)
    party_ids, statement_ids = {p.id for p in parties}, {s.id for s in statements}
    topic_ids = {t.id for t in topics}
    for s in statements:
        if s.topic and s.topic not in topic_ids:
            errors.append(f"{where}: statement '{s.id}': topic '{s.topic}' is not a topic")
    positions, seen = [], set()
    for i, item in enumerate(items("positions")):
        pw = f"{where}: position #{i + 1} ({item.get('party')} on {item.get('statement')})"
        if item.get("party") not in party_ids:
            errors.append(f"{pw}: party is not in 'parties'")
            continue
        if item.get("statement") not in statement_ids:
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
        basis = item.get("basis") or ""
        if basis and basis not in BASES:
            errors.append(f"{pw}: basis must be one of {', '.join(BASES)}")
        positions.append(
            Position(item["party"], item["statement"], value, basis,
                     str(item.get("justification") or ""), str(item.get("quote") or ""))
        )
    if errors:
        raise ContentError(errors)
    return Quiz(
        id=quiz_id,
        title=str(data["title"]),
        language=str(data["language"]),
        description=str(data.get("description") or ""),
        scale_values=scale_values,
        scale_labels=scale_labels,
        topics=topics,
        parties=parties,
        statements=statements,
        positions=tuple(positions),
    )


def load_path(path: Path, sources: Path | None = None) -> list[Quiz]:
    """A content folder, a JSON export file, or a folder holding quiz folders."""
    path = Path(path)
    if path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ContentError([f"{path}: not valid JSON: {exc}"]) from exc
        return [from_export(data, str(path))]
    if (path / "quiz.yaml").is_file():
        return [load_quiz(path, sources)]
    folders = discover(path)
    if not folders:
        raise ContentError([f"{path}: no quiz folder (with quiz.yaml) or JSON export found"])
    quizzes, errors = [], []
    for folder in folders:
        try:
            quizzes.append(load_quiz(folder, sources))
        except ContentError as exc:
            errors.extend(exc.errors)
    if errors:
        raise ContentError(errors)
    return quizzes
