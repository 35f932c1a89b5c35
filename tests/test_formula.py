"""The score formula in one place (quiz/scoring/formula.py) gives the numbers the kernels gave before,
bit for bit: every kernel is compared with a frozen copy of its arithmetic from before the move
(issue 21), on the shipped quizzes and on many random answer sets and matrices."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from quiz.content.folders import load_path
from quiz.core.answers import answer_table
from quiz.core.published import PublishedQuiz
from quiz.scoring.kernels import (
    answer_terms, grouped_scores, leave_one_out, score_parties, score_shares, score_terms, score_voters,
)
from quiz.scoring.formula import EUCLIDEAN, score
from quiz.scoring.ranking import compute_result
from quiz.scoring.terms import answer_terms_for

ROOT = Path(__file__).resolve().parent.parent
METHODS = ("cityblock", "euclidean")


# --- the arithmetic as it was (quiz/matching.py before issue 21), frozen -----------------------------


def old_unknown_distance(answers, scale_min, scale_max):
    return np.maximum(answers - scale_min, scale_max - answers) / 2.0


def old_charged_distances(answers, positions, imputed, unknown, euclidean):
    distances = np.where(unknown, imputed, np.abs(positions - answers))
    np.fmax(distances, 0.0, out=distances)
    if euclidean:
        distances *= distances
    return distances


def old_score_parties(answers, weights, positions, scale_min, scale_max, method, small=True):
    scale_range = float(scale_max - scale_min)
    answered_mask = ~np.isnan(answers)
    w = np.where(answered_mask, weights, 0.0)
    imputed = old_unknown_distance(answers, scale_min, scale_max)
    unknown = np.isnan(positions)
    euclidean = method == "euclidean"
    if small:
        distance_sums = old_charged_distances(answers, positions, imputed, unknown, euclidean) @ w
    else:
        unknown_terms = np.stack([np.where(answered_mask, imputed, 0.0) * w, answered_mask.astype(float)], axis=1)
        if euclidean:
            unknown_terms[:, 0] *= np.nan_to_num(imputed)
        per_party = unknown @ unknown_terms
        known = np.subtract(positions, answers)
        np.abs(known, out=known)
        np.fmax(known, 0.0, out=known)
        if euclidean:
            np.square(known, out=known)
        distance_sums = known @ w + per_party[:, 0]
    total_weight = w.sum()
    if total_weight <= 0:
        return np.full(positions.shape[0], np.nan)
    if euclidean:
        return 100.0 * (1.0 - np.sqrt(distance_sums / (total_weight * scale_range**2)))
    return 100.0 * (1.0 - distance_sums / (total_weight * scale_range))


def old_score_voters(answers, weights, positions, scale_min, scale_max, method):
    weights = np.broadcast_to(np.asarray(weights, dtype=float), answers.shape)
    scale_range = float(scale_max - scale_min)
    w = np.where(np.isnan(answers), 0.0, weights)
    imputed = old_unknown_distance(answers, scale_min, scale_max)
    unknown = np.isnan(positions)
    euclidean = method == "euclidean"
    sums = np.empty((answers.shape[0], positions.shape[0]))
    for p in range(positions.shape[0]):
        charged = old_charged_distances(answers, positions[p], imputed, unknown[p], euclidean)
        charged *= w
        sums[:, p] = charged.sum(axis=1)
    total_weight = w.sum(axis=1)[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        if euclidean:
            scores = 100.0 * (1.0 - np.sqrt(sums / (total_weight * scale_range**2)))
        else:
            scores = 100.0 * (1.0 - sums / (total_weight * scale_range))
    scores[(total_weight <= 0)[:, 0]] = np.nan
    return scores


def old_answer_terms(values, weights, positions, scale_min, scale_max, method):
    parties, statements = positions.shape
    unknown = np.isnan(positions)
    scale_range = float(scale_max - scale_min)
    largest = scale_range**2 if method == "euclidean" else scale_range
    terms = np.zeros((statements, len(values), 2 * parties + 2))
    for c, (value, weight) in enumerate(zip(values, weights)):
        if np.isnan(value):
            continue
        answers = np.full(statements, float(value))
        imputed = old_unknown_distance(answers, scale_min, scale_max)
        charged = old_charged_distances(answers, positions, imputed, unknown, method == "euclidean")
        terms[:, c, :parties] = weight * charged.T
        terms[:, c, parties : 2 * parties] = ~unknown.T
        terms[:, c, -2] = weight * largest
        terms[:, c, -1] = 1.0
    return terms


def old_score_terms(rows, parties, method):
    sums = [sum(column) for column in zip(*rows)]
    if not sums:
        sums = [0.0] * (2 * parties + 2)
    largest = sums[-2]
    if largest <= 0:
        return [math.nan] * parties
    if method == "euclidean":
        return [100.0 * (1.0 - math.sqrt(d / largest)) for d in sums[:parties]]
    return [100.0 * (1.0 - d / largest) for d in sums[:parties]]


def old_score_shares(shares, terms, method):
    parties = (terms.shape[-1] - 2) // 2
    sums = np.einsum("sc,scx->x", np.asarray(shares, dtype=float), terms)
    largest = sums[-2]
    if largest <= 0:
        return np.full(parties, np.nan)
    ratio = sums[:parties] / largest
    return 100.0 * (1.0 - (np.sqrt(ratio) if method == "euclidean" else ratio))


def old_leave_one_out(rows, parties, method):
    sums = rows.sum(axis=0)
    largest = sums[-2] - rows[:, -2]
    ratio = sums[:parties] - rows[:, :parties]
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio /= largest[:, None]
    if method == "euclidean":
        np.sqrt(ratio, out=ratio)
    np.subtract(1.0, ratio, out=ratio)
    ratio *= 100.0
    return ratio


def old_grouped_scores(answers, weights, distance, scale_range, groups):
    answered = ~np.isnan(answers)
    w = np.where(answered, np.asarray(weights, dtype=float), 0.0)
    charged = np.nan_to_num(distance) * w
    possible = (w * scale_range) @ groups
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = 100.0 * (1.0 - (charged @ groups) / possible)
    scores[:, possible == 0] = np.nan
    return scores


# --- comparing -------------------------------------------------------------------------------------


def same_bits(new, old) -> None:
    """Equal as stored: the same NaNs, and every other number with the same bits (so 0.0 ≠ −0.0)."""
    new, old = np.asarray(new, dtype=float), np.asarray(old, dtype=float)
    assert new.shape == old.shape
    assert (np.isnan(new) == np.isnan(old)).all()
    known = ~np.isnan(old)
    assert (new[known].view(np.int64) == old[known].view(np.int64)).all()


def shipped() -> list[PublishedQuiz]:
    return [PublishedQuiz(quiz=q, version="1-00000000", sequence=1) for q in load_path(ROOT / "statements")]


def random_voters(rng, scale, count, statements):
    values = rng.choice(np.append(np.array(scale, dtype=float), np.nan), size=(count, statements))
    weights = np.where(rng.random((count, statements)) < 0.2, 2.0, 1.0)
    return values, weights


def random_matrix(rng, scale, parties, statements, unknown=0.3):
    positions = rng.choice(np.array(scale, dtype=float), size=(parties, statements))
    positions[rng.random(positions.shape) < unknown] = np.nan
    return positions


CASES = [(-2, -1, 0, 1, 2), (-1, 0, 1), (-3, -2, -1, 0, 1, 2, 3), (-2, 0, 2)]


@pytest.mark.parametrize("method", METHODS)
def test_the_kernels_score_as_before_on_the_shipped_quizzes(method):
    rng = np.random.default_rng(21)
    for pq in shipped():
        scale, positions = pq.quiz.scale_values, pq.positions
        lo, hi = pq.scale_min, pq.scale_max
        values, weights = random_voters(rng, scale, 300, len(pq.statements))
        values[0] = np.nan  # nothing answered
        values[1, 1:] = np.nan  # one answer
        for answers, w in zip(values, weights):
            same_bits(score_parties(answers, w, positions, lo, hi, method).scores,
                      old_score_parties(answers, w, positions, lo, hi, method))
        same_bits(score_voters(values, weights, positions, lo, hi, method),
                  old_score_voters(values, weights, positions, lo, hi, method))


@pytest.mark.parametrize("scale", CASES)
@pytest.mark.parametrize("method", METHODS)
def test_the_kernels_score_as_before_on_random_matrices(scale, method):
    rng = np.random.default_rng(len(scale))
    lo, hi = scale[0], scale[-1]
    for parties, statements in ((7, 30), (300, 40)):  # the few-calls way, and the one for thousands
        positions = random_matrix(rng, scale, parties, statements)
        values, weights = random_voters(rng, scale, 40, statements)
        for answers, w in zip(values, weights):
            same_bits(score_parties(answers, w, positions, lo, hi, method).scores,
                      old_score_parties(answers, w, positions, lo, hi, method, small=positions.size <= 4096))
        same_bits(score_voters(values, weights, positions, lo, hi, method),
                  old_score_voters(values, weights, positions, lo, hi, method))


@pytest.mark.parametrize("scale", CASES)
@pytest.mark.parametrize("method", METHODS)
def test_the_term_kernels_score_as_before(scale, method):
    """answer_terms, score_terms, score_shares and leave_one_out: the request path's arithmetic."""
    rng = np.random.default_rng(100 + len(scale))
    table = answer_table(scale)
    values = np.array([a.number for a in table.values()])
    weights = np.array([a.weight for a in table.values()])
    positions = random_matrix(rng, scale, 8, 25)
    terms = answer_terms(values, weights, positions, scale[0], scale[-1], method)
    same_bits(terms, old_answer_terms(values, weights, positions, scale[0], scale[-1], method))
    for _ in range(100):
        picks = rng.integers(0, len(values), size=25)
        rows = terms[np.arange(25), picks]
        same_bits(score_terms(rows.tolist(), 8, method)[0], old_score_terms(rows.tolist(), 8, method))
        same_bits(leave_one_out(rows.copy(), 8, method), old_leave_one_out(rows.copy(), 8, method))
        shares = rng.dirichlet(np.ones(len(values)), size=25)
        same_bits(score_shares(shares, terms, method), old_score_shares(shares, terms, method))
    same_bits(score_terms([], 8, method)[0], old_score_terms([], 8, method))


