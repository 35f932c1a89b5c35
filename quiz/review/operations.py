"""The parties' review round: opening it, the private links, a party's answers, the editor's
decisions, and the decided answers as content (quiz.core.party_review).

Rules kept here:
- **Links**: ``secrets.token_urlsafe(24)`` (192 bits); only the SHA-256 is stored; a link dies at the
  round's deadline (end of that day, Europe/Stockholm), when revoked, or when issued again.
- **A party's answer** is refused with a message per field: a justification (at most 500 characters)
  is required where the answer differs from our reading or fills an unknown; a quote must occur in
  the party's stored text, whitespace collapsed (the editor's ``find_quote``); another document's
  address must be http(s).
- **Locked** after the party submits, at the deadline, or when the round is closed, until the editor
  reopens it for that party.
- **Frozen statements**: a statement changed while the round is open reopens it for every party,
  and the change is shown to them.
- **Nothing a party writes is published without an editor's decision**: a confirmation publishes
  nothing new; any other answer is published once the editor accepts it or keeps ours with a reason.
Every action is appended to the editor's log (quiz.editor.log).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import select

from ..editor import drafts, log
from ..store.editor import Draft, DraftParty, DraftStatement
from ..extensions import db
from ..store.models import utcnow
from ..core.party_review import REASON_MAX, answers_file, contradicts, merge
from ..store.review import ReviewAnswer, ReviewLink, ReviewRound

STOCKHOLM = ZoneInfo("Europe/Stockholm")
KINDS = ("confirm", "value", "abstain")


class ReviewError(ValueError):
    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.message, self.field = message, field


class LinkGone(Exception):
    """An unknown (404), expired or revoked (410) link; the message is for the party."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


class Locked(Exception):
    """The party's answers are submitted or the deadline has passed; nothing was saved."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(24)


def aware(moment: datetime) -> datetime:
    """SQLite gives naive datetimes back; every stored one is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


# --- deadlines -----------------------------------------------------------------------------------


def parse_deadline(text: str, today: date | None = None) -> date:
    try:
        day = date.fromisoformat((text or "").strip())
    except ValueError:
        raise ReviewError(_("Skriv sista dagen som ÅÅÅÅ-MM-DD."), "deadline") from None
    today = today or datetime.now(STOCKHOLM).date()
    if day < today:
        raise ReviewError(_("Sista dagen har redan varit."), "deadline")
    if day > today + timedelta(days=365):
        raise ReviewError(_("Sista dagen kan vara högst ett år bort."), "deadline")
    return day


def end_of_day(day: date) -> datetime:
    """The end of ``day`` in Stockholm (the next midnight there), in UTC."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=STOCKHOLM).astimezone(timezone.utc)


# --- rounds and links ----------------------------------------------------------------------------


def latest_round(draft: Draft) -> ReviewRound | None:
    return db.session.execute(select(ReviewRound).where(ReviewRound.draft_id == draft.id)
                              .order_by(ReviewRound.id.desc()).limit(1)).scalar()


REOPEN_DAYS = 7


def is_open(round_: ReviewRound, now: datetime | None = None) -> bool:
    return round_.state == "open" and (now or utcnow()) < aware(round_.expires_at)


def link_expires(round_: ReviewRound, link: ReviewLink) -> datetime:
    """When this party's link stops working: the round's deadline, or later where the editor
    reopened it for this party after the deadline."""
    until = aware(round_.expires_at)
    return max(until, aware(link.open_until)) if link.open_until else until


def open_round(draft: Draft, deadline: date, actor: str = "", user=None, from_files: bool = False) -> tuple[ReviewRound, dict[str, str]]:
    """A new round on ``draft`` with one link per party; returns party id → token (shown once)."""
    current = latest_round(draft)
    if current is not None and is_open(current):
        raise ReviewError(_("En granskningsrunda pågår redan för det här quizet."), "deadline")
    party_rows = drafts.parties(draft)
    if not party_rows or not drafts.statements(draft):
        raise ReviewError(_("Quizet behöver partier och påståenden innan partierna kan granska det."), "deadline")
    round_ = ReviewRound(draft_id=draft.id, deadline=deadline.isoformat(), expires_at=end_of_day(deadline),
                         state="open", from_files=from_files, changes="[]",
                         frozen=json.dumps({s.statement_id: s.text for s in drafts.statements(draft)}, ensure_ascii=False))
    db.session.add(round_)
    db.session.flush()
    tokens = {}
    for p in party_rows:
        token = new_token()
        db.session.add(ReviewLink(round_id=round_.id, party_row=p.id, token_hash=token_hash(token)))
        tokens[p.party_id] = token
    log.record("review_opened", draft.quiz_id, user, org_id=draft.org_id, actor=actor, deadline=round_.deadline,
               parties=len(tokens), from_files=from_files)
    db.session.flush()
    return round_, tokens


def links(round_: ReviewRound) -> dict[int, ReviewLink]:
    return {link.party_row: link for link in db.session.execute(
        select(ReviewLink).where(ReviewLink.round_id == round_.id)).scalars()}


def link_of(round_: ReviewRound, party_row: DraftParty) -> ReviewLink | None:
    return links(round_).get(party_row.id)


def reissue(draft: Draft, round_: ReviewRound, party_row: DraftParty, user=None, actor: str = "") -> str:
    """A new token for the party; the old one stops working."""
    link = link_of(round_, party_row)
    token = new_token()
    if link is None:
        db.session.add(ReviewLink(round_id=round_.id, party_row=party_row.id, token_hash=token_hash(token)))
    else:
        link.token_hash, link.revoked_at, link.issued_at = token_hash(token), None, utcnow()
    log.record("review_link_issued", f"{draft.quiz_id}/{party_row.party_id}", user, org_id=draft.org_id, actor=actor)
    return token


def revoke(draft: Draft, round_: ReviewRound, party_row: DraftParty, user=None) -> None:
    link = link_of(round_, party_row)
    if link is not None and link.revoked_at is None:
        link.revoked_at = utcnow()
        log.record("review_link_revoked", f"{draft.quiz_id}/{party_row.party_id}", user)


def reopen(draft: Draft, round_: ReviewRound, party_row: DraftParty, user=None) -> None:
    """Unlock the party's answers; after the deadline its link works ``REOPEN_DAYS`` more days."""
    link = link_of(round_, party_row)
    if link is not None:
        link.submitted_at = None
        if utcnow() >= aware(round_.expires_at):
            link.open_until = end_of_day(datetime.now(STOCKHOLM).date() + timedelta(days=REOPEN_DAYS))
        log.record("review_reopened", f"{draft.quiz_id}/{party_row.party_id}", user)


