"""The JSON API: the open data of each quiz version, and the matching for one set of answers.

For developers (a news site's own interface, researchers): ``GET /api/v1/quizzes``, ``GET
/api/v1/q/<quiz>/<version>`` (the ``valkompass/1`` document, as ``flask quiz export`` writes it,
public and cacheable) and ``POST /api/v1/q/<quiz>/<version>/match``, which scores one voter's
answers exactly as the result page does, or as SVT, OpenVAA or Mat-O-Wahl would (``"method"``). Like the voter's forms, the answers are read, scored and
forgotten: nothing is stored or logged. Errors are JSON (``errors.error_response``), in Swedish or,
with ``?lang=en``, in English. Any origin may call it: it takes no cookies and holds nothing private.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, jsonify, make_response, request, url_for
from flask_babel import gettext as _

from ..core.answers import Answers
from ..core.published import PublishedQuiz
from ..store.catalog import current_catalog
from ..content.exchange import to_export
from ..web.http_cache import public_page
from ..scoring.comparison import ALIASES, METHODS, OURS, SOURCES, peers_for, ranking
from ..scoring.ranking import compute_result
from ..scoring.robustness import robustness
from ..web.errors import NO_SUCH_VERSION, error_response, published_or_404

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.after_request
def open_to_every_origin(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    if request.method == "OPTIONS":  # a browser's preflight before a JSON POST from another site
        response.headers["Access-Control-Allow-Methods"] = "GET, POST"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


def json_page(tag: str, document) -> Response:
    response = public_page(tag, lambda: json.dumps(document(), ensure_ascii=False))
    response.mimetype = "application/json"
    return response


@bp.get("/quizzes")
def quizzes():
    listed = current_catalog().quizzes()
    return json_page("+".join(pq.etag for pq in listed), lambda: {
        "quizzes": [
            {
                "id": pq.id, "version": pq.version, "title": pq.quiz.title, "language": pq.quiz.language,
                "statements": len(pq.statements), "parties": len(pq.parties),
                "data": url_for(".quiz_data", quiz_id=pq.id, version=pq.version),
                "match": url_for(".match", quiz_id=pq.id, version=pq.version),
            }
            for pq in listed
        ]
    })


@bp.get("/q/<quiz_id>/<version>")
def quiz_data(quiz_id: str, version: str):
    pq = published_or_404(quiz_id, version, NO_SUCH_VERSION)
    return json_page(pq.etag, lambda: to_export(pq.quiz, pq.version))


@bp.route("/q/<quiz_id>/<version>/match", methods=["POST", "OPTIONS"])
def match(quiz_id: str, version: str):
    """``{"answers": {"<statement id>": <value on the scale, or null = skipped>}, "important": [ids],
    "kommun": "<slug>", "method": "valkompass" (or "cityblock") | "euclidean" | "svt" | "openvaa" | "matowahl"}`` →
    every party ranked by that method, its own numbers beside a 0–100 percent (``comparison``)."""
    if request.method == "OPTIONS":
        return Response(status=204)
    pq = published_or_404(quiz_id, version, NO_SUCH_VERSION)
    body = json_body()
    answers = answers_from_json(pq, body)
    method = method_from_json(pq, body)
    municipality = pq.municipality_or_all(body.get("kommun"))
    result = compute_result(pq, answers, municipality)
    ranked = ranking(result, method)
    top = robustness(result)
    agreeing = {row.party.id: row.agreeing for row in result.ranking}
    response = jsonify(
        quiz=pq.id,
        version=pq.version,
        municipality=municipality,
        method=method,
        source=SOURCES.get(method),
        answered=result.answered,
        statements=len(pq.statements),
        explained=url_for("voter.method", quiz_id=pq.id, version=pq.version, _external=True),
        parties=[
            {
                "id": row.party.id, "name": row.party.name, "municipality": row.party.municipality or None,
                "rank": row.rank, "tied": row.tied, "percent": row.percent, **row.own,
                "coverage": row.coverage, "uncertain": row.uncertain,
                "agreeing": agreeing[row.party.id], "disagreeing": row.coverage - agreeing[row.party.id],
            }
            for row in ranked.ranking
        ],
        robustness=top.to_json(pq) if top else None,
        minimum=result.minimum_json(),
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


def method_from_json(pq: PublishedQuiz, body: dict) -> str:
    """The method asked for (default ours; ``"cityblock"``, its name in responses before, is ours too);
    one we do not know, or that does not fit the quiz, is a 400."""
    method = body.get("method", OURS)
    method = ALIASES.get(method, method) if isinstance(method, str) else method
    if not isinstance(method, str) or method not in METHODS:
        bad_request(_("Okänd metod: %(method)s. Välj en av %(methods)s.",
                      method=json.dumps(method, ensure_ascii=False)[:40], methods=", ".join(METHODS)))
    if method not in (OURS, "euclidean", *peers_for(pq)):
        bad_request(_("Metoden %(method)s går inte att använda på det här quizets skala.", method=method))
    return method


def json_body():
    """The request's JSON, or None when it is not JSON. Nesting deeper than Python's recursion limit
    (``[`` × 50,000 fits in the body limit) raises RecursionError, not ValueError, in the parser:
    it is unreadable JSON like any other, a 400 saying what we expect."""
    try:
        return request.get_json(silent=True)
    except RecursionError:
        return None


def answers_from_json(pq: PublishedQuiz, body) -> Answers:
    """The voter's answers from the request's JSON; anything unreadable ends it with a 400 saying what."""
    if not isinstance(body, dict) or not isinstance(body.get("answers"), dict):
        bad_request(_("Skicka JSON med ett objekt \"answers\": påståendets id → ett värde på skalan, eller null."))
    important = body.get("important", [])
    if not isinstance(important, list) or not all(isinstance(i, str) for i in important):
        bad_request(_("\"important\" ska vara en lista med påståendens id."))
    scale = pq.quiz.scale_values
    unknown = [s for s in [*body["answers"], *important] if s not in pq.statement_index]
    if unknown:
        bad_request(_("Okända påståenden: %(ids)s.", ids=", ".join(sorted(set(unknown))[:10])))
    for statement_id, value in body["answers"].items():
        if value is not None and (type(value) is not int or value not in scale):
            bad_request(_("Svaret på %(id)s måste vara ett av %(values)s, eller null.",
                          id=statement_id, values=", ".join(map(str, scale))))
    return Answers.from_choices(
        scale, len(pq.statements), {pq.statement_index[s]: value for s, value in body["answers"].items()},
        {pq.statement_index[s] for s in important},
    )


def bad_request(message: str):
    abort(make_response(error_response(400, message)))
