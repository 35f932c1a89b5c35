"""What a teacher can learn about one student, measured (issue 14.1), and what the class still sees.

The attack: a teacher pads their own class with answer sets they know, so that one real student's
answers are the only unknown in the figures. Before randomized response the CSV gave that
student's answers exactly (39 of 39; here: 100 % of them), and a resubmission changed exactly the
counts of the answers the student changed. Now every stored answer is randomized on the server
(quiz/randomized_response.py), and these tests measure, over many students and seeds:

* the padding attack on the CSV's figures recovers at most 60 % of a student's answers;
* the strongest teacher possible (one who knows every stored answer but the student's, e.g. from
  the figures before and after that student sent) also stays at or below 60 %;
* a resubmission changing 10 of the real quiz's ~40 answers does not show which 10;
* a teacher reading the figures after each of a student's sends (at most
  ``operations.MAX_SENDS_PER_DEVICE``, each a fresh draw) and taking a majority vote stays at or
  below 60 %, as more sends would not;
* a class of 25 that answers alike is still shown with that answer as the class's top answer.

The measurements draw with numpy (``randomized``: ``randomized_response.randomize`` over arrays,
checked against it) and read the figures through ``aggregates.aggregates``, as the dashboard and the
CSV do; one test goes the real way (submit, tallies in the database, the dashboard) and shows that
what is stored and shown is exactly that: randomize's draws, counted, aggregated.
"""

from __future__ import annotations

import random
import re

import numpy as np
import pytest

from quiz.classroom import aggregates, operations, randomized_response
from quiz.extensions import db
from tests.helpers.classroom import class_code, create_class
from tests.helpers.forms import checked

MAX_RECOVERED = 0.60
SCALE = 5  # the quizzes' five-point scale: k = 6 options with "skipped"
K = SCALE + 1
LETTERS = "abcde"


