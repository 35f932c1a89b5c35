"""A page kept in memory is never served to a visitor who carries other choices (quiz/web/context.py).

For every field of ``Carried`` (municipality, class, language, lättläst, embed, theme, and any
field added later, with the two example requests it declares) and every page of the voter's path
(every route of the voter blueprint, GET and POST, also with answers that cannot be read, which
makes error pages): visitor A, then visitor B on one app must give B exactly what B gets from an
app that never saw A (one whose memory is empty). Every kind of page kept in memory (``quiz.web.memory.kind``) must have been
filled on the way, so a new kind is checked without a new test.
"""

from __future__ import annotations

import dataclasses
import re

from quiz.web import memory
from quiz.web.context import A_MUNICIPALITY, Carried, Example, carried
from tests.helpers.forms import checked


def leaf_fields(cls, prefix: str = "") -> list[tuple[str, dataclasses.Field]]:
    """Every carried field, with the fields of a nested value (``reading``) in its place."""
    found = []
    for field in dataclasses.fields(cls):
        if dataclasses.is_dataclass(field.default) and "examples" not in field.metadata:
            found += leaf_fields(type(field.default), f"{prefix}{field.name}.")
        else:
            found.append((prefix + field.name, field))
    return found


FIELDS = leaf_fields(Carried)


def test_every_carried_field_declares_two_requests_that_tell_its_values_apart(app, mini):
    assert {name for name, _ in FIELDS} >= {"reading.lang", "reading.easy", "reading.embed", "reading.theme",
                                            "municipality", "klass"}
    for name, field in FIELDS:
        first, second = field.metadata.get("examples", (None, None))
        assert isinstance(first, Example) and isinstance(second, Example), name
        assert value_of(app, mini, first, name) != value_of(app, mini, second, name), name


def value_of(app, pq, example: Example, name: str):
    """The field ``name`` (dotted) of the carried value a request made as ``example`` gets."""
    with app.test_request_context(example.prefix + f"/q/{pq.id}/", query_string=params_for(example, pq)):
        app.preprocess_request()
        value = carried(pq)
    for part in name.split("."):
        value = getattr(value, part)
    return value


def params_for(example: Example, pq) -> dict[str, str]:
    return {k: (next(iter(pq.municipality_slugs)) if v == A_MUNICIPALITY else v) for k, v in example.params.items()}


def voter_requests(app, pq) -> list[tuple[str, str, dict]]:
    """(method, path, form) for every route of the voter's path, filled in for the mini quiz, plus
    each POST with answers that cannot be read (an error page)."""
    state = checked("eb-.", pq.version)
    values = {"quiz_id": pq.id, "version": pq.version, "number": "2", "state": state}
    form = {"state": state, "position": "2", "answer": "1", "parti": pq.parties[0].id}
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.endpoint.startswith("voter."):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], rule.rule)
        for method in sorted(rule.methods & {"GET", "POST"}):
            found.append((method, path, form if method == "POST" else {}))
            if method == "POST":
                found.append((method, path, {**form, "state": "x"}))
    found.append(("GET", "/q/finns-inte/", {}))
    return found


def send(client, method: str, path: str, form: dict, example: Example, pq) -> tuple[int, str]:
    params = params_for(example, pq)
    url = example.prefix + path
    if method == "GET":
        response = client.get(url, query_string=params)
    else:
        response = client.post(url, data={**form, **params})
    return response.status_code, response.get_data(as_text=True)


def forget(app) -> None:
    """Empty every memory of the app: it answers as a freshly started one (templates compiled)."""
    for kind in memory.KINDS:
        app.extensions.pop(kind, None)


def test_a_page_kept_for_one_visitors_choices_is_not_served_for_anothers(make_app):
    warm, fresh = make_app(), make_app()
    pq = warm.extensions["catalog"].latest("mini")
    requests = voter_requests(warm, pq)
    warm_client, fresh_client = warm.test_client(), fresh.test_client()
    for name, field in FIELDS:
        first, second = field.metadata["examples"]
        forget(fresh)
        for method, path, form in requests:
            send(warm_client, method, path, form, first, pq)
            after_a = send(warm_client, method, path, form, second, pq)
            alone = send(fresh_client, method, path, form, second, pq)
            assert after_a == alone, f"{name}: {method} {second.prefix}{path} {form} after {first}"
        unfilled = {kind for kind in memory.KINDS if not warm.extensions.get(kind)}
        assert not unfilled, f"no request of the voter's path fills {unfilled}: add one to voter_requests"
