"""The neutrality audit: does a statement set favour a party whatever the voter thinks?

Pure functions over a quiz's content (numpy and the standard library: no Flask, no database), scored
by the real ``quiz.scoring.kernels`` (``cityblock`` by default, an unknown position charged half the largest
distance), deterministic (fixed seeds), so anyone can rerun it and get the same figures
(``flask quiz audit``; the method page shows it per published version).

**Simulated voters** (``VOTERS`` each, every statement answered, none marked important):

* ``random``: every answer uniform over the scale. A set without built-in tilt gives every party
  a fair share of them.
* ``acquiescent``: answers drawn around +1 (rounded normal, σ = ``SPREAD`` steps, clipped to the
  scale): voters who tend to agree. If most statements are "do more" proposals, this rewards the
  party that says yes to most of them.
* ``dissenting``: the same around −1.
* ``party:<id>``: answers drawn around that party's own positions (same noise). Where the party's
  position is unknown its voters answer at random, not skip: a supporter still has a view, and
  skipping would hide exactly the statements on which the party's silence costs it (so the share it
  gets of its own voters shows what its silence costs, too).

**First place** is what the voter would read on the result page: whole percentages, parties with
the same one share the first place, and a shared first place is split equally among them.

**Per statement**: the known positions, their spread in scale steps (max − min), whether it divides
the parties (known positions at least ``DIVIDES_AT`` steps apart), its direction (``more`` /
``less`` from the content, see statements/README.md), and whether any answer can separate the
parties' stated positions at all (not when fewer than two are known or all known are equal).

**Per party**: known positions (explicit / interpreted), its first share of random voters, and
whether a voter who answers exactly as the party does (skipping where it is unknown) gets it first,
alone: if not, the set cannot even find the party for its own supporters.

**Per municipality** (``audit_municipalities``): a voter is ranked among the parties of the
municipality they pick, so the same audit runs again for each municipality with two or more parties,
on the quiz restricted to them (same voters, same scoring). A municipality with one party has no
ranking to audit; it is named, not scored.

The figures are published (here, on the method page, in ``flask quiz audit``), never enforced: no
test fails on the shipped content's outcome, so nobody is pushed to code a position for a figure.
``TARGETS`` are issue 12's reference figures, reported as met or missed.

What it cannot say: simulated voters are not real voters, and an even spread is not proof of a fair
wording. It measures the tilt built into the set (which statements, which way they point, how many
positions each party has), not who is right.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np

from ..core.model import Quiz
from ..core.published import PublishedQuiz, position_matrix
from ..scoring.formula import DEFAULT_METHOD
from ..scoring.kernels import score_voters

VOTERS = 4000
SEED = 12  # the issue number: fixed, so reruns give the same figures
SPREAD = 1.0  # σ of the answer noise, in scale steps
DIVIDES_AT = 2  # scale steps between known positions for a statement to divide the parties
BASE_POPULATIONS = ("random", "acquiescent", "dissenting")

# Issue 12's reference figures, as (figure, comparison, bound): reported, never enforced. A figure is a
# Summary attribute.
TARGETS = (
    ("max_first_random", "<=", 0.40),
    ("max_first_acquiescent", "<=", 0.40),
    ("max_first_dissenting", "<=", 0.40),
    ("min_first_random", ">=", 0.05),
    ("dividing_share", ">=", 0.35),
    ("less_share", ">=", 0.30),
    ("coverage_ratio", ">=", 0.60),
    ("exact_voters_first_alone", ">=", 1.0),
)


@dataclass(frozen=True)
class Population:
    name: str  # "random", "acquiescent", "dissenting" or "party:<id>"
    voters: int
    first: dict[str, float]  # party id → share of the voters who get it first (ties split)

    @property
    def party(self) -> str | None:
        return self.name.split(":", 1)[1] if self.name.startswith("party:") else None

    @property
    def leader(self) -> tuple[str, float]:
        party = max(self.first, key=self.first.get)
        return party, self.first[party]


@dataclass(frozen=True)
class StatementAudit:
    id: str
    positions: dict[str, int | None]  # party id → value, None = unknown
    known: int
    spread: float | None  # scale steps between the lowest and highest known position; None: none known
    divides: bool
    direction: str  # "more", "less" or "" (not stated)
    separable: bool  # some answer can tell the parties' stated positions apart


@dataclass(frozen=True)
class PartyAudit:
    id: str
    label: str
    known: int
    explicit: int
    interpreted: int
    random_first: float  # share of random voters who get it first
    own_first: float  # share of its own simulated voters who get it first
    exact_percent: float | None  # its score for a voter answering exactly as it does (None: nothing known)
    exact_first_alone: bool
    exact_runner_up: str | None  # the party closest behind (or level with) it for that voter
    # Coverage by source (the parties' review round, quiz.core.party_review): known positions our coding of
    # the platform gives, and positions the party gave or confirmed itself (with no round: all platform).
    from_platform: int = 0
    from_answers: int = 0


@dataclass(frozen=True)
class Summary:
    max_first_random: float
    max_first_acquiescent: float
    max_first_dissenting: float
    min_first_random: float
    dividing_share: float
    less_share: float
    coverage_ratio: float
    exact_voters_first_alone: float  # share of parties an exact voter gets first, alone
    leaders: dict[str, str]  # population → the party with the largest first share
    least_random: str  # the party with the smallest first share of random voters


@dataclass(frozen=True)
class AuditReport:
    """One quiz version's audit. ``extra`` holds sections other analyses add (name → JSON-able value),
    so the report can grow without changing what is here."""

    quiz: str
    version: str
    method: str
    voters: int
    seed: int
    parties: tuple[PartyAudit, ...]
    statements: tuple[StatementAudit, ...]
    populations: tuple[Population, ...]
    summary: Summary
    extra: dict[str, Any] = field(default_factory=dict)
    municipality: str = ""  # the municipality whose parties were ranked; "" for all parties

    def population(self, name: str) -> Population:
        return next(p for p in self.populations if p.name == name)

    def inseparable(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.statements if not s.separable)

    def missed_targets(self) -> list[str]:
        """Each target of issue 12 this set misses, as a readable line; empty when all are met."""
        missed = []
        for figure, comparison, bound in TARGETS:
            value = getattr(self.summary, figure)
            ok = value <= bound + 1e-12 if comparison == "<=" else value >= bound - 1e-12
            if not ok:
                missed.append(f"{figure} = {value:.3f}, target {comparison} {bound:.2f}")
        return missed

    def to_json(self) -> dict:
        data = asdict(self)
        data["inseparable"] = list(self.inseparable())
        data["targets"] = [
            {"figure": f, "comparison": c, "bound": b, "value": getattr(self.summary, f)} for f, c, b in TARGETS
        ]
        data["missed_targets"] = self.missed_targets()
        return data


def coverage_by_source(quiz: Quiz) -> dict[str, tuple[int, int]]:
    """party id → (known positions from our coding of its platform, known positions from its own
    answers: given, or ours confirmed). A "vill inte ta ställning" or a kept objection is neither."""
    result = {p.id: [0, 0] for p in quiz.parties}
    for pos in quiz.positions:
        r = pos.review
        coded = pos.value if r is None else r.coded
        if coded is not None:
            result[pos.party][0] += 1
        if r is not None and r.state in ("confirmed", "answered") and not r.abstain and r.answer is not None:
            result[pos.party][1] += 1
    return {k: (v[0], v[1]) for k, v in result.items()}


def first_shares(scores: np.ndarray) -> np.ndarray:
    """(P,) share of voters (rows of ``scores``, (V, P)) who get each party first, as the result page
    shows it: whole percentages, a shared first place split equally. Voters without a score count
    for nobody."""
    scores = scores[~np.isnan(scores).all(axis=1)]
    if not len(scores):
        return np.zeros(scores.shape[1])
    whole = np.round(scores)
    first = whole == whole.max(axis=1, keepdims=True)
    return (first / first.sum(axis=1, keepdims=True)).mean(axis=0)


def around(centre: np.ndarray, scale: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Answers drawn around ``centre`` (V, S): rounded normal noise of ``SPREAD`` steps, clipped."""
    step = float(np.min(np.diff(scale)))
    drawn = centre + rng.normal(0.0, SPREAD * step, size=centre.shape)
    return np.clip(np.round(drawn / step) * step, scale[0], scale[-1])


