"""The scoring rules, against examples computed by hand."""

import numpy as np
import pytest

from quiz.scoring.formula import unknown_distance
from quiz.scoring.kernels import (
    answer_terms, competition_ranks, leave_one_out, score_parties, score_terms, score_voters,
)

nan = np.nan


def score(answers, positions, weights=None, **kw):
    answers = np.array(answers, dtype=float)
    weights = np.ones_like(answers) if weights is None else np.array(weights, dtype=float)
    return score_parties(answers, weights, np.array(positions, dtype=float), -2, 2, **kw)


def test_cityblock_hand_computed():
    # voter (2, -1, 0); party A (2, -1, 0) identical; B (1, 1, -2): d = 1 + 2 + 2 = 5 of 3·4 = 12
    result = score([2, -1, 0], [[2, -1, 0], [1, 1, -2]])
    assert result.scores == pytest.approx([100.0, 100 * (1 - 5 / 12)])
    assert list(result.coverage) == [3, 3]
    assert result.answered == 3


def test_skipped_statements_do_not_count():
    # only statement 1 answered: A agrees fully there; B is 4 away (opposite extreme)
    result = score([2, nan, nan], [[2, -2, -2], [-2, 2, 2]])
    assert result.scores == pytest.approx([100.0, 0.0])
    assert list(result.coverage) == [1, 1]
    assert np.isnan(result.agreement[:, 1:]).all()


def test_weights_double_an_important_statement():
    # d = (0, 4); unweighted 1 − 4/8 = 50 %; first statement important: 1 − 4/12
    positions = [[2, -2]]
    assert score([2, 2], positions).scores[0] == pytest.approx(50.0)
    assert score([2, 2], positions, weights=[2, 1]).scores[0] == pytest.approx(100 * (1 - 4 / 12))
    assert score([2, 2], positions, weights=[1, 2]).scores[0] == pytest.approx(100 * (1 - 8 / 12))


def test_unknown_counts_half_the_largest_possible_distance():
    # voter +2: largest distance 4 → unknown charged 2 → 50 %; voter 0: largest 2 → charged 1 → 75 %
    assert score([2], [[nan]]).scores[0] == pytest.approx(50.0)
    assert score([0], [[nan]]).scores[0] == pytest.approx(75.0)
    assert score([-1], [[nan]]).scores[0] == pytest.approx(100 * (1 - 1.5 / 4))
    assert list(unknown_distance(np.array([2.0, 0.0, -1.0]), -2, 2)) == [2.0, 1.0, 1.5]


def test_unknown_positions_lower_coverage_and_have_no_agreement():
    result = score([1, 1], [[1, nan]])
    assert list(result.coverage) == [1]
    assert result.agreement[0, 0] == 1.0 and np.isnan(result.agreement[0, 1])


@pytest.mark.parametrize("voter", [-2, -1, 0, 1, 2])
@pytest.mark.parametrize("method", ["cityblock", "euclidean"])
def test_monotonic_agree_beats_unknown_beats_opposite(voter, method):
    """All else equal: agreeing > unknown > the opposite extreme, for every possible answer."""
    opposite = -2 if voter >= 0 else 2
    result = score([voter, 1], [[voter, 1], [nan, 1], [opposite, 1]], method=method)
    agree, unknown, disagree = result.scores
    assert agree > unknown > disagree


@pytest.mark.parametrize("voter,other_side", [(1, -1), (2, -1), (-1, 1), (-2, 2), (1, -2)])
def test_any_opposite_side_position_scores_below_unknown(voter, other_side):
    result = score([voter], [[nan], [other_side]])
    assert result.scores[0] > result.scores[1]


def test_all_skipped_gives_no_score_rather_than_zero():
    result = score([nan, nan], [[1, 2], [nan, -1]])
    assert np.isnan(result.scores).all()
    assert result.answered == 0
    assert list(result.coverage) == [0, 0]


