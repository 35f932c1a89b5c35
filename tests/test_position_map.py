"""The position map and per-topic scores: pure numpy, deterministic, consistent with the ranking."""

import numpy as np
import pytest

from quiz.scoring.kernels import grouped_scores, score_parties
from quiz.scoring.position_map import position_map

NAN = np.nan
MATRIX = np.array(
    [
        [2, 2, NAN, 2, -1],
        [-2, NAN, 2, NAN, 1],
        [1, 0, NAN, -2, 2],
        [-1, -2, 1, 0, NAN],
    ]
)


def test_same_input_same_coordinates_with_fixed_signs():
    a, b = position_map(MATRIX), position_map(MATRIX.copy())
    assert np.array_equal(a.parties, b.parties) and np.array_equal(a.axes, b.axes)
    for k in range(2):  # the statement loading most strongly on an axis loads positively
        assert a.axes[k, np.argmax(np.abs(a.axes[k]))] > 0


def test_the_sign_rule_keeps_the_axes_when_every_position_is_negated():
    """The same directions come out with the same signs, so the parties mirror through the middle."""
    a, b = position_map(MATRIX), position_map(-MATRIX)
    assert np.allclose(a.axes, b.axes)
    assert np.allclose(a.parties, -b.parties)


def test_axes_are_orthonormal_and_explain_at_most_everything():
    pmap = position_map(MATRIX)
    assert np.allclose(pmap.axes @ pmap.axes.T, np.eye(2))
    assert 0 < pmap.explained[1] <= pmap.explained[0] and pmap.explained.sum() <= 1 + 1e-9


def test_a_voter_answering_like_a_fully_known_party_lands_on_it():
    full = np.array([[2, -1, 0, 1], [-2, 1, 2, -1], [0, 0, -2, 2]], dtype=float)
    pmap = position_map(full)
    for row in range(3):
        assert np.allclose(pmap.place(full[row]), pmap.parties[row])


def test_skipping_everything_places_the_voter_in_the_middle():
    pmap = position_map(MATRIX)
    assert np.allclose(pmap.place(np.full(5, NAN)), 0)


def test_a_matrix_with_no_differences_has_no_axes():
    pmap = position_map(np.ones((3, 4)))
    assert np.allclose(pmap.parties, 0) and np.allclose(pmap.explained, 0)


def test_topic_scores_are_the_ranking_formula_over_each_topics_statements():
    answers = np.array([2, -1, NAN, 0, 2])
    weights = np.array([2, 1, 1, 1, 1], dtype=float)
    groups = np.array([[1, 0], [1, 0], [0, 1], [0, 1], [0, 1]], dtype=float)
    match = score_parties(answers, weights, MATRIX)
    per_topic = grouped_scores(match, weights, groups)
    for g in range(2):
        alone = np.where(groups[:, g] == 1, answers, NAN)
        assert np.allclose(per_topic[:, g], score_parties(alone, weights, MATRIX).scores)


def test_a_topic_without_answers_has_no_score():
    answers = np.array([2, -1, NAN, NAN, NAN])
    groups = np.array([[1, 0], [1, 0], [0, 1], [0, 1], [0, 1]], dtype=float)
    per_topic = grouped_scores(score_parties(answers, np.ones(5), MATRIX), np.ones(5), groups)
    assert np.isnan(per_topic[:, 1]).all() and not np.isnan(per_topic[:, 0]).any()


@pytest.mark.parametrize("seed", range(5))
def test_topic_scores_weighted_back_together_give_the_overall_score(seed):
    rng = np.random.default_rng(seed)
    answers = rng.integers(-2, 3, 5).astype(float)
    weights = rng.choice([1.0, 2.0], 5)
    groups = np.array([[1, 0], [1, 0], [0, 1], [0, 1], [0, 1]], dtype=float)
    match = score_parties(answers, weights, MATRIX)
    per_topic = grouped_scores(match, weights, groups)
    share = (weights @ groups) / weights.sum()
    assert np.allclose(per_topic @ share, match.scores)