def simulate(positions: np.ndarray, scale: tuple[int, ...], voters: int = VOTERS, seed: int = SEED):
    """{population name → (V, S) answers}: the base populations, then one per party row (named by
    index here; ``audit`` names them by party id). Each population has its own seeded generator, so
    adding one never changes another's voters."""
    scale_arr = np.asarray(scale, dtype=float)
    parties, statements = positions.shape
    shape = (voters, statements)
    populations = {
        "random": np.random.default_rng([seed, 0]).choice(scale_arr, size=shape),
        "acquiescent": around(np.full(shape, 1.0), scale_arr, np.random.default_rng([seed, 1])),
        "dissenting": around(np.full(shape, -1.0), scale_arr, np.random.default_rng([seed, 2])),
    }
    for p in range(parties):
        rng = np.random.default_rng([seed, 3, p])
        own = np.broadcast_to(positions[p], shape)
        noisy = around(np.nan_to_num(own), scale_arr, rng)
        populations[p] = np.where(np.isnan(own), rng.choice(scale_arr, size=shape), noisy)
    return populations


def audit(quiz: Quiz, version: str = "", method: str = DEFAULT_METHOD, voters: int = VOTERS,
          seed: int = SEED, positions: np.ndarray | None = None) -> AuditReport:
    """The full report for one quiz version; ``positions``: its matrix, where already built."""
    positions = position_matrix(quiz) if positions is None else positions
    scale = quiz.scale_values
    lo, hi = float(scale[0]), float(scale[-1])
    step = float(np.min(np.diff(scale)))
    ids = [p.id for p in quiz.parties]

    populations = []
    for key, answers in simulate(positions, scale, voters, seed).items():
        shares = first_shares(score_voters(answers, 1.0, positions, lo, hi, method))
        name = key if isinstance(key, str) else f"party:{ids[key]}"
        populations.append(Population(name, voters, dict(zip(ids, shares.tolist()))))
    by_name = {p.name: p for p in populations}

    statements = []
    for s, statement in enumerate(quiz.statements):
        column = positions[:, s]
        known = column[~np.isnan(column)]
        spread = float((known.max() - known.min()) / step) if len(known) else None
        statements.append(
            StatementAudit(
                id=statement.id,
                positions={pid: None if np.isnan(v) else int(v) for pid, v in zip(ids, column)},
                known=len(known),
                spread=spread,
                divides=spread is not None and spread >= DIVIDES_AT,
                direction=statement.direction,
                separable=len(known) >= 2 and spread > 0,
            )
        )

    exact = positions.copy()  # row p: a voter answering exactly as party p does, skipping its unknowns
    exact_scores = score_voters(exact, 1.0, positions, lo, hi, method)
    basis_count = Counter((pos.party, pos.basis) for pos in quiz.positions if pos.value is not None)
    by_source = coverage_by_source(quiz)
    parties = []
    for p, party in enumerate(quiz.parties):
        row = exact_scores[p]
        known = int(np.count_nonzero(~np.isnan(positions[p])))
        whole = np.round(row)
        others = [q for q in range(len(ids)) if q != p]
        alone = known > 0 and all(whole[p] > whole[q] for q in others)
        runner = max(others, key=lambda q: row[q]) if others and known else None
        parties.append(
            PartyAudit(
                id=party.id,
                label=party.label,
                known=known,
                explicit=basis_count.get((party.id, "explicit"), 0),
                interpreted=basis_count.get((party.id, "interpreted"), 0),
                random_first=by_name["random"].first[party.id],
                own_first=by_name[f"party:{party.id}"].first[party.id],
                exact_percent=None if np.isnan(row[p]) else float(row[p]),
                exact_first_alone=bool(alone),
                exact_runner_up=ids[runner] if runner is not None else None,
                from_platform=by_source[party.id][0],
                from_answers=by_source[party.id][1],
            )
        )

    counts = [p.known for p in parties]
    summary = Summary(
        max_first_random=by_name["random"].leader[1],
        max_first_acquiescent=by_name["acquiescent"].leader[1],
        max_first_dissenting=by_name["dissenting"].leader[1],
        min_first_random=min(by_name["random"].first.values()),
        dividing_share=sum(s.divides for s in statements) / len(statements),
        less_share=sum(s.direction == "less" for s in statements) / len(statements),
        coverage_ratio=min(counts) / max(counts) if max(counts) else 0.0,
        exact_voters_first_alone=sum(p.exact_first_alone for p in parties) / len(parties),
        leaders={name: by_name[name].leader[0] for name in BASE_POPULATIONS},
        least_random=min(by_name["random"].first, key=by_name["random"].first.get),
    )
    return AuditReport(quiz.id, version, method, voters, seed, tuple(parties), tuple(statements),
                       tuple(populations), summary)


