"""The matching kernel alone (`make bench`, not part of `make test`): pytest-benchmark.

Targets on the 2-core reference machine: 10,000 candidates × 50 statements ≤ 5 ms,
8 parties × 30 statements ≤ 50 µs (median; see docs/BENCHMARKS.md).
"""

import numpy as np
import pytest

from quiz.scoring.kernels import score_parties


def voter_and_positions(parties: int, statements: int, seed: int = 8):
    rng = np.random.default_rng(seed)
    positions = rng.integers(-2, 3, size=(parties, statements)).astype(float)
    positions[rng.random(positions.shape) < 0.15] = np.nan  # unknown positions
    answers = rng.integers(-2, 3, size=statements).astype(float)
    answers[rng.random(statements) < 0.1] = np.nan  # skipped
    weights = np.where(rng.random(statements) < 0.2, 2.0, 1.0)
    return answers, weights, positions


@pytest.mark.parametrize("parties, statements", [(10_000, 50), (8, 30)], ids=["10000x50", "8x30"])
@pytest.mark.parametrize("method", ["cityblock", "euclidean"])
def test_score_parties(benchmark, parties, statements, method):
    answers, weights, positions = voter_and_positions(parties, statements)
    result = benchmark(score_parties, answers, weights, positions, -2, 2, method)
    assert result.scores.shape == (parties,)


@pytest.mark.parametrize("parties, statements", [(10_000, 50), (8, 30)], ids=["10000x50", "8x30"])
@pytest.mark.parametrize("method", ["svt", "openvaa", "matowahl"])
def test_peer_method(benchmark, parties, statements, method):
    """The peers' methods (quiz/scoring/peers.py), vectorised the same way."""
    from quiz.scoring.peers import KERNELS

    answers, weights, positions = voter_and_positions(parties, statements)
    result = benchmark(KERNELS[method], answers, weights, positions)
    assert result.percent.shape == (parties,)
