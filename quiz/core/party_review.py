"""The parties' review round as content (pure: no Flask, no database): a party's answer beside our
coding, the editor's decision, and the rule that turns both into the published position.

One place for these rules:
- **What is published** (``published_value``): a confirmed position keeps our value; an accepted
  answer is the party's value ("vill inte ta ställning" is unknown in the score); where the editor
  kept ours, ours stays and the party's objection and our reason are published beside it.
- **Parties that did not answer** (SVT, OpenVAA): all parties stay shown; a party's coded positions
  stay and count in the ranking and the audit as before, marked "från programmet, partiet har inte
  svarat"; its unknowns stay unknown.
- **An answer contradicts our reading** (``contradicts``) when it is on the other side of neutral,
  or two or more steps away.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

STATES = ("confirmed", "answered", "objected", "no_reply")
SOURCES = ("both", "party", "platform")
REASON_MAX = 500
NO_REPLY_RULE = "coded-stays"


@dataclass(frozen=True)
class Review:
    """How one published position went through the round. ``answer`` is the party's value (None
    when it did not take a stand, ``abstain``, or did not reply); ``coded`` is our reading's value."""

    state: str
    source: str
    answer: int | None = None
    abstain: bool = False
    coded: int | None = None
    reason: str = ""
    reason_en: str = ""
    quote: str = ""
    url: str = ""
    priority: bool = False
    note: str = ""  # the editor's published reason for keeping our reading

    @property
    def replied(self) -> bool:
        return self.state != "no_reply"

    def to_json(self) -> dict:
        data = {"state": self.state, "source": self.source, "answer": self.answer, "abstain": self.abstain,
                "coded": self.coded, "reason": self.reason, "reason_en": self.reason_en, "quote": self.quote,
                "url": self.url, "priority": self.priority, "note": self.note}
        return {k: v for k, v in data.items() if k in ("state", "source") or (v is not None and v != "" and v is not False)}


def contradicts(coded: int | None, answer: int | None, step: int = 1) -> bool:
    """Other side of neutral, or two or more steps apart (``step``: the scale's step)."""
    if coded is None or answer is None:
        return False
    return coded * answer < 0 or abs(coded - answer) >= 2 * step


def review_from_json(raw: Any, where: str, scale_values, errors: list[str]) -> Review | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        errors.append(f"{where}: 'review' must be an object")
        return None
    state, source = raw.get("state"), raw.get("source")
    if state not in STATES:
        errors.append(f"{where}: review.state must be one of {', '.join(STATES)}")
        return None
    if source not in SOURCES:
        errors.append(f"{where}: review.source must be one of {', '.join(SOURCES)}")
        return None
    values = []
    for key in ("answer", "coded"):
        value = raw.get(key)
        if value is not None and (isinstance(value, bool) or value not in scale_values):
            errors.append(f"{where}: review.{key} {value!r} is not on the scale or null")
            value = None
        values.append(value)

    def text(key: str, limit: int = 5000) -> str:
        value = raw.get(key)
        return str(value).strip()[:limit] if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""

    if text("url", 1000) and not text("url", 1000).startswith(("https://", "http://")):
        errors.append(f"{where}: review.url must be an http(s) address")
    return Review(state=state, source=source, answer=values[0], abstain=raw.get("abstain") is True, coded=values[1],
                  reason=text("reason"), reason_en=text("reason_en"), quote=text("quote"), url=text("url", 1000),
                  priority=raw.get("priority") is True, note=text("note"))


# --- answers files (statements/<quiz>/answers/<party>.yaml) --------------------------------------