def restrict(quiz: Quiz, municipality: str) -> Quiz:
    """The quiz as a voter in ``municipality`` meets it: only that municipality's parties."""
    parties = tuple(p for p in quiz.parties if p.municipality == municipality)
    ids = {p.id for p in parties}
    return replace(quiz, parties=parties, positions=tuple(pos for pos in quiz.positions if pos.party in ids))


def municipalities(quiz: Quiz) -> tuple[tuple[str, int], ...]:
    """(municipality, number of parties) in the order the parties first name them."""
    counts = Counter(p.municipality for p in quiz.parties if p.municipality)
    return tuple((name, counts[name]) for name in dict.fromkeys(p.municipality for p in quiz.parties) if name)


def audit_municipalities(quiz: Quiz, version: str = "", method: str = DEFAULT_METHOD, voters: int = VOTERS,
                         seed: int = SEED, positions: np.ndarray | None = None) -> tuple[AuditReport, ...]:
    """One report per municipality with two or more parties, each among its own parties only;
    ``positions``: the whole quiz's matrix, where already built (each report takes its rows)."""
    positions = position_matrix(quiz) if positions is None else positions
    return tuple(
        replace(audit(restrict(quiz, name), version, method, voters, seed,
                      positions[[i for i, p in enumerate(quiz.parties) if p.municipality == name]]),
                municipality=name)
        for name, count in municipalities(quiz)
        if count >= 2
    )