def test_ties_share_a_rank():
    # A and B both at distance 2 from the voter; C agrees
    result = score([0, 0], [[2, 0], [0, -2], [0, 0]])
    assert result.scores[0] == result.scores[1]
    assert competition_ranks(result.scores.tolist()) == [2, 2, 1]
    assert competition_ranks([50.0, 70.0, 50.0, 10.0]) == [2, 1, 2, 4]


def test_nothing_answered_ranks_last():
    assert competition_ranks([30.0, nan, 30.0]) == [1, 3, 1]


def reference_ranks(scores: np.ndarray) -> np.ndarray:
    """Competition ranks the plain numpy way, the oracle ``competition_ranks`` is checked against."""
    values = np.where(np.isnan(scores), -np.inf, scores)
    return 1 + (values[None, :] > values[:, None]).sum(axis=1)


def test_euclidean_punishes_one_large_disagreement_more():
    # both parties are 4 away in total; A all on one statement, B spread
    city = score([2, 2], [[-2, 2], [0, 0]])
    eucl = score([2, 2], [[-2, 2], [0, 0]], method="euclidean")
    assert city.scores[0] == pytest.approx(city.scores[1])
    assert eucl.scores[0] < eucl.scores[1]


def test_rejects_bad_shapes_and_methods():
    with pytest.raises(ValueError):
        score([1, 2], [[1, 2, 3]])
    with pytest.raises(ValueError):
        score([1], [[1]], method="cosine")


def test_vectorised_over_many_candidates_equals_one_by_one():
    rng = np.random.default_rng(7)
    positions = rng.integers(-2, 3, size=(50, 12)).astype(float)
    positions[rng.random(positions.shape) < 0.2] = nan
    answers = rng.integers(-2, 3, size=12).astype(float)
    answers[[3, 7]] = nan
    weights = rng.choice([1.0, 2.0], size=12)
    together = score_parties(answers, weights, positions).scores
    apart = [score_parties(answers, weights, row[None, :]).scores[0] for row in positions]
    assert together == pytest.approx(apart)


