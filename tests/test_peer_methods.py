"""The peers' methods (quiz/scoring/peers.py): every case their own code computed, and each rule by hand."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from quiz.scoring.peers import (
    KERNELS, PEER_METHODS, js_round, matowahl, openvaa, peer_answer_terms, peer_scores, stable_order, svt,
)

nan = np.nan


PEERS = Path(__file__).resolve().parent / "peers"  # where they come from and their licences: peers/README.md


def load_cases() -> list:
    document = json.loads((PEERS / "vectors.json").read_text())
    assert document["format"] == "valkompass-peer-vectors/1"
    return document["cases"]


CASES = load_cases()


def arrays(case):
    answers = np.array([nan if v is None else v for v in case["voter"]], dtype=float)
    weights = np.ones_like(answers)
    weights[case["important"]] = 2.0
    positions = np.array([[nan if v is None else v for v in row] for row in case["parties"]], dtype=float)
    return answers, weights, positions


def test_the_peer_vectors_are_there():
    assert len(CASES) == 300


@pytest.mark.parametrize("number", range(len(CASES)))
def test_every_peer_vector(number):
    """Each case as SVT's, OpenVAA's and Mat-O-Wahl's own code computed it."""
    case = CASES[number]
    answers, weights, positions = arrays(case)
    got = svt(answers, weights, positions)
    assert np.abs(got.match - np.array(case["svt"])).max() <= 1e-12
    got = openvaa(answers, weights, positions)
    assert got.score.tolist() == [o["score"] for o in case["openvaa"]]
    assert got.distance.tolist() == [o["distance"] for o in case["openvaa"]]
    got = matowahl(answers, weights, positions)
    assert got.percent.tolist() == case["matowahl"]["percent"]
    assert got.order.tolist() == case["matowahl"]["order"]


@pytest.mark.parametrize("number", range(0, len(CASES), 7))
def test_every_peer_vector_from_answer_terms(number):
    """The voter path's per-answer terms give the same numbers as the cases."""
    case = CASES[number]
    answers, weights, positions = arrays(case)
    values = np.array([nan, -2, -1, 0, 1, 2, -2, -1, 0, 1, 2], dtype=float)
    choice_weights = np.array([1.0] * 6 + [2.0] * 5)
    terms = peer_answer_terms(values, choice_weights, positions)
    picks = [0 if np.isnan(a) else int(a) + 3 + (5 if w > 1 else 0) for a, w in zip(answers, weights)]
    got = peer_scores([terms[s, c] for s, c in enumerate(picks)], len(positions))
    assert np.abs(np.array(got.svt) - np.array(case["svt"])).max() <= 1e-12
    assert got.openvaa_score == [o["score"] for o in case["openvaa"]]
    assert got.openvaa_distance == [o["distance"] for o in case["openvaa"]]
    assert got.matowahl_percent == case["matowahl"]["percent"]
    assert stable_order(got.matowahl_points) == case["matowahl"]["order"]


# Each rule, by hand.


def one(method, voter, party, important=False):
    weights = np.array([2.0 if important else 1.0])
    return KERNELS[method](np.array([voter], dtype=float), weights, np.array([[party]], dtype=float))


def test_svt_table_is_not_symmetric():
    # voter "delvis för" (1) vs party "helt för" (2): 8 of 12; voter "helt för" vs party "delvis för": 12 of 16
    assert one("svt", 1, 2).match[0] == 8 / 12
    assert one("svt", 2, 1).match[0] == 12 / 16
    # neutral voter vs party "delvis emot": 4 of 8; voter "delvis emot" vs neutral party: 8 of 12
    assert one("svt", 0, -1).match[0] == 4 / 8
    assert one("svt", -1, 0).match[0] == 8 / 12
    # a neutral voter gets 8 of 8 from a neutral party and 0 from either extreme
    assert one("svt", 0, 0).match[0] == 1.0 and one("svt", 0, 2).match[0] == 0.0 and one("svt", 0, -2).match[0] == 0.0


def test_svt_unknown_position_is_a_fixed_penalty_of_2_5():
    # voter +2 (max 16) on two statements: party agrees on one (16), unknown on the other (0 of 2.5)
    got = svt(np.array([2.0, 2.0]), np.ones(2), np.array([[2.0, nan]]))
    assert got.match[0] == 16 / (16 + 2.5)
    # the penalty is the same whatever the voter answered, and doubled with the important factor
    got = svt(np.array([0.0, 0.0]), np.array([1.0, 2.0]), np.array([[0.0, nan]]))
    assert got.match[0] == 8 / (8 + 2 * 2.5)
    # only an unknown position: 0 of 2.5, not "no score"
    assert one("svt", -1, nan).match[0] == 0.0


def test_svt_skipped_statement_adds_nothing_and_nothing_answered_is_0():
    got = svt(np.array([nan, 1.0]), np.ones(2), np.array([[nan, 1.0], [-2.0, 1.0]]))
    assert got.match.tolist() == [1.0, 1.0]  # the skipped statement's unknown and −2 count for nothing
    assert svt(np.array([nan]), np.ones(1), np.array([[1.0]])).match[0] == 0.0