def close(draft: Draft, round_: ReviewRound, user=None) -> None:
    round_.state = "closed"
    log.record("review_closed", draft.quiz_id, user)


@dataclass
class Visit:
    """What a valid link opens: its round, draft and party."""

    link: ReviewLink
    round: ReviewRound
    draft: Draft
    party: DraftParty

    @property
    def locked(self) -> bool:
        return (self.link.submitted_at is not None or self.round.state != "open"
                or utcnow() >= link_expires(self.round, self.link))


def visit(token: str) -> Visit:
    """The link's page, or ``LinkGone`` (unknown: 404; revoked or expired: 410)."""
    if not isinstance(token, str) or not 20 <= len(token) <= 64:
        raise LinkGone(404, _("Länken finns inte. Kontrollera att hela adressen kom med."))
    link = db.session.execute(select(ReviewLink).where(ReviewLink.token_hash == token_hash(token))).scalar()
    if link is None:
        raise LinkGone(404, _("Länken finns inte. Kontrollera att hela adressen kom med."))
    if link.revoked_at is not None:
        raise LinkGone(410, _("Länken har dragits tillbaka. Be redaktionen om en ny."))
    round_ = db.session.get(ReviewRound, link.round_id)
    if utcnow() >= link_expires(round_, link):
        raise LinkGone(410, _("Granskningen avslutades %(d)s och länken gäller inte längre.", d=round_.deadline))
    draft = db.session.get(Draft, round_.draft_id)
    party = db.session.get(DraftParty, link.party_row)
    return Visit(link, round_, draft, party)


def check_frozen(draft: Draft, round_: ReviewRound) -> list[dict]:
    """Statements changed since the round asked about them: each change reopens the round for
    every party and is kept to be shown to them. Returns every change so far."""
    frozen = json.loads(round_.frozen or "{}")
    changes = json.loads(round_.changes or "[]")
    changed = False
    for s in drafts.statements(draft):
        before = frozen.get(s.statement_id)
        if before is not None and before != s.text:
            changes.append({"statement": s.statement_id, "before": before, "after": s.text, "at": utcnow().isoformat()})
            frozen[s.statement_id] = s.text
            changed = True
            for link in links(round_).values():
                link.submitted_at = None
            log.record("review_statement_changed", f"{draft.quiz_id}/{s.statement_id}", org_id=draft.org_id,
                       actor="system", before=before[:200], after=s.text[:200])
    if changed:
        round_.frozen = json.dumps(frozen, ensure_ascii=False)
        round_.changes = json.dumps(changes, ensure_ascii=False)
        db.session.commit()
    return changes


# --- a party's answers ---------------------------------------------------------------------------


