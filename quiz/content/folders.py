"""Content folders (``statements/<quiz>/``, YAML): read, validated and written back.

Content is data under review, so loading never half-succeeds: every problem found is collected
as a message naming the file, the item and what is wrong, and a ``ContentError`` carries them all.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from ..core.model import BASES, ID_PATTERN, Position, Quiz, normalise_space
from ..core.party_review import answers_entries, answers_file, entry_of, merge
from .exchange import from_export, to_export
from .validation import (
    ContentError, _as_text, _mapping, _parties, _position_translations, _quiz, _quiz_texts, _scale, _statements, _text,
    _topics,
)


def _read_yaml(path: Path, errors: list[str]) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        errors.append(f"{path}: file is missing")
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        errors.append(f"{path}: not valid YAML: {exc}".replace("\n", " "))
    return None


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
    return _quiz(errors, id=quiz_id, title=title, language=language, description=description,
                 translations=quiz_translations, easy=quiz_easy, scale_values=scale_values, scale_labels=scale_labels,
                 topics=topics, parties=parties, statements=statements, positions=published)


def _with_answers(folder: Path, coded: list[Position], parties, statements, scale_values, sources_text,
                  errors: list[str]) -> list[Position]:
    """Our coded positions, or, where the folder has ``answers/`` (a review round was applied), every
    party × statement as published from our coding and the party's decided answers (quiz.core.party_review).
    A party without an answers file did not answer: the rule for that is in quiz.core.party_review."""
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
    justification = _as_text(item.get("justification"), f"{where}: justification", errors).strip()
    quote = _as_text(item.get("quote"), f"{where}: quote", errors).strip()
    if value is not None and not justification:
        errors.append(f"{where}: a known position needs a 'justification'")
    return Position(
        party=party,
        statement=sid,
        value=value,
        basis=basis,
        justification=justification,
        quote=quote,
        translations=_position_translations(item, where, value, errors),
    )


def discover(root: Path) -> list[Path]:
    """Quiz folders under ``root``: every folder with a quiz.yaml."""
    return sorted(p.parent for p in Path(root).glob("*/quiz.yaml"))


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
