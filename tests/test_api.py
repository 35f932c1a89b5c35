"""The JSON API, as a developer's program meets it: open data, matching, and errors that say why.

The mini quiz (tests/fixtures/content/mini): statements lagenheter, vrakningar, krav, avgifter;
alfa = (2, 2, ?, 2), beta = (-2, ?, 2, ?), gamma = (1, 0, ?, ?), where ? is unknown.
"""

import json

import pytest

from tests.helpers.voter import percents, post_result


def match(client, mini, body, query=""):
    return client.post(f"/api/v1/q/mini/{mini.version}/match{query}", json=body)


def test_the_quiz_list_points_to_each_versions_data_and_matching(client, mini):
    listed = client.get("/api/v1/quizzes").get_json()["quizzes"]
    assert [q["id"] for q in listed] == ["mini"]
    assert listed[0]["data"] == f"/api/v1/q/mini/{mini.version}"
    assert listed[0]["match"] == f"/api/v1/q/mini/{mini.version}/match"


def test_the_open_data_is_the_export_and_cacheable(client, mini, runner):
    response = client.get(f"/api/v1/q/mini/{mini.version}")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Cache-Control"].startswith("public") and response.headers["ETag"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    exported = json.loads(runner.invoke(args=["quiz", "export", "mini"]).output)
    assert response.get_json() == exported
    again = client.get(f"/api/v1/q/mini/{mini.version}", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_matching_gives_the_result_pages_numbers(client, mini):
    # "eA-c": lagenheter +2, vrakningar −2 important, krav skipped, avgifter 0
    body = {"answers": {"lagenheter": 2, "vrakningar": -2, "krav": None, "avgifter": 0}, "important": ["vrakningar"]}
    response = match(client, mini, body)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    data = response.get_json()
    assert data["answered"] == 3 and data["statements"] == 4 and data["method"] == "valkompass"
    page = percents(post_result(client, mini, "eA-c").get_data(as_text=True))
    assert {p["name"]: p["percent"] for p in data["parties"]} == page
    assert [p["rank"] for p in data["parties"]] == sorted(p["rank"] for p in data["parties"])
    assert data["explained"].endswith(f"/q/mini/{mini.version}/metod")


def test_the_minimum_is_a_field_the_scores_stay_as_before(client, mini):
    """Below the minimum the page shows no ranking; the API still scores every party, and says so."""
    # only krav (beta alone has a position on it): no answer tells two parties apart
    below = match(client, mini, {"answers": {"krav": 2}}).get_json()
    assert below["minimum"] == {"met": False, "needed": 2, "answered": 0}
    assert [(p["id"], p["percent"]) for p in below["parties"]] == [("beta", 100), ("alfa", 50), ("gamma", 50)]
    page = post_result(client, mini, "..e.").get_data(as_text=True)
    assert '<ol class="ranking">' not in page and "Ännu ingen rangordning" in page
    met = match(client, mini, EAC).get_json()
    assert met["minimum"] == {"met": True, "needed": 2, "answered": 2}  # lagenheter and vrakningar
    # the counts the page leads with: gamma (1, 0) agrees on lagenheter (+2, 1 step), not on vrakningar
    gamma = next(p for p in met["parties"] if p["id"] == "gamma")
    assert (gamma["agreeing"], gamma["disagreeing"], gamma["coverage"]) == (1, 1, 2)
    # one party in Huddinge: nothing to rank, whatever is answered
    assert match(client, mini, {**EAC, "kommun": "huddinge"}).get_json()["minimum"] == {"met": False, "needed": 0, "answered": 0}


EAC = {"answers": {"lagenheter": 2, "vrakningar": -2, "krav": None, "avgifter": 0}, "important": ["vrakningar"]}


def test_matching_the_svt_way_answers_in_svts_terms(client, mini):
    # alfa 16 of 16 + 0 of 2·16 + 0 of 8; beta 0 of 16 + unknown 0 of 2·2.5 + 0 of 2.5; gamma 12 + 2·8 + 0 of 16 + 32 + 2.5
    data = match(client, mini, {**EAC, "method": "svt"}).get_json()
    assert data["method"] == "svt" and data["source"] == "https://github.com/svt/election-compass-match"
    assert [(p["id"], p["match"], p["percent"], p["rank"]) for p in data["parties"]] == [
        ("gamma", 28 / 50.5, 55, 1), ("alfa", 16 / 56, 29, 2), ("beta", 0.0, 0, 3),
    ]
    assert data["parties"][0]["coverage"] == 2 and data["parties"][2]["uncertain"] is True


def test_matching_the_openvaa_way_gives_its_score_and_distance(client, mini):
    # importance ignored; beta's unknowns imputed opposite the voter (+0.5 for −2 and for neutral)
    data = match(client, mini, {**EAC, "method": "openvaa"}).get_json()
    assert [(p["id"], p["score"], p["distance"], p["percent"]) for p in data["parties"]] == [
        ("gamma", 58, 1.25 / 3, 58), ("alfa", 50, 0.5, 50), ("beta", 17, 2.5 / 3, 17),
    ]


def test_matching_the_matowahl_way_counts_unknown_as_neutral(client, mini):
    # folded by sign; beta's two unknowns count as neutral: ½ · 2 (important) + 1 (neutral voter) of 4
    data = match(client, mini, {**EAC, "method": "matowahl"}).get_json()
    assert [(p["id"], p["points"], p["max_points"], p["percent"]) for p in data["parties"]] == [
        ("gamma", 3.0, 4.0, 75), ("beta", 2.0, 4.0, 50), ("alfa", 1.5, 4.0, 38),
    ]


def test_matching_the_euclidean_way_and_ours_by_name(client, mini):
    ours = match(client, mini, {**EAC, "method": "valkompass"}).get_json()
    assert ours == match(client, mini, EAC).get_json()
    assert [(p["id"], p["percent"]) for p in ours["parties"]] == [("gamma", 62), ("beta", 44), ("alfa", 38)]
    euclidean = match(client, mini, {**EAC, "method": "euclidean"}).get_json()
    assert euclidean["method"] == "euclidean" and euclidean["parties"][0]["score"] < ours["parties"][0]["score"]


@pytest.mark.parametrize("method", ["svt", "openvaa", "matowahl"])
def test_peer_methods_with_nothing_answered_give_no_percent(client, mini, method):
    data = match(client, mini, {"answers": {"krav": None}, "method": method}).get_json()
    assert data["answered"] == 0 and all(p["percent"] is None for p in data["parties"])


@pytest.mark.parametrize("method", ["cosine", "", 3, None, ["svt"]])
def test_an_unknown_method_is_a_400_naming_the_allowed_ones(client, mini, method):
    response = match(client, mini, {**EAC, "method": method})
    assert response.status_code == 400 and response.mimetype == "application/json"
    message = response.get_json()["error"]["message"]
    assert message.startswith("Okänd metod") and "valkompass, euclidean, svt, openvaa, matowahl" in message
    english = match(client, mini, {**EAC, "method": method}, query="?lang=en").get_json()["error"]["message"]
    assert english.startswith("Unknown method") and "valkompass, euclidean, svt, openvaa, matowahl" in english


def test_svt_on_a_scale_its_table_does_not_cover_is_a_400(client, mini, monkeypatch):
    import quiz.api.views

    monkeypatch.setattr(quiz.api.views, "peers_for", lambda pq: ("openvaa", "matowahl"))  # as on a 3-step quiz
    response = match(client, mini, {**EAC, "method": "svt"})
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == "Metoden svt går inte att använda på det här quizets skala."
    assert match(client, mini, {**EAC, "method": "openvaa"}).status_code == 200


def test_matching_within_a_municipality_and_with_nothing_answered(client, mini):
    data = match(client, mini, {"answers": {}, "kommun": "solna"}).get_json()
    assert data["municipality"] == "solna" and data["answered"] == 0
    assert {p["id"] for p in data["parties"]} == {"alfa", "gamma"}
    assert all(p["percent"] is None and p["score"] is None and p["tied"] for p in data["parties"])


@pytest.mark.parametrize(
    "body, says",
    [
        ({"answers": {"finnsinte": 2}}, "Okända påståenden: finnsinte."),
        ({"answers": {"krav": 7}}, "Svaret på krav måste vara ett av -2, -1, 0, 1, 2, eller null."),
        ({"answers": {"krav": "2"}}, "Svaret på krav"),
        ({"answers": {"krav": True}}, "Svaret på krav"),
        ({"answers": {"krav": 1}, "important": "krav"}, "ska vara en lista"),
        ({"answers": [1, 2]}, "Skicka JSON med ett objekt"),
        ([], "Skicka JSON med ett objekt"),
    ],
)
def test_unreadable_answers_get_a_json_error_saying_why(client, mini, body, says):
    response = match(client, mini, body)
    assert response.status_code == 400 and response.mimetype == "application/json"
    assert says in response.get_json()["error"]["message"]


def test_errors_in_english_and_for_bodies_that_are_not_json(client, mini):
    response = match(client, mini, {"answers": {"krav": 7}}, query="?lang=en")
    assert response.get_json()["error"]["message"].startswith("The answer to krav must be one of")
    response = client.post(f"/api/v1/q/mini/{mini.version}/match", data="{broken", content_type="application/json")
    assert response.status_code == 400 and "answers" in response.get_json()["error"]["message"]
    response = client.post(f"/api/v1/q/mini/{mini.version}/match", data={"state": "eA-c"})  # a form, not JSON
    assert response.status_code == 400
    assert client.post("/api/v1/q/mini/9-deadbeef/match", json={"answers": {}}).status_code == 404
    assert client.get(f"/api/v1/q/mini/{mini.version}/match").get_json()["error"]["status"] == 405
    huge = client.post(f"/api/v1/q/mini/{mini.version}/match", data="x" * 200_000, content_type="application/json")
    assert huge.status_code == 413 and huge.mimetype == "application/json"


@pytest.mark.parametrize("nesting", ["[" * 50_000, '{"answers": ' * 5_000, "[" * 30_000 + "]" * 30_000])
def test_deeply_nested_json_gets_a_json_400_not_a_crash(client, mini, nesting):
    response = client.post(f"/api/v1/q/mini/{mini.version}/match", data=nesting, content_type="application/json")
    assert response.status_code == 400 and response.mimetype == "application/json"
    assert "answers" in response.get_json()["error"]["message"]


def test_another_site_may_call_it_from_a_browser(client, mini):
    preflight = client.open(f"/api/v1/q/mini/{mini.version}/match", method="OPTIONS",
                            headers={"Origin": "https://tidning.example", "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert preflight.headers["Access-Control-Allow-Headers"] == "Content-Type"
    response = match(client, mini, {"answers": {"krav": 1}})
    assert response.headers["Access-Control-Allow-Origin"] == "*" and "Set-Cookie" not in response.headers


def test_euclidean_gives_each_party_its_own_coverage_and_uncertainty(client, mini):
    """Euclidean re-scores, so its order can differ from ours: each party keeps its own coverage and
    uncertainty, not those of the party at its place in our ranking."""
    body = {"answers": {"vrakningar": -2, "avgifter": 2}}
    ours = {p["id"]: (p["coverage"], p["uncertain"]) for p in match(client, mini, body).get_json()["parties"]}
    assert ours == {"alfa": (2, False), "beta": (0, True), "gamma": (1, False)}
    euclidean = match(client, mini, {**body, "method": "euclidean"}).get_json()["parties"]
    assert {p["id"]: (p["coverage"], p["uncertain"]) for p in euclidean} == ours
    for method in ("svt", "openvaa", "matowahl"):
        peer = match(client, mini, {**body, "method": method}).get_json()["parties"]
        assert {p["id"]: (p["coverage"], p["uncertain"]) for p in peer} == ours


def test_cityblock_the_name_our_method_had_in_responses_is_still_accepted(client, mini):
    """Before the peers' methods the response said "method": "cityblock"; a client sending it back
    gets our method, named as the README documents it now."""
    data = match(client, mini, {**EAC, "method": "cityblock"})
    assert data.status_code == 200
    assert data.get_json() == match(client, mini, EAC).get_json()
    assert data.get_json()["method"] == "valkompass"