def answers(round_: ReviewRound, party_row: DraftParty | None = None) -> dict[tuple[int, int], ReviewAnswer]:
    query = select(ReviewAnswer).where(ReviewAnswer.round_id == round_.id)
    if party_row is not None:
        query = query.where(ReviewAnswer.party_row == party_row.id)
    return {(a.party_row, a.statement_row): a for a in db.session.execute(query).scalars()}


def answer_problems(kind: str, value: int | None, coded: int | None, reason: str, reason_en: str, quote: str,
                    url: str, source: str, scale_values: list[int]) -> dict[str, str]:
    problems = {}
    if kind not in KINDS:
        problems["kind"] = _("Välj om ni bekräftar vår läsning eller svarar själva.")
        return problems
    if kind == "confirm" and coded is None:
        problems["kind"] = _("Det finns ingen läsning att bekräfta här: svara med ett värde eller att ni inte vill ta ställning.")
    if kind == "value" and value not in scale_values:
        problems["value"] = _("Välj ett svar på skalan.")
    differs = kind == "abstain" or (kind == "value" and value != coded)
    if differs and not reason.strip():
        problems["reason"] = _("Motivera svaret: det skiljer sig från vår läsning eller fyller i något programmet inte säger.")
    if len(reason) > REASON_MAX:
        problems["reason"] = _("Motiveringen får vara högst %(n)d tecken.", n=REASON_MAX)
    if len(reason_en) > REASON_MAX:
        problems["reason_en"] = _("Motiveringen får vara högst %(n)d tecken.", n=REASON_MAX)
    if quote.strip() and drafts.find_quote(source, quote) is None:
        problems["quote"] = _("Citatet finns inte i ert program som vi har sparat det. Kopiera det ordagrant, "
                              "eller ange adressen till ett annat offentligt dokument.")
    if url and (not url.startswith(("https://", "http://")) or len(url) > 1000 or any(c.isspace() for c in url)):
        problems["url"] = _("Adressen ska börja med https:// eller http://.")
    return problems


def save_answer(v: Visit, s: DraftStatement, kind: str, value: int | None, reason: str, reason_en: str, quote: str,
                url: str, priority: bool) -> ReviewAnswer:
    if v.locked:
        raise Locked()
    coded_row = drafts.position(v.party, s)
    coded = coded_row.value if coded_row else None
    values, _labels = drafts.scale(v.draft)
    reason, reason_en, quote, url = reason.strip(), reason_en.strip(), quote.strip(), url.strip()
    problems = answer_problems(kind, value, coded, reason, reason_en, quote, url, v.party.source_text, values)
    if problems:
        field, message = next(iter(problems.items()))
        error = ReviewError(message, field)
        error.problems = problems
        raise error
    row = answers(v.round, v.party).get((v.party.id, s.id))
    fields = dict(kind=kind, value=value if kind == "value" else None, coded_value=coded, reason=reason,
                  reason_en=reason_en, quote=quote, url=url, priority=priority, saved_at=utcnow(),
                  decision="", note="", decided_by="")
    if row is None:
        row = ReviewAnswer(round_id=v.round.id, party_row=v.party.id, statement_row=s.id, **fields)
        db.session.add(row)
    else:
        for key, val in fields.items():
            setattr(row, key, val)
    log.record("review_answered", f"{v.draft.quiz_id}/{v.party.party_id}/{s.statement_id}", org_id=v.draft.org_id,
               actor=f"parti:{v.party.party_id}", kind=kind, value=fields["value"], quote=bool(quote), url=bool(url))
    db.session.flush()
    return row


def submit(v: Visit) -> None:
    if v.locked:
        raise Locked()
    v.link.submitted_at = utcnow()
    log.record("review_submitted", f"{v.draft.quiz_id}/{v.party.party_id}", org_id=v.draft.org_id,
               actor=f"parti:{v.party.party_id}")


# --- the editor's decisions ----------------------------------------------------------------------


def decide(draft: Draft, answer: ReviewAnswer, decision: str, note: str, user) -> None:
    note = (note or "").strip()
    if decision not in ("accept", "keep"):
        raise ReviewError(_("Välj att godta partiets svar eller att behålla vår läsning."), "decision")
    if decision == "keep" and not note:
        raise ReviewError(_("Skriv varför vi behåller vår läsning: skälet publiceras bredvid partiets svar."), "note")
    if len(note) > 1000:
        raise ReviewError(_("Skälet får vara högst %(n)d tecken.", n=1000), "note")
    answer.decision, answer.note, answer.decided_by = decision, note if decision == "keep" else "", user.email
    log.record("review_decided", f"{draft.quiz_id}/{answer.party_row}/{answer.statement_row}", user,
               decision=decision, note=note[:200])


