"""How often the top match changes between our method and each peer's, per simulated voter population.

For ``flask quiz audit`` (issue 17): the same simulated voters as the neutrality audit
(``audit.simulate``, fixed seeds), each scored our way (``kernels.score_voters``) and the way SVT,
OpenVAA and Mat-O-Wahl count (``peers.voter_keys``). A voter's top match **changes** when the
set of parties in first place differs: ours as the result page shows it (whole percentages, a shared
first place is a set), the peer's by its own number (equal numbers share first place). This is the
question the result page answers for one voter ("kommer samma parti först?"), asked of thousands.

Pure numpy, no Flask; it runs only for the command (a few seconds for a large quiz), not for pages.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.published import position_matrix
from .audit import SEED, VOTERS, simulate
from ..core.model import Quiz
from ..scoring.kernels import score_voters
from ..scoring.peers import svt_applies, voter_keys


@dataclass(frozen=True)
class TopMatchChanges:
    voters: int  # per population
    changed: dict[str, dict[str, float]]  # population → peer method → share of its voters whose first place changes

    def lines(self) -> list[str]:
        methods = list(next(iter(self.changed.values()), {}))
        out = [
            "Share of each population's voters whose first place differs from ours under another way of counting:",
            f"{'population':<22}" + "".join(f"{m:>10}" for m in methods),
        ]
        for population, shares in self.changed.items():
            out.append(f"{population[:21]:<22}" + "".join(f"{100 * shares[m]:>9.1f}%" for m in methods))
        return out


def first_sets(keys: np.ndarray) -> np.ndarray:
    """(V, P) True where a party is in the voter's first place (equal keys share it)."""
    return keys == keys.max(axis=1, keepdims=True)


def top_match_changes(quiz: Quiz, voters: int = VOTERS, seed: int = SEED) -> TopMatchChanges:
    positions = position_matrix(quiz)
    scale = quiz.scale_values
    lo, hi = float(scale[0]), float(scale[-1])
    ids = [p.id for p in quiz.parties]
    changed = {}
    for key, answers in simulate(positions, scale, voters, seed).items():
        name = key if isinstance(key, str) else f"party:{ids[key]}"
        ours = first_sets(np.round(score_voters(answers, 1.0, positions, lo, hi)))
        peers = voter_keys(answers, 1.0, positions, lo, hi)
        if not svt_applies(scale):  # voter_keys sees only the ends: [-2, 0, 2] spans SVT's range
            peers.pop("svt", None)
        changed[name] = {
            method: float((first_sets(peer) != ours).any(axis=1).mean()) for method, peer in peers.items()
        }
    return TopMatchChanges(voters, changed)