def test_topic_scores_and_the_robustness_line_score_as_before():
    rng = np.random.default_rng(5)
    scale = (-2, -1, 0, 1, 2)
    positions = random_matrix(rng, scale, 9, 24)
    groups = (rng.integers(0, 4, size=24)[:, None] == np.arange(5)).astype(float)  # group 4 stays empty
    values, weights = random_voters(rng, scale, 200, 24)
    for answers, w in zip(values, weights):
        match = score_parties(answers, w, positions)
        same_bits(grouped_scores(match, w, groups),
                  old_grouped_scores(answers, w, match.distance, match.scale_range, groups))
    table = answer_table(scale)
    terms = old_answer_terms(np.array([a.number for a in table.values()]), np.array([a.weight for a in table.values()]),
                             positions, -2, 2, "euclidean")
    for _ in range(200):  # robustness.py's Euclidean line, on the sums it adds up
        sums = terms[np.arange(24), rng.integers(0, len(table), size=24)].sum(axis=0).tolist()
        if sums[-2] > 0:
            for d in sums[:9]:
                assert score(d, sums[-2], EUCLIDEAN) == 100.0 * (1.0 - math.sqrt(d / sums[-2]))


def test_the_ranking_scores_the_shipped_quizzes_as_before():
    """compute_result through the version's term table (quiz/scoring/terms.py), both methods, every municipality."""
    rng = np.random.default_rng(12)
    for pq in shipped():
        table = answer_table(tuple(pq.quiz.scale_values))
        characters = list(table)
        values = np.array([a.number for a in table.values()])
        weights = np.array([a.weight for a in table.values()])
        for municipality in ["alla", *pq.municipality_slugs]:
            rows = pq.party_indices(municipality)
            for method in METHODS:
                terms = old_answer_terms(values, weights, pq.positions[rows], pq.scale_min, pq.scale_max, method)
                for _ in range(60):
                    picks = rng.integers(0, len(characters), size=len(pq.statements))
                    answers = pq.read_answers("".join(characters[c] for c in picks) + pq.no_answers().check)
                    expected = old_score_terms(terms[np.arange(len(picks)), picks].tolist(), len(rows), method)
                    result = compute_result(pq, answers, municipality, method)
                    same_bits(result.scores, expected)
                    # the answer step's own count of answers that tell parties apart is the ranking's
                    assert answer_terms_for(pq, municipality).separating(answers.letters) == result.separating