def randomized(true: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``randomized_response.randomize`` over an array of choices (0..k−1, k−1 = skipped): each kept
    with probability ``KEEP``, else one of the k options drawn uniformly."""
    kept = rng.random(true.shape) < randomized_response.KEEP
    return np.where(kept, true, rng.integers(randomized_response.options(SCALE), size=true.shape))


def tallies(stored: np.ndarray) -> np.ndarray:
    """(S, k) counts of stored choices (rows: students, columns: statements), as the class's tallies."""
    return np.stack([np.bincount(column, minlength=K) for column in np.atleast_2d(stored).T])


def majority_vote(draws: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A teacher's best guess from several stored draws of each answer (draws: sends × answers): the
    scale value drawn most often ("skipped" says nothing about the answer), ties broken at random,
    the middle if none."""
    votes = np.stack([(draws == option).sum(axis=0) for option in range(SCALE)], axis=-1).astype(float)
    votes += rng.random(votes.shape) * 0.5  # breaks ties only: votes are whole numbers
    return np.where(votes.max(axis=-1) >= 1, votes.argmax(axis=-1), SCALE // 2)


def test_epsilon_and_the_share_kept_are_what_the_privacy_texts_say():
    assert randomized_response.KEEP == 0.4
    assert randomized_response.true_answer_share(SCALE) == pytest.approx(0.5)
    assert randomized_response.epsilon(SCALE) == pytest.approx(np.log(5))


def test_the_numpy_draws_here_are_randomize_s_draws():
    """What the measurements below assume: ``randomized`` stores each option as often as the
    server's ``randomize`` does (the true answer half the time, each other option a tenth)."""
    true = [option % K for option in range(60_000)]
    ours = randomized_response.randomize(true, SCALE, random.Random(1))
    model = randomized(np.array(true), np.random.default_rng(1))
    for stored in (np.array(ours), model):
        same = stored == np.array(true)
        assert same.mean() == pytest.approx(randomized_response.true_answer_share(SCALE), abs=0.01)
        shifted = (stored - np.array(true)) % K
        assert np.bincount(shifted[~same], minlength=K)[1:] / (~same).sum() == pytest.approx([0.2] * 5, abs=0.01)


def test_a_teacher_padding_the_class_recovers_at_most_60_percent_through_the_csv(mini):
    """threshold − 1 = 4 known answer sets, one real student, then every figure the CSV (and the
    dashboard) shows: ``aggregates`` over the class's tallies."""
    rng = np.random.default_rng(2026)
    recovered = total = 0
    for _trial in range(500):
        padding = rng.integers(SCALE, size=4)
        student = rng.integers(SCALE, size=4)
        stored = randomized(np.stack([padding] * 4 + [student]), rng)
        summary = aggregates.aggregates(mini, "alla", tallies(stored), 5)
        for i, row in enumerate(summary.statements):
            estimated = [*row.counts, row.skipped]
            # The teacher's best guess: what is left of the figures once their own 4 answers are taken off.
            left = [n - 4 * (padding[i] == option) for option, n in enumerate(estimated)]
            guess = max(range(SCALE), key=lambda option: (left[option], -option))
            recovered += guess == student[i]
            total += 1
    share = recovered / total
    print(f"padding attack through the CSV: {recovered}/{total} = {share:.2f} of a student's answers recovered")
    assert 0.2 < share <= MAX_RECOVERED


def test_even_a_teacher_who_knows_every_other_stored_answer_recovers_at_most_60_percent():
    """The strongest position: the student's stored answers themselves (e.g. read off the figures
    before and after the student sent). The best guess is the stored answer when it is on the
    scale, any answer when it is "skipped"."""
    rng = np.random.default_rng(1965)
    true = rng.integers(SCALE, size=(2000, 39))
    stored = randomized(true, rng)
    share = (np.where(stored < SCALE, stored, SCALE // 2) == true).mean()
    print(f"strongest attacker: {share:.3f} of a student's answers recovered (chance: 0.20)")
    assert share <= MAX_RECOVERED


def test_more_sends_would_tell_a_teacher_more_which_is_why_a_device_sends_at_most_twice():
    """Every send is a fresh draw of the same answers: after each send a majority vote over the
    draws recovers more. The figures quoted in quiz/operations.py and the privacy texts."""
    rng = np.random.default_rng(2027)
    true = rng.integers(SCALE, size=(2000, 39))
    draws = np.stack([randomized(true, rng) for _ in range(5)])
    shares = {sends: float((majority_vote(draws[:sends], rng) == true).mean()) for sends in range(1, 6)}
    print("majority vote over the sends: " + ", ".join(f"{n}: {share:.1%}" for n, share in shares.items()))
    assert shares == pytest.approx({1: 0.52, 2: 0.55, 3: 0.64, 4: 0.71, 5: 0.76}, abs=0.01)
    allowed = operations.MAX_SENDS_PER_DEVICE
    assert shares[allowed] <= MAX_RECOVERED < shares[allowed + 1]


def test_a_teacher_reading_the_figures_after_each_send_recovers_at_most_60_percent():
    """The strongest teacher against resubmission: they pad the class themselves and read the
    figures before the student sends and after each send (the same answers every time, which helps
    the teacher most), so each send's stored answers are known exactly; the figures move by exactly
    the student's draw (the real path, below). Discarding and asking for a resend gives no more:
    a phone sends at most ``MAX_SENDS_PER_DEVICE`` times, discarded sends included
    (tests/test_class_size.py), so a majority vote over that many draws is all a teacher gets."""
    rng = np.random.default_rng(60)
    student = rng.integers(SCALE, size=(1000, 4))
    draws = np.stack([randomized(student, rng) for _ in range(operations.MAX_SENDS_PER_DEVICE)])
    share = (majority_vote(draws, rng) == student).mean()
    print(f"figures read after each of {operations.MAX_SENDS_PER_DEVICE} sends, majority vote: "
          f"{share:.1%} of a student's answers recovered")
    assert 0.2 < share <= MAX_RECOVERED


def test_a_resubmission_changing_ten_answers_does_not_show_which():
    """A student changes 10 of the real quiz's ~40 answers and sends again: the figures move where
    the new draw differs from the old one, not where the answers changed."""
    rng = np.random.default_rng(15)
    statements, trials = 41, 400
    exactly_shown = recovered = changed_total = 0
    for _trial in range(trials):
        first = rng.integers(SCALE, size=statements)
        changed = rng.choice(statements, size=10, replace=False)
        second = first.copy()
        second[changed] = (first[changed] + rng.integers(1, SCALE, size=10)) % SCALE
        before, after = randomized(first, rng), randomized(second, rng)  # the student's stored draws
        moved = set(np.flatnonzero(before != after))  # where the class's figures change
        exactly_shown += moved == set(changed)
        # the teacher's guess at a new answer: the option whose count rose
        rose = after[changed][before[changed] != after[changed]]
        recovered += int((rose == second[changed][before[changed] != after[changed]]).sum())
        changed_total += len(changed)
    print(f"resubmission: the changed set shown exactly in {exactly_shown}/{trials}; new answers recovered {recovered}/{changed_total}")
    assert exactly_shown <= 0.05 * trials
    assert recovered / changed_total <= MAX_RECOVERED


def test_a_class_of_25_that_answers_alike_is_shown_with_that_answer_as_the_class_s(mini):
    """Utility, over 1,000 random draws: 25 students all answering "Delvis för" on every statement
    (and, a harder case, one answering alike where 5 of 25 pick another answer)."""
    rng = np.random.default_rng(25)
    for label, class_answers in (
        ("all alike", [3] * 25),
        ("20 of 25 alike", [3] * 20 + [0, 1, 2, 4, 5]),
    ):
        shown = draws = 0
        for _draw in range(1000):
            stored = randomized(np.repeat(np.array(class_answers)[:, None], 4, axis=1), rng)
            summary = aggregates.aggregates(mini, "alla", tallies(stored), 25)
            shown += sum(s.top == 3 for s in summary.statements)
            draws += len(summary.statements)
        print(f"class of 25, {label}: its answer shown as the class's top answer in {shown / draws:.1%} of draws")
        assert shown / draws >= 0.95


def test_the_real_path_stores_randomize_s_draws_and_shows_their_aggregates(app, monkeypatch):
    """The one round trip through the database: 25 phones send "Helt för" on every statement through
    ``operations.submit``; what is stored is exactly ``randomize``'s draws (the same seed, the same
    order), the tallies count them, a change moves the tallies by exactly the new draw less the
    old, a third send is refused and moves nothing, and the dashboard shows ``aggregates`` over
    the tallies: the united class's answer on top."""
    monkeypatch.setattr(randomized_response, "_system_random", random.Random(11))
    client = app.test_client()
    dashboard = create_class(client)
    code = class_code(client.get(dashboard).get_data(as_text=True))
    pq = app.extensions["catalog"].latest("mini")

    def send(device: str, letters: str) -> np.ndarray:
        with app.app_context():
            operations.submit(operations.find_by_code(code), pq, device, checked(letters, pq.version), max_submissions=60, per_minute=1000)
            return operations.observed_counts(operations.find_by_code(code), pq)

    expected = random.Random(11)
    draws = [randomized_response.randomize([4] * 4, SCALE, expected) for _ in range(25)]
    for n in range(25):
        observed = send(f"phone-{n}", "eeee")  # "Helt för" on every statement
    assert (observed == tallies(np.array(draws))).all()
    with app.app_context():
        stored = db.session.execute(db.select(operations.ClassSubmission.state).order_by(operations.ClassSubmission.id)).scalars().all()
    assert stored == ["".join(LETTERS[c] if c < SCALE else "-" for c in draw) for draw in draws]
    assert sum(s == "eeee" for s in stored) < 5  # the true answers are not what is stored
    with app.app_context():
        summary = aggregates.aggregates(pq, "alla", observed, 25)
    html = client.get(dashboard).get_data(as_text=True)
    assert "25 elever har skickat in" in html
    tops = re.findall(r'<li class="top"><span class="swatch v(\d)"', html)
    assert tops == [str(s.top) for s in summary.statements] == ["4", "4", "4", "4"]

    change = randomized_response.randomize([0] * 4, SCALE, expected)  # phone-0 changes to "Helt emot"
    moved = send("phone-0", "aaaa") - observed
    assert (moved == tallies(np.array([change])) - tallies(np.array([draws[0]]))).all()
    with pytest.raises(operations.SendsUsedUp):
        send("phone-0", "cccc")
    with app.app_context():
        assert (operations.observed_counts(operations.find_by_code(code), pq) == observed + moved).all()
