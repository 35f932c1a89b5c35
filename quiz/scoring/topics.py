"""Per-topic agreement for the ranked parties: the ranking's own formula and unknown rule, topic by topic."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .kernels import grouped_scores
from .ranking import Result


@dataclass(frozen=True)
class TopicAgreement:
    topics: tuple
    scores: np.ndarray  # (P, T) in ranking order, NaN where the voter answered nothing in the topic


def topic_agreement(result: Result) -> TopicAgreement:
    """Per-topic scores for the ranked parties, by the ranking's own formula and unknown rule."""
    topics, groups = result.quiz.topic_groups
    _, weights = result.answers.arrays()
    scores = grouped_scores(result.match, weights, groups)
    return TopicAgreement(topics, scores[[row.match_row for row in result.ranking]])

