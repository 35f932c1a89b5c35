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

from .party_review import Review, answers_entries, answers_file, entry_of, merge, review_from_json

FORMAT = "valkompass/1"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
COLOR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
BASES = ("explicit", "interpreted")
QUIZ_TRANSLATED = ("title", "description")  # the fields quiz.yaml's translations may hold
QUIZ_EASY = ("description",)
POSITION_TRANSLATED = ("justification",)  # a quote is the party's own words: never translated
DIRECTIONS = ("more", "less")


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
    source_captured: str = ""  # when the source text was captured (YYYY-MM-DD), if known

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
    direction: str = ""  # "more", "less" or "" (not stated): see DIRECTIONS and statements/README.md


@dataclass(frozen=True)
class Position:
    party: str
    statement: str
    value: int | None
    basis: str = ""
    justification: str = ""
    quote: str = ""
    # Per language: the justification translated (never the quote, which stays verbatim): {"en": {"justification": …}}
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    review: Review | None = None  # the parties' review round (quiz.party_review), when there was one


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
    translations: dict[str, dict[str, str]] = field(default_factory=dict)  # per language: title, description
    easy: dict[str, str] = field(default_factory=dict)  # lättläst: description

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
    quiz_translations, quiz_easy = _quiz_texts(meta, where, errors)
    scale_values, scale_labels = _scale(_mapping(meta.get("scale"), f"{where} scale", errors), where, errors)

    topics = _topics(meta.get("topics"), where, errors)
    parties = _parties(meta.get("parties"), where, errors, sources)
    statements = _statements(raw_statements, str(statements_path), {t.id for t in topics}, errors)

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
    published = _with_answers(folder / "answers", [p for p, _ in positions], parties, statements, scale_values,
                              sources_text, errors)
    if errors:
        raise ContentError(errors)
    return Quiz(
        id=quiz_id,
        title=title,
        language=language,
        description=description,
        translations=quiz_translations,
        easy=quiz_easy,
        scale_values=scale_values,
        scale_labels=scale_labels,
        topics=tuple(topics),
        parties=tuple(parties),
        statements=tuple(statements),
        positions=tuple(published),
    )


def _with_answers(folder: Path, coded: list[Position], parties, statements, scale_values, sources_text,
                  errors: list[str]) -> list[Position]:
    """Our coded positions, or, where the folder has ``answers/`` (a review round was applied), every
    party × statement as published from our coding and the party's decided answers (quiz.party_review).
    A party without an answers file did not answer: the rule for that is in quiz.party_review."""
    files = sorted(Path(folder).glob("*.yaml")) if Path(folder).is_dir() else []
    if not files:
        return coded
    party_ids, statement_ids = {p.id for p in parties}, [s.id for s in statements]
    answered: dict[str, dict[str, dict]] = {}
    for path in files:
        data = _read_yaml(path, errors)
        party = data.get("party") if isinstance(data, dict) else None
        if party not in party_ids or path.stem != party:
            errors.append(f"{path}: 'party' must be a party in quiz.yaml and the file named after it")
            continue
        answered[party] = answers_entries(data, str(path), set(statement_ids), scale_values, errors)
        for sid, entry in answered[party].items():
            quote = str(entry.get("quote") or "").strip()
            if quote and party in sources_text and normalise_space(quote) not in sources_text[party]:
                errors.append(f"{path}: answer on '{sid}': quote does not occur in the party's source text: {quote[:80]!r}")
    result = []
    for party in parties:
        mine = {p.statement: (p.value, p.basis, p.justification, p.quote) for p in coded if p.party == party.id}
        translated = {p.statement: p.translations for p in coded if p.party == party.id}
        for sid, (value, basis, justification, quote, review) in merge(mine, statement_ids, answered.get(party.id)).items():
            result.append(Position(party.id, sid, value, basis, justification, quote,
                                   translations=translated.get(sid, {}), review=review))
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
                easy={str(k): str(v).strip() for k, v in easy.items() if v is not None},
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


def _quiz_texts(meta: dict, where: str, errors: list[str]) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """The quiz's own translations (title, description) and easy description, checked by field."""
    translations = _translations(meta, where, errors)
    for lang, texts in translations.items():
        for key in set(texts) - set(QUIZ_TRANSLATED):
            errors.append(f"{where}: translations.{lang}.{key} is not a quiz field that can be translated "
                          f"({', '.join(QUIZ_TRANSLATED)})")
    easy = {str(k): str(v).strip() for k, v in _mapping(meta.get("easy"), f"{where} easy", errors).items() if v is not None}
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
        if not isinstance(party, str) or party not in party_ids:
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
            if not isinstance(sid, str) or sid not in statement_ids:
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
        translations=_position_translations(item, where, value, errors),
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
        basis = item.get("basis") or ""
        if basis and basis not in BASES:
            errors.append(f"{pw}: basis must be one of {', '.join(BASES)}")
        positions.append(
            Position(item["party"], item["statement"], value, basis,
                     str(item.get("justification") or ""), str(item.get("quote") or ""),
                     _position_translations(item, pw, value, errors),
                     review_from_json(item.get("review"), pw, scale_values, errors))
        )
    if errors:
        raise ContentError(errors)
    return Quiz(
        id=quiz_id,
        title=str(data["title"]),
        language=str(data["language"]),
        description=str(data.get("description") or ""),
        translations=quiz_translations,
        easy=quiz_easy,
        scale_values=scale_values,
        scale_labels=scale_labels,
        topics=tuple(topics),
        parties=tuple(parties),
        statements=tuple(statements),
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


# --- writing a content folder --------------------------------------------------------------------


def to_folder(quiz: Quiz, sources: dict[str, str] | None = None) -> dict[str, str]:
    """A quiz as the files of ``statements/<quiz>/`` and its ``sources/`` (relative path → text),
    which ``load_quiz`` reads back to an equal quiz. ``sources``: party id → platform text, written
    to ``sources/<party>.txt`` unless the party names a file of its own."""
    sources = sources or {}
    document = to_export(quiz, "")
    files: dict[str, str] = {}
    parties = []
    for party, raw in zip(quiz.parties, document["parties"]):
        raw = dict(raw)
        if party.id in sources:
            name = party.source_file or f"{party.id}.txt"
            raw["source"] = {**raw.get("source", {}), "file": name}
            files[f"sources/{name}"] = sources[party.id]
        parties.append(raw)
    meta = {k: document[k] for k in ("id", "title", "language", "description", "translations", "easy", "scale", "topics")
            if k in document}
    meta["parties"] = parties

    def dump(data) -> str:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)

    files[f"{quiz.id}/quiz.yaml"] = dump(meta)
    files[f"{quiz.id}/statements.yaml"] = dump(document["statements"])
    reviewed = any(p.review is not None for p in quiz.positions)
    for party in quiz.parties:
        positions, answers = [], []
        for pos, raw in zip(quiz.positions, document["positions"]):
            if pos.party != party.id:
                continue
            raw = {k: v for k, v in raw.items() if k not in ("party", "review")}
            if pos.review is not None:  # our coding in positions/, the party's answers in answers/
                raw["value"] = pos.review.coded
                entry = entry_of(pos.statement, pos.review)
                if entry:
                    answers.append(entry)
                if raw["value"] is None and len(raw) == 2:
                    continue
            positions.append(raw)
        files[f"{quiz.id}/positions/{party.id}.yaml"] = dump({"party": party.id, "positions": positions})
        if reviewed:
            files[f"{quiz.id}/answers/{party.id}.yaml"] = dump(answers_file(party.id, answers))
    return files