def test_svt_important_doubles_score_and_maximum():
    # statement 1: 12 of 16, statement 2: 0 of 16; the first important: (24 + 0) / (32 + 16)
    got = svt(np.array([2.0, 2.0]), np.array([2.0, 1.0]), np.array([[1.0, -2.0]]))
    assert got.match[0] == 24 / 48


def test_svt_refuses_a_scale_its_table_does_not_cover():
    with pytest.raises(ValueError):
        svt(np.array([1.0]), np.ones(1), np.array([[1.0]]), -1, 1)


def test_openvaa_imputes_the_opposite_extreme_and_plus_half_for_a_neutral_voter():
    # voter +1 → 0.25; unknown imputed −0.5: distance 0.75, score 25
    assert one("openvaa", 1, nan).distance[0] == 0.75
    # voter −2 → −0.5; imputed +0.5: distance 1, score 0
    assert one("openvaa", -2, nan).score[0] == 0
    # voter neutral → 0; imputed +0.5 (RelativeMaximum's positive bias): distance 0.5, not 0
    assert one("openvaa", 0, nan).distance[0] == 0.5
    # the direction matters once more statements are averaged: a neutral voter, party at +2 and unknown
    got = openvaa(np.array([0.0, 1.0]), np.ones(2), np.array([[nan, 2.0], [-2.0, 2.0]]))
    assert got.distance.tolist() == [(0.5 + 0.25) / 2, (0.5 + 0.25) / 2]


def test_openvaa_ignores_importance_and_skipped_statements():
    positions = np.array([[2.0, -2.0, 0.0]])
    plain = openvaa(np.array([2.0, 2.0, nan]), np.ones(3), positions)
    weighted = openvaa(np.array([2.0, 2.0, nan]), np.array([2.0, 1.0, 1.0]), positions)
    assert plain.distance[0] == weighted.distance[0] == 0.5  # (0 + 1) / 2 answered
    nothing = openvaa(np.array([nan, nan, nan]), np.ones(3), positions)
    assert np.isnan(nothing.score[0]) and np.isnan(nothing.distance[0])


def test_openvaa_rounds_halves_up_as_javascript_does():
    # distance 4.25 / 10 = 0.425: in floating point (1 − 0.425) · 100 is 57.49999999999999, so OpenVAA
    # shows 57; 100 − 100 · 0.425 would be exactly 57.5 and round to 58 (3 of the 300 cases hinge on this)
    got = openvaa(np.full(10, 2.0), np.ones(10), np.array([[-2.0] * 4 + [1.0] + [2.0] * 5]))
    assert got.distance[0] == 0.425 and got.score[0] == 57 and js_round(100 - 100 * 0.425) == 58
    got = openvaa(np.array([2.0, 2.0]), np.ones(2), np.array([[2.0, 1.0]]))  # .25 / 2 = .125: 87.5
    assert got.score[0] == 88 and round(87.5) == 88
    got = openvaa(np.array([2.0, 2.0]), np.ones(2), np.array([[2.0, -1.0]]))  # .75 / 2 = .375: 62.5
    assert got.score[0] == 63 and round(62.5) == 62


def test_js_round():
    assert [js_round(x) for x in (0.5, 1.5, 2.5, -0.5, -2.5, 62.5, 0.49999999999999994, 52.49999999999999)] == [
        1.0, 2.0, 3.0, -0.0, -2.0, 63.0, 0.0, 52.0,
    ]
    assert js_round(np.array([0.5, 2.5, -2.5, nan]))[:3].tolist() == [1.0, 3.0, -2.0]
    assert np.isnan(js_round(nan))


def test_matowahl_folds_by_sign_and_treats_unknown_as_neutral():
    assert one("matowahl", 1, 2).percent[0] == 100  # both "for": the same answer
    assert one("matowahl", -2, -1).percent[0] == 100
    assert one("matowahl", 2, 0).percent[0] == 50  # one side neutral: ½
    assert one("matowahl", 0, -2).percent[0] == 50
    assert one("matowahl", 1, -1).percent[0] == 0  # opposite sides
    assert one("matowahl", 2, nan).percent[0] == 50  # unknown: neutral, ½
    assert one("matowahl", 0, nan).percent[0] == 100  # neutral voter, unknown party: "the same answer"


def test_matowahl_important_counts_double_and_percent_rounds_halves_up():
    # ½ point (neutral party) of 4, one of them important: ½ of 5 = 10 %; without: 12.5 % → 13
    answers = np.array([2.0, 2.0, 2.0, 2.0])
    positions = np.array([[0.0, -2.0, -2.0, -2.0]])
    got = matowahl(answers, np.array([1.0, 2.0, 1.0, 1.0]), positions)
    assert got.points[0] == 0.5 and got.maximum == 5.0 and got.percent[0] == 10
    got = matowahl(answers, np.ones(4), positions)
    assert got.points[0] * 100 / 4 == 12.5 and got.percent[0] == 13