@dataclass
class Item:
    party: DraftParty
    statement: DraftStatement
    coded: object  # DraftPosition or None
    answer: ReviewAnswer | None

    @property
    def coded_value(self):
        return self.coded.value if self.coded is not None else None

    @property
    def needs_decision(self) -> bool:
        return self.answer is not None and self.answer.kind != "confirm"

    @property
    def contradicts(self) -> bool:
        a = self.answer
        if a is None or a.kind == "confirm":
            return False
        if a.kind == "abstain":
            return self.coded_value is not None
        return contradicts(self.coded_value, a.value)


def items(draft: Draft, round_: ReviewRound) -> list[Item]:
    coded = drafts.positions(draft)
    given = answers(round_)
    return [Item(p, s, coded.get((p.id, s.id)), given.get((p.id, s.id)))
            for p in drafts.parties(draft) for s in drafts.statements(draft)]


@dataclass
class PartyStatus:
    party: DraftParty
    answered: int
    total: int
    submitted: bool
    undecided: int
    revoked: bool


def status(draft: Draft, round_: ReviewRound) -> list[PartyStatus]:
    all_items = items(draft, round_)
    link_rows = links(round_)
    result = []
    for p in drafts.parties(draft):
        mine = [i for i in all_items if i.party.id == p.id]
        link = link_rows.get(p.id)
        result.append(PartyStatus(p, sum(1 for i in mine if i.answer is not None), len(mine),
                                  bool(link and link.submitted_at), sum(1 for i in mine if i.needs_decision and not i.answer.decision),
                                  bool(link and link.revoked_at)))
    return result


# --- the decided answers as content --------------------------------------------------------------


def decided_entries(draft: Draft, round_: ReviewRound) -> dict[str, dict[str, dict]]:
    """party id → statement id → the answers file's entry, for every answer the editor decided (and
    every confirmation). Undecided answers are not published: the statement counts as not answered."""
    result: dict[str, dict[str, dict]] = {p.party_id: {} for p in drafts.parties(draft)}
    for item in items(draft, round_):
        a = item.answer
        if a is None:
            continue
        if a.kind == "confirm":
            if item.coded_value is None:
                continue
            entry = {"statement": item.statement.statement_id, "review": "confirmed"}
        elif a.decision in ("accept", "keep"):
            entry = {"statement": item.statement.statement_id,
                     "review": "answered" if a.decision == "accept" else "objected"}
            if a.kind == "abstain":
                entry["abstain"] = True
            else:
                entry["value"] = a.value
            if a.decision == "keep":
                entry["note"] = a.note
        else:
            continue
        # A confirmation needs no decision, so nothing the party wrote with it is published.
        for key in ("reason", "reason_en", "quote", "url") if a.kind != "confirm" else ():
            if getattr(a, key):
                entry[key] = getattr(a, key)
        if a.priority:
            entry["priority"] = True
        result[item.party.party_id][item.statement.statement_id] = entry
    return result


def answers_files(draft: Draft, round_: ReviewRound) -> dict[str, dict]:
    """party id → the content of ``answers/<party>.yaml`` (``flask quiz review apply``)."""
    statement_order = [s.statement_id for s in drafts.statements(draft)]
    decided = decided_entries(draft, round_)
    return {party: answers_file(party, [entries[s] for s in statement_order if s in entries], round_.deadline)
            for party, entries in decided.items()}


def extend_document(draft: Draft, data: dict, sources: dict[str, str]) -> None:
    """The draft's document with the latest round's decided answers (quiz.core.party_review.merge):
    every party × statement then says where it comes from and how it was reviewed."""
    round_ = latest_round(draft)
    if round_ is None:
        return
    decided = decided_entries(draft, round_)
    statement_ids = [s["id"] for s in data["statements"]]
    positions = []
    for party in data["parties"]:
        coded_raw = {p["statement"]: p for p in data["positions"] if p["party"] == party["id"]}
        coded = {sid: (p["value"], p.get("basis", ""), p.get("justification", ""), p.get("quote", ""))
                 for sid, p in coded_raw.items()}
        merged = merge(coded, statement_ids, decided.get(party["id"]) if decided.get(party["id"]) else None)
        for sid, (value, basis, justification, quote, review) in merged.items():
            item = {"party": party["id"], "statement": sid, "value": value, "review": review.to_json()}
            item.update({k: v for k, v in (("basis", basis), ("justification", justification), ("quote", quote)) if v})
            if coded_raw.get(sid, {}).get("translations"):
                item["translations"] = coded_raw[sid]["translations"]
            positions.append(item)
    data["positions"] = positions
