"""Drafts: a quiz an organisation edits in the browser, checked as ``flask quiz validate`` checks
files, and published through ``quiz.publishing.operations`` like ``flask quiz import``.

Rules kept here:
- **Limits**: ``MAX_STATEMENTS`` statements, ``MAX_PARTIES`` parties, ``MAX_SOURCE_BYTES`` of platform
  text per party (UTF-8).
- **No silent overwrite**: every save names the item's ``version`` it started from and is one
  ``UPDATE … WHERE version = that``; a save from an older version raises ``Conflict``.
- **Quotes are verbatim**: a quote is accepted only where it occurs in the party's stored source,
  whitespace collapsed (the rule ``quiz.content.folders.load_quiz`` applies to files); ``find_quote`` says where.
- **Quiz ids are unique per install**: a draft's id may be neither another organisation's draft nor
  a quiz published from files (those stay managed as files).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from ..content.exchange import from_export, to_export
from ..content.validation import ContentError
from ..core.model import BASES, DIRECTIONS, ID_PATTERN, Quiz, normalise_space
from ..store.editor import Draft, DraftParty, DraftPosition, DraftStatement
from ..extensions import db
from ..store.models import QuizVersion, utcnow

MAX_STATEMENTS = 100
MAX_PARTIES = 30
MAX_SOURCE_BYTES = 1_000_000
SCALES = {
    "5": ([-2, -1, 0, 1, 2], {"-2": "Helt emot", "-1": "Delvis emot", "0": "Neutral", "1": "Delvis för", "2": "Helt för"}),
    "4": ([-2, -1, 1, 2], {"-2": "Helt emot", "-1": "Delvis emot", "1": "Delvis för", "2": "Helt för"}),
    "3": ([-1, 0, 1], {"-1": "Emot", "0": "Neutral", "1": "För"}),
}


class Conflict(Exception):
    """Someone else saved this item since it was opened; nothing was saved."""


class DraftError(ValueError):
    """A refused change; ``field`` names the form field it concerns, the message is for the user."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.message, self.field = message, field


def slugify(text: str) -> str:
    table = str.maketrans("åäöéüÅÄÖÉÜ", "aaoeuaaoeu")
    slug = re.sub(r"[^a-z0-9]+", "-", text.translate(table).lower()).strip("-")
    return slug[:60] or "x"


# --- reading -------------------------------------------------------------------------------------


def draft_of(org_id: int, quiz_id: str) -> Draft | None:
    return db.session.execute(select(Draft).where(Draft.org_id == org_id, Draft.quiz_id == quiz_id)).scalar()


def drafts_of(org_id: int) -> list[Draft]:
    return list(db.session.execute(select(Draft).where(Draft.org_id == org_id).order_by(Draft.title)).scalars())


def parties(draft: Draft) -> list[DraftParty]:
    return list(db.session.execute(
        select(DraftParty).where(DraftParty.draft_id == draft.id).order_by(DraftParty.ordering, DraftParty.id)
    ).scalars())


def statements(draft: Draft) -> list[DraftStatement]:
    return list(db.session.execute(
        select(DraftStatement).where(DraftStatement.draft_id == draft.id)
        .order_by(DraftStatement.ordering, DraftStatement.id)
    ).scalars())


def party(draft: Draft, party_id: str) -> DraftParty | None:
    return db.session.execute(
        select(DraftParty).where(DraftParty.draft_id == draft.id, DraftParty.party_id == party_id)).scalar()


def statement(draft: Draft, statement_id: str) -> DraftStatement | None:
    return db.session.execute(select(DraftStatement).where(
        DraftStatement.draft_id == draft.id, DraftStatement.statement_id == statement_id)).scalar()


def positions(draft: Draft) -> dict[tuple[int, int], DraftPosition]:
    rows = db.session.execute(select(DraftPosition).where(DraftPosition.draft_id == draft.id)).scalars()
    return {(p.party_row, p.statement_row): p for p in rows}