@pytest.mark.parametrize("method", ["cityblock", "euclidean"])
def test_thousands_of_candidates_score_exactly_as_a_few_parties_do(method):
    """Large matrices take another, faster-at-scale way through the kernel: same numbers, bit for bit."""
    from quiz.scoring.kernels import SMALL_MATRIX

    rng = np.random.default_rng(11)
    statements = 40
    positions = rng.integers(-2, 3, size=(3 * SMALL_MATRIX // statements, statements)).astype(float)
    positions[rng.random(positions.shape) < 0.2] = nan
    answers = rng.integers(-2, 3, size=statements).astype(float)
    answers[[1, 5, 30]] = nan
    weights = rng.choice([1.0, 2.0], size=statements)
    together = score_parties(answers, weights, positions, method=method)
    rows = SMALL_MATRIX // statements
    parts = [score_parties(answers, weights, positions[i:i + rows], method=method) for i in range(0, len(positions), rows)]
    assert np.array_equal(together.scores, np.concatenate([p.scores for p in parts]))
    assert np.array_equal(together.coverage, np.concatenate([p.coverage for p in parts]))


@pytest.mark.parametrize("method", ["cityblock", "euclidean"])
@pytest.mark.parametrize("seed", range(5))
def test_a_quiz_voter_scored_from_answer_terms_gets_exactly_the_kernels_numbers(method, seed):
    """The voter path adds up per-answer terms built once per version: bit for bit the kernel's scores."""
    rng = np.random.default_rng(seed)
    parties, statements = 8, 30
    positions = rng.integers(-2, 3, size=(parties, statements)).astype(float)
    positions[rng.random(positions.shape) < 0.2] = nan
    positions[seed % parties] = nan  # a party whose platform says nothing at all
    choices_values = np.array([nan, -2, -1, 0, 1, 2, -2, -1, 0, 1, 2], dtype=float)
    choices_weights = np.array([1.0] * 6 + [2.0] * 5)
    terms = answer_terms(choices_values, choices_weights, positions, -2, 2, method)
    picks = rng.integers(0, len(choices_values), size=statements)
    picks[rng.random(statements) < 0.3] = 0  # skipped
    expected = score_parties(choices_values[picks], choices_weights[picks], positions, -2, 2, method)
    scores, coverage, answered = score_terms([terms[s, c] for s, c in enumerate(picks)], parties, method)
    assert np.array_equal(np.array(scores), expected.scores)
    assert coverage == expected.coverage.tolist() and answered == expected.answered


def test_answer_terms_of_nothing_answered_give_no_score():
    terms = answer_terms(np.array([nan, 1.0]), np.ones(2), np.array([[1.0, nan]]))
    scores, coverage, answered = score_terms([terms[0, 0], terms[1, 0]], 1)
    assert np.isnan(scores).all() and coverage == [0] and answered == 0
    scores, coverage, answered = score_terms([], 2)  # a quiz without statements
    assert np.isnan(scores).all() and coverage == [0, 0] and answered == 0


@pytest.mark.parametrize("values", [[67, 80, 67, 12], [50, 50, 50], [nan, nan], [3.0], [], [90, nan, 90, 10, 10, 5]])
def test_competition_ranks_are_the_reference_ranks(values):
    assert competition_ranks(values) == reference_ranks(np.array(values, dtype=float)).tolist()


@pytest.mark.parametrize("method", ["cityblock", "euclidean"])
def test_many_voters_at_once_score_exactly_as_one_by_one(method):
    """``score_voters`` (the audit's simulations) gives, bit for bit, each voter's ``score_parties``."""
    rng = np.random.default_rng(7)
    positions = rng.integers(-2, 3, size=(6, 30)).astype(float)
    positions[rng.random(positions.shape) < 0.4] = nan
    answers = rng.integers(-2, 3, size=(200, 30)).astype(float)
    answers[rng.random(answers.shape) < 0.2] = nan
    answers[0] = nan  # a voter who skipped everything gets no score, not 0 %
    weights = rng.choice([1.0, 2.0], size=answers.shape)
    many = score_voters(answers, weights, positions, -2, 2, method)
    one_by_one = np.array([score_parties(a, w, positions, -2, 2, method).scores for a, w in zip(answers, weights)])
    assert many.shape == (200, 6)
    np.testing.assert_array_equal(many, one_by_one)
    assert np.isnan(many[0]).all() and not np.isnan(many[1:]).any()


def test_many_voters_hand_computed():
    # voter (2, -1): A (2, −1) agrees; B (nan, 1): unknown at +2 charged 2, d = 2 → 1 − 4/8 = 50 %
    scores = score_voters([[2, -1], [nan, -1]], [1, 1], [[2, -1], [nan, 1]])
    np.testing.assert_array_equal(scores, [[100.0, 50.0], [100.0, 50.0]])


@pytest.mark.parametrize("method", ["cityblock", "euclidean"])
def test_leaving_each_statement_out_scores_exactly_as_scoring_the_rest(method):
    rng = np.random.default_rng(3)
    positions = rng.integers(-2, 3, size=(5, 12)).astype(float)
    positions[rng.random(positions.shape) < 0.4] = nan
    values, weights = np.array([nan, -2, -1, 0, 1, 2, -2, 2.0]), np.array([1, 1, 1, 1, 1, 1, 2, 2.0])
    terms = answer_terms(values, weights, positions, -2, 2, method)
    choices = rng.integers(0, len(values), size=12)
    choices[4] = 0  # one statement skipped
    rows = terms[np.arange(12), choices]
    loo = leave_one_out(rows, 5, method)
    for i in range(12):
        expected, _, _ = score_terms(np.delete(rows, i, axis=0).tolist(), 5, method)
        assert loo[i].tolist() == expected


def test_leaving_out_the_only_answer_leaves_nothing_to_compare():
    # one answer (+2, weight 1) against A at +2: without it nothing is answered
    rows = answer_terms(np.array([nan, 2.0]), np.array([1.0, 1.0]), np.array([[2.0, nan]]))[[0, 1], [1, 0]]
    without = leave_one_out(rows, 1)
    assert np.isnan(without[0]).all()
    assert without[1].tolist() == [100.0]  # the skipped statement left out: the full score
