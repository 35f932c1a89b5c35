"""A draft to and from files: ``valkompass/1`` JSON (with the optional ``source.text``) or a zip of
a ``statements/<quiz>/`` folder with its ``sources/``, so a quiz moves between files and the
browser without loss.

Imports are untrusted: a zip may hold at most ``MAX_ZIP_FILES`` entries and ``MAX_UNPACKED_BYTES``
unpacked, names must be relative paths without ``..`` (nothing is written outside a temporary
folder), YAML is read with the safe loader and refused when it uses aliases (no "billion laughs").
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

import yaml
from flask_babel import gettext as _
from sqlalchemy import delete

from ..content.exchange import from_export, to_export
from ..content.folders import load_quiz, to_folder
from ..content.validation import ContentError
from ..core.model import Quiz
from ..store.editor import Draft, DraftParty, DraftPosition, DraftStatement
from ..extensions import db
from . import drafts

MAX_ZIP_FILES = 300
MAX_UNPACKED_BYTES = 40 * 2**20
ALLOWED_SUFFIXES = (".yaml", ".yml", ".txt", ".md")


class ImportRefused(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def folder_zip(draft: Draft) -> bytes:
    data, sources = drafts.document(draft)
    quiz = from_export(data, draft.quiz_id)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in to_folder(quiz, sources).items():
            archive.writestr(f"statements/{name}", text)
    return out.getvalue()


def _no_aliases(text: str, name: str) -> None:
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                raise ImportRefused([_("%(file)s: YAML-alias (*namn) tas inte emot.", file=name)])
    except yaml.YAMLError as exc:
        raise ImportRefused([f"{name}: {exc}".replace("\n", " ")]) from None


def quiz_from_zip(body: bytes) -> tuple[Quiz, dict[str, str]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise ImportRefused([_("Filen är inte en giltig zip-fil.")]) from None
    if len(entries) > MAX_ZIP_FILES:
        raise ImportRefused([_("Zip-filen har fler än %(n)d filer.", n=MAX_ZIP_FILES)])
    if sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
        raise ImportRefused([_("Zip-filen är större än %(n)d MB uppackad.", n=MAX_UNPACKED_BYTES // 2**20)])
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        written = 0
        for entry in entries:
            if entry.is_dir():
                continue
            path = PurePosixPath(entry.filename)
            if (path.is_absolute() or ".." in path.parts or "\\" in entry.filename or ":" in entry.filename
                    or path.suffix.lower() not in ALLOWED_SUFFIXES):
                raise ImportRefused([_("Otillåtet filnamn i zip-filen: %(name)s", name=entry.filename[:200])])
            with archive.open(entry) as member:
                data = member.read(MAX_UNPACKED_BYTES + 1 - written)
            written += len(data)
            if written > MAX_UNPACKED_BYTES:  # the sizes in the directory were lies
                raise ImportRefused([_("Zip-filen är större än %(n)d MB uppackad.", n=MAX_UNPACKED_BYTES // 2**20)])
            target = root.joinpath(*path.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            if path.suffix.lower() in (".yaml", ".yml"):
                try:
                    _no_aliases(data.decode("utf-8"), entry.filename)
                except UnicodeDecodeError:
                    raise ImportRefused([_("%(file)s är inte text i UTF-8.", file=entry.filename[:200])]) from None
        folders = sorted(p.parent for p in root.rglob("quiz.yaml"))
        if len(folders) != 1:
            raise ImportRefused([_("Zip-filen ska innehålla precis en quizmapp (med quiz.yaml).")])
        folder = folders[0]
        sources = folder.parent / "sources"
        try:
            quiz = load_quiz(folder, sources)
        except ContentError as exc:
            raise ImportRefused([e.replace(str(root) + "/", "") for e in exc.errors]) from None
        texts = {}
        for party in quiz.parties:
            if party.source_file and (sources / party.source_file).is_file():
                try:
                    texts[party.id] = (sources / party.source_file).read_text(encoding="utf-8")
                except UnicodeDecodeError:
                    raise ImportRefused([_("%(file)s är inte text i UTF-8.", file=party.source_file)]) from None
        return quiz, texts


def quiz_from_json(body: bytes) -> tuple[Quiz, dict[str, str]]:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ImportRefused([_("Filen är inte giltig JSON.")]) from None
    try:
        quiz = from_export(data, "JSON")
    except (ContentError, TypeError, AttributeError) as exc:
        raise ImportRefused(getattr(exc, "errors", None) or [_("Filen är inte valkompass/1-JSON.")]) from None
    texts = {}
    for raw in data.get("parties") or []:
        source = raw.get("source") if isinstance(raw, dict) else None
        if isinstance(source, dict) and isinstance(source.get("text"), str):
            texts[str(raw.get("id"))] = source["text"]
    return quiz, texts


def import_upload(org_id: int, filename: str, body: bytes) -> tuple[Draft, bool]:
    """A new draft from an uploaded file, or this organisation's draft of that id replaced."""
    if len(body) > MAX_UNPACKED_BYTES:
        raise ImportRefused([_("Filen är för stor.")])
    if body[:2] == b"PK":
        quiz, texts = quiz_from_zip(body)
    else:
        quiz, texts = quiz_from_json(body)
    return draft_from_quiz(org_id, quiz, texts)