def position(p: DraftParty, s: DraftStatement) -> DraftPosition | None:
    return db.session.execute(select(DraftPosition).where(
        DraftPosition.party_row == p.id, DraftPosition.statement_row == s.id)).scalar()


def scale(draft: Draft) -> tuple[list[int], dict[str, str]]:
    data = json.loads(draft.scale)
    return data["values"], data.get("labels", {})


def topics(draft: Draft) -> list[dict]:
    return json.loads(draft.topics or "[]")


def municipalities(draft: Draft) -> list[str]:
    return json.loads(draft.municipalities or "[]")


# --- saving --------------------------------------------------------------------------------------


def save(item, expected_version: int | None, **changes) -> None:
    """Change ``item`` if nobody saved it since ``expected_version``; else ``Conflict``."""
    model = type(item)
    if expected_version is None:
        raise Conflict()
    done = db.session.execute(
        update(model).where(model.id == item.id, model.version == expected_version)
        .values(**changes, version=expected_version + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not done:
        db.session.rollback()
        raise Conflict()
    db.session.refresh(item)


def quiz_id_problem(quiz_id: str, org_id: int) -> str | None:
    if not ID_PATTERN.match(quiz_id or "") or len(quiz_id) > 60:
        return _("Id:t får bara ha små bokstäver a–z, siffror och bindestreck, och börja med en bokstav eller siffra.")
    owner = db.session.execute(select(Draft.org_id).where(Draft.quiz_id == quiz_id)).scalar()
    if owner is not None and owner != org_id:
        return _("Id:t används redan av en annan organisation. Välj ett annat.")
    if owner is None and db.session.execute(
            select(QuizVersion.id).where(QuizVersion.quiz_id == quiz_id).limit(1)).scalar() is not None:
        return _("Id:t används redan av ett quiz som hanteras som filer. Välj ett annat.")
    return None


def create_draft(org_id: int, quiz_id: str, title: str, description: str = "", scale_key: str = "5",
                 topic_lines: str = "", municipality_lines: str = "") -> Draft:
    problem = quiz_id_problem(quiz_id, org_id)
    if problem:
        raise DraftError(problem, "quiz_id")
    if db.session.execute(select(Draft.id).where(Draft.quiz_id == quiz_id)).scalar() is not None:
        raise DraftError(_("Det finns redan ett utkast med det id:t."), "quiz_id")
    values, labels = SCALES.get(scale_key, SCALES["5"])
    draft = Draft(org_id=org_id, quiz_id=quiz_id, title=title.strip(), description=description.strip(),
                  language="sv", scale=json.dumps({"values": values, "labels": labels}, ensure_ascii=False),
                  topics=json.dumps(parse_topics(topic_lines), ensure_ascii=False),
                  municipalities=json.dumps(parse_lines(municipality_lines), ensure_ascii=False))
    db.session.add(draft)
    db.session.flush()
    return draft


def parse_lines(text: str) -> list[str]:
    seen: list[str] = []
    for line in (text or "").splitlines():
        line = line.strip()
        if line and line not in seen:
            seen.append(line[:100])
    return seen


def parse_topics(text: str) -> list[dict]:
    """One topic a line, "Title" or "id: Title"."""
    result, ids = [], set()
    for line in parse_lines(text):
        topic_id, sep, title = line.partition(":")
        if not sep or not ID_PATTERN.match(topic_id.strip()):
            topic_id, title = slugify(line), line
        topic_id, title = topic_id.strip(), title.strip()
        if topic_id not in ids and title:
            ids.add(topic_id)
            result.append({"id": topic_id, "title": title})
    return result


def topics_as_lines(draft: Draft) -> str:
    return "\n".join(f"{t['id']}: {t['title']}" for t in topics(draft))


def touch(draft: Draft) -> None:
    draft.updated_at = utcnow()


def next_ordering(model, draft: Draft) -> int:
    return (db.session.execute(select(func.max(model.ordering)).where(model.draft_id == draft.id)).scalar() or 0) + 1


def count(model, draft: Draft) -> int:
    return db.session.execute(select(func.count()).select_from(model).where(model.draft_id == draft.id)).scalar()


def source_problem(text: str) -> str | None:
    if len(text.encode("utf-8")) > MAX_SOURCE_BYTES:
        return _("Programtexten är större än %(n)d kB.", n=MAX_SOURCE_BYTES // 1000)
    return None


def captured_problem(text: str) -> str | None:
    if not text:
        return None
    try:
        date.fromisoformat(text)
    except ValueError:
        return _("Skriv datumet som ÅÅÅÅ-MM-DD.")
    return None if len(text) == 10 else _("Skriv datumet som ÅÅÅÅ-MM-DD.")


def add_party(draft: Draft, **fields) -> DraftParty:
    if count(DraftParty, draft) >= MAX_PARTIES:
        raise DraftError(_("Ett quiz kan ha högst %(n)d partier.", n=MAX_PARTIES))
    if party(draft, fields["party_id"]) is not None:
        raise DraftError(_("Det finns redan ett parti med det id:t i quizet."), "party_id")
    return _added(DraftParty, draft, fields)


def add_statement(draft: Draft, **fields) -> DraftStatement:
    if count(DraftStatement, draft) >= MAX_STATEMENTS:
        raise DraftError(_("Ett quiz kan ha högst %(n)d påståenden.", n=MAX_STATEMENTS))
    if statement(draft, fields["statement_id"]) is not None:
        raise DraftError(_("Det finns redan ett påstående med det id:t i quizet."), "statement_id")
    return _added(DraftStatement, draft, fields)


def _added(model, draft: Draft, fields: dict):
    """A new party or statement, placed last."""
    row = model(draft_id=draft.id, ordering=next_ordering(model, draft), **fields)
    db.session.add(row)
    db.session.flush()
    return row


def move_statement(draft: Draft, row: DraftStatement, step: int) -> None:
    """Swap with the neighbour above (-1) or below (+1); the order is the statements' list order."""
    rows = statements(draft)
    index = next(i for i, r in enumerate(rows) if r.id == row.id)
    other = index + step
    if not 0 <= other < len(rows):
        return
    rows[index], rows[other] = rows[other], rows[index]
    for i, r in enumerate(rows, start=1):
        r.ordering = i


def set_position(p: DraftParty, s: DraftStatement, expected_version: int, value: int | None, basis: str,
                 justification: str, quote: str) -> DraftPosition:
    row = position(p, s)
    if row is None:
        if expected_version != 0:
            raise Conflict()
        row = DraftPosition(draft_id=p.draft_id, party_row=p.id, statement_row=s.id, value=value, basis=basis,
                            justification=justification, quote=quote, version=1)
        db.session.add(row)
        db.session.flush()
        return row
    save(row, expected_version, value=value, basis=basis, justification=justification, quote=quote)
    return row


# --- quotes --------------------------------------------------------------------------------------


def find_quote(source: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` occurs in ``source``, whitespace collapsed (start, end in ``source``), or None."""
    words = quote.split()
    if not words:
        return None
    match = re.search(r"\s+".join(re.escape(w) for w in words), source)
    return match.span() if match else None


def position_problems(value: int | None, basis: str, justification: str, quote: str, source: str,
                      scale_values: list[int]) -> dict[str, str]:
    """The checks ``flask quiz validate`` makes on a position, per form field."""
    problems = {}
    if value is None:
        return problems
    if value not in scale_values:
        problems["value"] = _("Värdet finns inte på skalan.")
    if basis not in BASES:
        problems["basis"] = _("Välj om ståndpunkten står uttryckligen i programmet eller är tolkad.")
    if not justification.strip():
        problems["justification"] = _("En känd ståndpunkt behöver en motivering.")
    if not quote.strip():
        problems["quote"] = _("En känd ståndpunkt behöver ett ordagrant citat ur partiets program.")
    elif not source.strip():
        problems["quote"] = _("Partiet har ingen programtext att citera ur. Lägg till den först.")
    elif find_quote(source, quote) is None:
        problems["quote"] = _("Citatet finns inte i partiets programtext. Kopiera det ordagrant.")
    return problems


def statement_problems(statement_id: str, text: str, topic: str, direction: str, topic_ids: set[str]) -> dict[str, str]:
    problems = {}
    if not ID_PATTERN.match(statement_id or ""):
        problems["statement_id"] = _("Id:t får bara ha små bokstäver a–z, siffror och bindestreck.")
    if not text.strip():
        problems["text"] = _("Skriv påståendet.")
    if topic and topic not in topic_ids:
        problems["topic"] = _("Ämnet finns inte i quizet.")
    if direction and direction not in DIRECTIONS:
        problems["direction"] = _("Okänd riktning.")
    return problems


# --- the draft as a quiz -------------------------------------------------------------------------


def document(draft: Draft) -> tuple[dict, dict[str, str]]:
    """The draft as a ``valkompass/1`` document (version "") and its parties' source texts."""
    values, labels = scale(draft)
    party_rows, statement_rows = parties(draft), statements(draft)
    coded = positions(draft)
    data = {
        "format": "valkompass/1", "id": draft.quiz_id, "version": "", "title": draft.title,
        "language": draft.language, "description": draft.description,
        "scale": {"values": values, "labels": labels},
        "topics": topics(draft),
        "parties": [{
            "id": p.party_id, "name": p.name, "short_name": p.short_name, "municipality": p.municipality,
            "color": p.color,
            "source": {"title": p.source_title, "url": p.source_url, "captured": p.source_captured},
        } for p in party_rows],
        "statements": [statement_document(s) for s in statement_rows],
        "positions": [],
    }
    data.update(json.loads(draft.extra or "{}"))
    for p in party_rows:
        for s in statement_rows:
            row = coded.get((p.id, s.id))
            if row is not None:
                data["positions"].append({**json.loads(row.extra or "{}"), "party": p.party_id,
                                          "statement": s.statement_id, "value": row.value, "basis": row.basis,
                                          "justification": row.justification, "quote": row.quote})
    for item in data["parties"] + data["statements"]:
        for key in [k for k, v in item.items() if v in ("", None, {})]:
            del item[key]
        if "source" in item:
            item["source"] = {k: v for k, v in item["source"].items() if v}
            if not item["source"]:
                del item["source"]
    sources = {p.party_id: p.source_text for p in party_rows if p.source_text}
    for extend in DOCUMENT_EXTENSIONS:
        extend(draft, data, sources)
    return data, sources


# Features that add to a draft's document (the parties' review round adds each party's decided
# answers: quiz.review.operations.extend_document), called as ``extend(draft, data, sources)``.
DOCUMENT_EXTENSIONS: list = []


def statement_document(s: DraftStatement) -> dict:
    """A statement in ``valkompass/1`` form: the editor's fields over what an import kept (``extra``)."""
    extra = json.loads(s.extra or "{}")
    translations = {lang: dict(texts) for lang, texts in (extra.get("translations") or {}).items()}
    translations.setdefault("en", {}).pop("text", None)
    if s.text_en:
        translations["en"]["text"] = s.text_en
    easy = {k: v for k, v in (extra.get("easy") or {}).items() if k != "sv"}
    if s.easy:
        easy["sv"] = s.easy
    return {"id": s.statement_id, "text": s.text, "topic": s.topic, "background": s.background,
            "origin": extra.get("origin", ""), "easy": easy, "direction": s.direction or None,
            "translations": {lang: texts for lang, texts in translations.items() if texts}}


def statement_extra(statement) -> str:
    """What ``statement_document`` adds back: the content fields the editor's form does not show."""
    translations = {lang: dict(texts) for lang, texts in statement.translations.items()}
    translations.get("en", {}).pop("text", None)
    extra = {"origin": statement.origin, "easy": {k: v for k, v in statement.easy.items() if k != "sv"},
             "translations": {lang: texts for lang, texts in translations.items() if texts}}
    extra = {k: v for k, v in extra.items() if v}
    return json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else ""


QUIZ_EXTRA_FIELDS = ("translations", "easy")


def extra_of(raw: dict, keep) -> str:
    """The fields of an exported item the editor's forms do not show, as ``extra`` JSON."""
    extra = {k: v for k, v in raw.items() if keep(k) and v not in ("", None, {}, [])}
    return json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else ""


def merged_topics(draft: Draft, lines: str) -> list[dict]:
    """The settings form's topics, keeping the translations of those whose id stays."""
    before = {t["id"]: t for t in topics(draft)}
    return [{**t, **({"translations": before[t["id"]]["translations"]}
                     if before.get(t["id"], {}).get("translations") else {})} for t in parse_topics(lines)]


@dataclass
class Check:
    """What stands between a draft and publishing (``errors``), and what an editor should know (``warnings``)."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    quiz: Quiz | None = None


def check(draft: Draft) -> Check:
    data, sources = document(draft)
    result = Check()
    try:
        quiz = from_export(data, draft.quiz_id)
    except ContentError as exc:
        result.errors.extend(exc.errors)
        return result
    values, _labels = scale(draft)
    names = {p.id: p.label for p in quiz.parties}
    for pos in quiz.positions:
        if pos.review is not None and pos.review.source == "party":
            continue  # the party's own answer: its quote was checked when it answered
        for problem in position_problems(pos.value, pos.basis, pos.justification, pos.quote,
                                         sources.get(pos.party, ""), values).values():
            result.errors.append(f"{names[pos.party]}, {pos.statement}: {problem}")
    known = {(p.party, p.statement) for p in quiz.positions if p.value is not None}
    for p in quiz.parties:
        if p.id not in sources:
            result.warnings.append(_("%(party)s har ingen programtext.", party=p.label))
        n = sum(1 for s in quiz.statements if (p.id, s.id) in known)
        if n == 0:
            result.warnings.append(_("%(party)s har ingen känd ståndpunkt: partiet kan inte rankas.", party=p.label))
    for s in quiz.statements:
        if not any((p.id, s.id) in known for p in quiz.parties):
            result.warnings.append(_("Inget parti har en känd ståndpunkt i ”%(s)s”.", s=s.text[:80]))
        if not s.background:
            result.warnings.append(_("”%(s)s” saknar bakgrund.", s=s.text[:80]))
    if len(quiz.statements) < 10:
        result.warnings.append(_("Quizet har bara %(n)d påståenden; de flesta valkompasser har minst 20.",
                                 n=len(quiz.statements)))
    if not result.errors:
        result.quiz = quiz
    return result


def export_document(draft: Draft) -> dict:
    """``valkompass/1`` JSON of the draft with each party's source text and capture date, so an
    import gives the same draft back (the optional ``source.text`` field)."""
    data, sources = document(draft)
    quiz = from_export(data, draft.quiz_id)
    out = to_export(quiz, "")
    for raw in out["parties"]:
        if raw["id"] in sources:
            raw.setdefault("source", {})["text"] = sources[raw["id"]]
    return out


def publish(draft: Draft):
    """Publish the checked draft through ``quiz.publishing.operations`` (the path ``flask quiz import`` takes);
    returns the new version row, or None when the latest already holds this content."""
    from ..publishing.operations import publish_all

    result = check(draft)
    if result.quiz is None:
        raise DraftError(_("Utkastet har fel som måste rättas innan det kan publiceras."))
    [(_quiz, row)] = publish_all([result.quiz], migrate=False, unlisted={result.quiz.id: draft.unlisted})
    return row
