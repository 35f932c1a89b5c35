"""The append-only change log: every draft change, publication and account action.

Only ``record`` writes, and only by inserting; nothing in the app updates or deletes a row. An
organisation's admins read their organisation's rows on the log page, or download them as CSV or JSON.
"""

from __future__ import annotations

import csv
import io
import json

from sqlalchemy import select

from ..store.editor import ChangeLog, EditorUser
from ..extensions import db

EXPORT_FIELDS = ("at", "actor", "action", "target", "detail")


def record(action: str, target: str = "", user: EditorUser | None = None, org_id: int | None = None,
           actor: str = "", **detail) -> None:
    db.session.add(ChangeLog(
        org_id=org_id if org_id is not None else (user.org_id if user else None),
        user_id=user.id if user else None,
        actor=actor or (user.email if user else ""),
        action=action,
        target=target[:300],
        detail=json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str) if detail else "",
    ))


def entries(org_id: int, limit: int | None = None) -> list[ChangeLog]:
    query = select(ChangeLog).where(ChangeLog.org_id == org_id).order_by(ChangeLog.id.desc())
    if limit:
        query = query.limit(limit)
    return list(db.session.execute(query).scalars())


def as_rows(org_id: int) -> list[dict]:
    return [{"at": e.at.isoformat(), "actor": e.actor, "action": e.action, "target": e.target,
             "detail": json.loads(e.detail) if e.detail else {}} for e in reversed(entries(org_id))]


def as_csv(org_id: int) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS)
    writer.writeheader()
    for row in as_rows(org_id):
        row = {**row, "detail": json.dumps(row["detail"], ensure_ascii=False) if row["detail"] else ""}
        # A cell starting with = + - @ is a formula to a spreadsheet: quote it as text.
        writer.writerow({k: ("'" + v if isinstance(v, str) and v[:1] in "=+-@" else v) for k, v in row.items()})
    return out.getvalue()