def test_matowahl_orders_by_points_ties_in_input_order():
    answers = np.array([2.0, -2.0])
    positions = np.array([[0.0, 0.0], [2.0, -1.0], [-2.0, 0.0], [1.0, 0.0], [nan, nan]])
    got = matowahl(answers, np.ones(2), positions)
    assert got.points.tolist() == [1.0, 2.0, 0.5, 1.5, 1.0]
    assert got.order.tolist() == [1, 3, 0, 4, 2]
    assert got.ranks.tolist() == [3, 1, 5, 2, 3]
    nothing = matowahl(np.array([nan, nan]), np.ones(2), positions)
    assert nothing.maximum == 1.0 and nothing.percent.tolist() == [0] * 5 and nothing.order.tolist() == [0, 1, 2, 3, 4]


@pytest.mark.parametrize("method", PEER_METHODS)
def test_vectorised_over_thousands_of_candidates_equals_one_by_one(method):
    rng = np.random.default_rng(17)
    positions = rng.integers(-2, 3, size=(10_000, 20)).astype(float)
    positions[rng.random(positions.shape) < 0.2] = nan
    answers = rng.integers(-2, 3, size=20).astype(float)
    answers[[2, 9]] = nan
    weights = rng.choice([1.0, 2.0], size=20)
    together = KERNELS[method](answers, weights, positions)
    sample = rng.choice(len(positions), size=40, replace=False)
    apart = [KERNELS[method](answers, weights, positions[i : i + 1]) for i in sample]
    assert together.percent[sample].tolist() == [a.percent[0] for a in apart]
    assert together.key[sample].tolist() == [a.key[0] for a in apart]


@pytest.mark.parametrize("scale", [(-2, 2), (-1, 1)])
@pytest.mark.parametrize("seed", range(6))
def test_a_quiz_voter_from_answer_terms_gets_exactly_the_kernels_numbers(scale, seed):
    """The voter path adds up per-answer terms built once per version: bit for bit the kernels."""
    low, high = scale
    rng = np.random.default_rng(seed)
    parties, statements = 8, 30
    positions = rng.integers(low, high + 1, size=(parties, statements)).astype(float)
    positions[rng.random(positions.shape) < 0.2] = nan
    positions[seed % parties] = nan  # a party whose platform says nothing at all
    steps = list(range(low, high + 1))
    values = np.array([nan, *steps, *steps], dtype=float)
    choice_weights = np.array([1.0] * (len(steps) + 1) + [2.0] * len(steps))
    terms = peer_answer_terms(values, choice_weights, positions, low, high)
    picks = rng.integers(0, len(values), size=statements)
    picks[rng.random(statements) < (0.3 if seed else 1.0)] = 0  # skipped; seed 0 answers nothing
    answers, weights = values[picks], choice_weights[picks]
    got = peer_scores([terms[s, c] for s, c in enumerate(picks)], parties, with_svt=high - low == 4)
    if high - low == 4:
        expected = svt(answers, weights, positions, low, high)
        assert got.svt == expected.match.tolist() and got.svt_percent == expected.percent.tolist()
    expected = openvaa(answers, weights, positions, low, high)
    assert np.array_equal(got.openvaa_score, expected.score, equal_nan=True)
    assert np.array_equal(got.openvaa_distance, expected.distance, equal_nan=True)
    assert stable_order(got.key("openvaa")) == expected.order.tolist()
    expected = matowahl(answers, weights, positions, low, high)
    assert got.matowahl_points == expected.points.tolist() and got.matowahl_maximum == expected.maximum
    assert got.matowahl_percent == expected.percent.tolist()
    assert stable_order(got.matowahl_points) == expected.order.tolist()


def test_rejects_bad_shapes():
    with pytest.raises(ValueError):
        openvaa(np.array([1.0, 2.0]), np.ones(2), np.array([[1.0, 2.0, 0.0]]))


def test_many_voters_keys_order_parties_as_each_voters_kernel_does():
    from quiz.scoring.peers import voter_keys

    rng = np.random.default_rng(5)
    positions = rng.integers(-2, 3, size=(6, 15)).astype(float)
    positions[rng.random(positions.shape) < 0.25] = nan
    answers = rng.integers(-2, 3, size=(40, 15)).astype(float)
    answers[rng.random(answers.shape) < 0.2] = nan
    weights = rng.choice([1.0, 2.0], size=(40, 15))
    keys = voter_keys(answers, weights, positions)
    for v in range(40):
        for method, kernel in KERNELS.items():
            own = kernel(answers[v], weights[v], positions).key
            if method == "openvaa":  # the sum, not the mean: the same order for one voter
                own = own * np.count_nonzero(~np.isnan(answers[v]))
            assert np.allclose(keys[method][v], own, rtol=0, atol=1e-12)
            assert (keys[method][v] == keys[method][v].max()).tolist() == (own == own.max()).tolist()