def draft_from_quiz(org_id: int, quiz: Quiz, texts: dict[str, str]) -> tuple[Draft, bool]:
    problem = drafts.quiz_id_problem(quiz.id, org_id)
    if problem:
        raise ImportRefused([problem])
    errors = []
    if len(quiz.parties) > drafts.MAX_PARTIES:
        errors.append(_("Ett quiz kan ha högst %(n)d partier.", n=drafts.MAX_PARTIES))
    if len(quiz.statements) > drafts.MAX_STATEMENTS:
        errors.append(_("Ett quiz kan ha högst %(n)d påståenden.", n=drafts.MAX_STATEMENTS))
    for party_id, text in texts.items():
        if drafts.source_problem(text):
            errors.append(f"{party_id}: {drafts.source_problem(text)}")
    if errors:
        raise ImportRefused(errors)
    draft = drafts.draft_of(org_id, quiz.id)
    replaced = draft is not None
    if draft is None:
        draft = Draft(org_id=org_id, quiz_id=quiz.id, title="", scale="{}")
        db.session.add(draft)
    else:
        db.session.execute(delete(DraftPosition).where(DraftPosition.draft_id == draft.id))
        db.session.execute(delete(DraftParty).where(DraftParty.draft_id == draft.id))
        db.session.execute(delete(DraftStatement).where(DraftStatement.draft_id == draft.id))
        draft.version += 1
    draft.title, draft.description, draft.language = quiz.title, quiz.description, quiz.language
    draft.scale = json.dumps({"values": list(quiz.scale_values), "labels": dict(quiz.scale_labels)}, ensure_ascii=False)
    draft.topics = json.dumps([{"id": t.id, "title": t.title, **({"translations": t.translations} if t.translations else {})}
                               for t in quiz.topics], ensure_ascii=False)
    draft.municipalities = json.dumps(sorted({p.municipality for p in quiz.parties if p.municipality}), ensure_ascii=False)
    exported = to_export(quiz, "")
    draft.extra = drafts.extra_of(exported, lambda k: k in drafts.QUIZ_EXTRA_FIELDS)
    drafts.touch(draft)
    db.session.flush()
    party_rows, statement_rows = {}, {}
    for i, p in enumerate(quiz.parties, start=1):
        party_rows[p.id] = DraftParty(
            draft_id=draft.id, party_id=p.id, ordering=i, name=p.name, short_name=p.short_name,
            municipality=p.municipality, color=p.color, source_title=p.source_title, source_url=p.source_url,
            source_captured=p.source_captured, source_text=texts.get(p.id, ""))
    for i, s in enumerate(quiz.statements, start=1):
        statement_rows[s.id] = DraftStatement(
            draft_id=draft.id, statement_id=s.id, ordering=i, text=s.text, topic=s.topic,
            background=s.background, easy=s.easy.get("sv", ""), text_en=s.translations.get("en", {}).get("text", ""),
            direction=s.direction, extra=drafts.statement_extra(s))
    db.session.add_all([*party_rows.values(), *statement_rows.values()])
    db.session.flush()
    for pos in quiz.positions:
        db.session.add(DraftPosition(
            draft_id=draft.id, party_row=party_rows[pos.party].id, statement_row=statement_rows[pos.statement].id,
            value=pos.review.coded if pos.review else pos.value,  # our coding; a round's answers stay in the file
            basis=pos.basis, justification=pos.justification, quote=pos.quote,
            extra=drafts.extra_of({"translations": pos.translations}, lambda k: True)))
    db.session.flush()
    return draft, replaced
