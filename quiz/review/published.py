""""Så svarade partierna": every party's answers, reasons and quotes for one published version and
municipality, as a page a journalist can cite and as open data (CSV and ``valkompass/1`` JSON).

Built from the published version only (the catalog, in memory): no database, the same for every
visitor, cached like the method page.
"""

from __future__ import annotations

import csv
import io
import json

from flask import Blueprint, Response, render_template, request

from ..core.published import ALL_MUNICIPALITIES, PublishedQuiz
from ..content.exchange import to_export
from ..web.http_cache import public_page
from ..web.errors import published_or_404

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
CSV_FIELDS = ("quiz", "version", "party", "party_name", "municipality", "statement_number", "statement",
              "statement_text", "published_value", "source", "review_state", "party_answer", "party_abstains",
              "party_reason", "party_reason_en", "party_quote", "party_url", "party_priority", "our_value",
              "our_quote", "our_justification", "editor_note")

bp = Blueprint("review_public", __name__)


def rows(pq: PublishedQuiz, municipality: str = ALL_MUNICIPALITIES) -> list[dict]:
    """One row per party and statement, statements in quiz order, parties in quiz order."""
    indices = set(pq.party_indices(municipality).tolist())
    parties = [p for i, p in enumerate(pq.parties) if i in indices]
    result = []
    for number, s in enumerate(pq.statements, start=1):
        for party in parties:
            pos = pq.position_of.get((party.id, s.id))
            r = pos.review if pos else None
            result.append({
                "quiz": pq.id, "version": pq.version, "party": party.id, "party_name": party.name,
                "municipality": party.municipality, "statement_number": number, "statement": s.id,
                "statement_text": s.text, "published_value": pos.value if pos else None,
                "source": r.source if r else "platform", "review_state": r.state if r else "",
                "party_answer": r.answer if r else None, "party_abstains": bool(r and r.abstain),
                "party_reason": r.reason if r else "", "party_reason_en": r.reason_en if r else "",
                "party_quote": r.quote if r else "", "party_url": r.url if r else "",
                "party_priority": bool(r and r.priority), "our_value": (r.coded if r else (pos.value if pos else None)),
                "our_quote": pos.quote if pos else "", "our_justification": pos.justification if pos else "",
                "editor_note": r.note if r else "",
            })
    return result


def as_csv(pq: PublishedQuiz, municipality: str) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for row in rows(pq, municipality):
        # A cell starting with = + - @ is a formula to a spreadsheet: quote it as text.
        writer.writerow({k: ("'" + v if isinstance(v, str) and v[:1] in "=+-@" else
                             "" if v is None else v) for k, v in row.items()})
    return out.getvalue()


def as_json(pq: PublishedQuiz, municipality: str) -> dict:
    """The version's ``valkompass/1`` document (answers and review states in each position's
    ``review``), limited to the municipality's parties, with its licence."""
    data = to_export(pq.quiz, pq.version)
    if municipality != ALL_MUNICIPALITIES:
        keep = {pq.parties[i].id for i in pq.party_indices(municipality).tolist()}
        data["parties"] = [p for p in data["parties"] if p["id"] in keep]
        data["positions"] = [p for p in data["positions"] if p["party"] in keep]
    data["licence"] = {"name": LICENCE, "url": LICENCE_URL}
    return data


def version_of(quiz_id: str, version: str | None) -> PublishedQuiz:
    pq = published_or_404(quiz_id, version) if version else published_or_404(quiz_id)
    return pq


@bp.get("/q/<quiz_id>/partiernas-svar")
@bp.get("/q/<quiz_id>/<version>/partiernas-svar")
def answers(quiz_id: str, version: str | None = None):
    pq = version_of(quiz_id, version)
    municipality = pq.municipality_or_all(request.args.get("kommun"))
    return public_page(f"{pq.etag}-svar-{municipality}", lambda: render_template(
        "review/answers.html", pq=pq, municipality=municipality, rows=rows(pq, municipality),
        licence=LICENCE, licence_url=LICENCE_URL))


@bp.get("/q/<quiz_id>/<version>/partiernas-svar.csv")
def answers_csv(quiz_id: str, version: str):
    pq = version_of(quiz_id, version)
    municipality = pq.municipality_or_all(request.args.get("kommun"))
    response = Response(as_csv(pq, municipality), mimetype="text/csv")
    response.headers["Content-Disposition"] = f"attachment; filename={pq.id}-{pq.version}-partiernas-svar.csv"
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/q/<quiz_id>/<version>/partiernas-svar.json")
def answers_json(quiz_id: str, version: str):
    pq = version_of(quiz_id, version)
    municipality = pq.municipality_or_all(request.args.get("kommun"))
    response = Response(json.dumps(as_json(pq, municipality), ensure_ascii=False, indent=1), mimetype="application/json")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response