def single_party_municipalities(quiz: Quiz) -> tuple[str, ...]:
    """Municipalities where this quiz has one party: no ranking, so nothing to audit."""
    return tuple(name for name, count in municipalities(quiz) if count == 1)


@dataclass(frozen=True)
class VersionAudit:
    """What the method page shows of one version's audit: all parties, each municipality with two
    or more parties (the ranking a voter who picks it gets), and those with one."""

    report: AuditReport
    municipalities: tuple[AuditReport, ...]
    single_party: tuple[str, ...]


def version_audit(pq: PublishedQuiz) -> VersionAudit:
    """The version's audit, computed once per version (a few seconds for a large quiz)."""
    return pq.once((__name__,), build_version_audit)


def build_version_audit(pq: PublishedQuiz) -> VersionAudit:
    return VersionAudit(
        audit(pq.quiz, pq.version, positions=pq.positions),
        audit_municipalities(pq.quiz, pq.version, positions=pq.positions),
        single_party_municipalities(pq.quiz),
    )


def percent(share: float) -> str:
    return f"{100 * share:.0f} %"


def format_text(report: AuditReport) -> str:
    """The report as plain text for a terminal (``flask quiz audit``)."""
    width = max(12, *(len(p.id) for p in report.parties))
    scope = f"{report.municipality} ({len(report.parties)} parties)" if report.municipality else "all parties"
    lines = [
        f"Neutrality audit: {report.quiz} {report.version}".rstrip() + f" — {scope}",
        f"method {report.method}, {report.voters} simulated voters per population, seed {report.seed}",
        "",
        "First place (share of voters; a shared first place is split):",
        " " * 22 + "".join(f"{p.id[:width]:>{width + 2}}" for p in report.parties),
    ]
    for population in report.populations:
        lines.append(f"  {population.name[:20]:<20}" + "".join(
            f"{percent(population.first[p.id]):>{width + 2}}" for p in report.parties))
    lines += ["", "Parties:"]
    reviewed = any(p.from_answers for p in report.parties)
    for p in report.parties:
        exact = "first, alone" if p.exact_first_alone else f"NOT first alone (next: {p.exact_runner_up})"
        lines.append(
            f"  {p.id:<{width}} {p.known:>3} known ({p.explicit} explicit, {p.interpreted} interpreted); "
            f"random voters {percent(p.random_first)}; own voters {percent(p.own_first)}; exact voter: {exact}"
            + (f"; from the platform {p.from_platform}, from the party's answers {p.from_answers}" if reviewed else "")
        )
    lines += ["", "Statements (known, spread in steps, divides, direction):"]
    for s in report.statements:
        spread = "-" if s.spread is None else f"{s.spread:g}"
        flags = ("divides" if s.divides else "") + ("" if s.separable else " inseparable")
        lines.append(f"  {s.id:<34} {s.known:>2} known  spread {spread:>2}  {s.direction or '?':<5} {flags}".rstrip())
    m = report.summary
    lines += [
        "",
        "Summary:",
        f"  largest first share: random {percent(m.max_first_random)} ({m.leaders['random']}), acquiescent {percent(m.max_first_acquiescent)} ({m.leaders['acquiescent']}), "
        f"dissenting {percent(m.max_first_dissenting)} ({m.leaders['dissenting']})",
        f"  smallest first share of random voters: {percent(m.min_first_random)} ({m.least_random})",
        f"  statements that divide the parties: {percent(m.dividing_share)} "
        f"({sum(s.divides for s in report.statements)} of {len(report.statements)})",
        f"  statements where agreeing is the 'less' answer: {percent(m.less_share)}",
        f"  coverage (least / best covered party): {percent(m.coverage_ratio)}",
        f"  parties an exact voter gets first, alone: {percent(m.exact_voters_first_alone)}",
        f"  inseparable statements: {', '.join(report.inseparable()) or 'none'}",
    ]
    missed = report.missed_targets()
    lines.append("Issue 12's reference figures (published, never enforced): all met" if not missed
                 else "Issue 12's reference figures (published, never enforced) missed:")
    lines += [f"  {line}" for line in missed]
    for name, section in report.extra.items():
        lines += ["", f"{name}:", *(f"  {line}" for line in (section.lines() if hasattr(section, "lines") else [section]))]
    return "\n".join(lines) + "\n"


def format_text_with_municipalities(report: AuditReport, by_municipality: tuple[AuditReport, ...],
                                    single: tuple[str, ...]) -> str:
    """``flask quiz audit``: all parties, then each municipality with two or more parties."""
    parts = [format_text(report)]
    parts += [format_text(m) for m in by_municipality]
    if single:
        parts.append(f"One party in this quiz, so no ranking to audit: {', '.join(single)}\n")
    return "\n".join(parts)


def json_with_municipalities(report: AuditReport, by_municipality: tuple[AuditReport, ...],
                             single: tuple[str, ...]) -> dict:
    """``flask quiz audit --json``: the all-parties report as before, plus ``municipalities`` (one
    report each, same fields) and ``single_party_municipalities``."""
    data = report.to_json()
    data["municipalities"] = [m.to_json() for m in by_municipality]
    data["single_party_municipalities"] = list(single)
    return data