def merge(coded: dict[str, tuple[int | None, str, str, str]], statement_ids: list[str],
          answers: dict[str, dict] | None) -> dict[str, tuple[int | None, str, str, str, Review]]:
    """One party's published positions from our coding and its decided answers.

    ``coded``: statement → (value, basis, justification, quote) as coded from the platform;
    ``answers``: statement → the answers file's entry (None: the party never answered).
    Returns statement → (published value, basis, justification, quote, Review) for every statement.
    """
    result = {}
    for sid in statement_ids:
        value, basis, justification, quote = coded.get(sid, (None, "", "", ""))
        entry = (answers or {}).get(sid)
        if entry is None or entry.get("review") == "no_reply":
            review = Review("no_reply", "platform", coded=value)
            result[sid] = (value, basis, justification, quote, review)
            continue
        state = entry["review"]
        answer = None if entry.get("abstain") else entry.get("value", value if state == "confirmed" else None)
        review = Review(state=state, source="", answer=answer, abstain=bool(entry.get("abstain")), coded=value,
                        reason=str(entry.get("reason") or "").strip(), reason_en=str(entry.get("reason_en") or "").strip(),
                        quote=str(entry.get("quote") or "").strip(), url=str(entry.get("url") or "").strip(),
                        priority=bool(entry.get("priority")), note=str(entry.get("note") or "").strip())
        if state == "confirmed":
            review = _with(review, source="both", answer=value)
            published = value
        elif state == "answered":
            same = not review.abstain and answer == value and value is not None
            review = _with(review, source="both" if same else "party")
            published = answer
        else:  # objected: we kept our reading
            review = _with(review, source="platform")
            published = value
        result[sid] = (published, basis, justification, quote, review)
    return result


def _with(review: Review, **changes) -> Review:
    from dataclasses import replace

    return replace(review, **changes)


def answers_entries(data: Any, where: str, statement_ids: set[str], scale_values, errors: list[str]) -> dict[str, dict]:
    """Read one answers file's entries (statement → entry), reporting every problem."""
    result: dict[str, dict] = {}
    if not isinstance(data, dict) or not isinstance(data.get("answers", []), list):
        errors.append(f"{where}: must be a mapping with 'party' and a list 'answers'")
        return result
    for i, item in enumerate(data.get("answers") or []):
        w = f"{where}: answer #{i + 1}"
        if not isinstance(item, dict):
            errors.append(f"{w}: must be a mapping")
            continue
        sid = item.get("statement")
        if not isinstance(sid, str) or sid not in statement_ids:
            errors.append(f"{w}: statement {sid!r} is not in statements.yaml")
            continue
        if sid in result:
            errors.append(f"{w}: statement '{sid}' is listed more than once")
            continue
        if item.get("review") not in STATES:
            errors.append(f"{w}: review must be one of {', '.join(STATES)}")
            continue
        value = item.get("value")
        if value is not None and (isinstance(value, bool) or value not in scale_values):
            errors.append(f"{w}: value {value!r} is not on the scale")
            continue
        if item["review"] == "objected" and not str(item.get("note") or "").strip():
            errors.append(f"{w}: a kept reading needs the published reason 'note'")
        url = str(item.get("url") or "")
        if url and not url.startswith(("https://", "http://")):
            errors.append(f"{w}: url must be an http(s) address")
        if len(str(item.get("reason") or "")) > REASON_MAX:
            errors.append(f"{w}: the reason is longer than {REASON_MAX} characters")
        result[sid] = item
    return result


def answers_file(party: str, entries: list[dict], deadline: str = "") -> dict:
    """The answers file's content for one party (``flask quiz review apply``)."""
    data: dict[str, Any] = {"party": party}
    if deadline:
        data["round"] = {"deadline": deadline}
    data["answers"] = entries
    return data


def entry_of(statement: str, review: Review) -> dict | None:
    """The answers file's entry that ``merge`` reads back to ``review`` (None: not answered)."""
    if review.state == "no_reply":
        return None
    entry: dict[str, Any] = {"statement": statement, "review": review.state}
    if review.state != "confirmed":
        if review.abstain:
            entry["abstain"] = True
        else:
            entry["value"] = review.answer
    for key in ("reason", "reason_en", "quote", "url", "note"):
        if getattr(review, key):
            entry[key] = getattr(review, key)
    if review.priority:
        entry["priority"] = True
    return entry


def participation(reviews: list[Review]) -> tuple[int, int]:
    """(statements the party answered, statements asked)."""
    return sum(1 for r in reviews if r.replied), len(reviews)
