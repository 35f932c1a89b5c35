"""What a teacher can learn about one student, measured (issue 14.1), and what the class still sees.

The attack: a teacher pads their own class with answer sets they know, so that one real student's
answers are the only unknown in the figures. Before randomized response the CSV gave that
student's answers exactly (39 of 39; here: 100 % of them), and a resubmission changed exactly the
counts of the answers the student changed. Now every stored answer is randomized on the server
(quiz/randomized_response.py), and these tests measure, over many students and seeds:

* the padding attack through the real CSV recovers at most 60 % of a student's answers;
* the strongest teacher possible (one who knows every stored answer but the student's, e.g. from
  the figures before and after that student sent) also stays at or below 60 %;
* a resubmission changing 10 of the real quiz's ~40 answers does not show which 10;
* a teacher reading the figures after each of a student's sends (at most
  ``classes.MAX_SENDS_PER_DEVICE``, each a fresh draw) and taking a majority vote stays at or
  below 60 %, as more sends would not;
* a class of 25 that answers alike is still shown with that answer as the class's top answer.
"""

from __future__ import annotations

import random
import re
from collections import Counter

import numpy as np
import pytest

from quiz import classes, randomized_response
from quiz.extensions import db
from tests.conftest import ROOT
from tests.helpers.classroom import class_code, create_class, csv_rows
from tests.helpers.forms import checked

MAX_RECOVERED = 0.60
SCALE = 5  # the quizzes' five-point scale: k = 6 options with "skipped"
LETTERS = "abcde"


def seeded(monkeypatch, seed: int) -> None:
    """The server's randomness, made repeatable for a measurement."""
    monkeypatch.setattr(randomized_response, "_system_random", random.Random(seed))


def send(app, code: str, pq, device: str, state: str) -> None:
    """One device's submission exactly as the submit view makes it (the view adds only the form)."""
    with app.app_context():
        classes.submit(classes.find_by_code(code), pq, device, checked(state, pq.version), max_submissions=60, per_minute=1000)


def test_epsilon_and_the_share_kept_are_what_the_privacy_texts_say():
    assert randomized_response.KEEP == 0.4
    assert randomized_response.true_answer_share(SCALE) == pytest.approx(0.5)
    assert randomized_response.epsilon(SCALE) == pytest.approx(np.log(5))


def test_a_teacher_padding_the_class_recovers_at_most_60_percent_through_the_csv(app, monkeypatch):
    """threshold − 1 = 4 known answer sets, one real student, then every figure of the CSV."""
    seeded(monkeypatch, 2026)
    client = app.test_client()
    pq = app.extensions["catalog"].latest("mini")
    labels = [pq.quiz.scale_labels[str(v)] for v in pq.quiz.scale_values] + ["hoppade över"]
    truth_rng = random.Random(7)
    recovered = total = 0
    for trial in range(80):
        with app.app_context():
            session, token = classes.create_class(pq, "alla", 14)
            code, dashboard = session.code, f"/larare/{token}"
        padding = "".join(truth_rng.choice(LETTERS) for _ in range(4))
        for n in range(4):
            send(app, code, pq, f"teacher-{trial}-{n}", padding)
        student = "".join(truth_rng.choice(LETTERS) for _ in range(4))
        send(app, code, pq, f"student-{trial}", student)
        rows = [r for r in csv_rows(client.get(dashboard + "/klass.csv")) if r["rad"] == "påstående"]
        for i, row in enumerate(rows):
            estimated = [int(row[f"{label} (≈ elever)"]) for label in labels[:-1]] + [int(row["hoppade över (≈ elever)"])]
            # The teacher's best guess: what is left of the figures once their own 4 answers are taken off.
            left = [n - 4 * (LETTERS.index(padding[i]) == option) for option, n in enumerate(estimated)]
            guess = max(range(SCALE), key=lambda option: (left[option], -option))
            recovered += LETTERS[guess] == student[i]
            total += 1
    share = recovered / total
    print(f"padding attack through the CSV: {recovered}/{total} = {share:.2f} of a student's answers recovered")
    assert 0.2 < share <= MAX_RECOVERED


def test_even_a_teacher_who_knows_every_other_stored_answer_recovers_at_most_60_percent():
    """The strongest position: the student's stored answers themselves (e.g. read off the figures
    before and after the student sent). The best guess is the stored answer when it is on the
    scale, any answer when it is "skipped"."""
    rng, truth = random.Random(1965), random.Random(14)
    recovered = total = 0
    for _student in range(2000):
        true = [truth.randrange(SCALE) for _ in range(39)]
        stored = randomized_response.randomize(true, SCALE, rng)
        for t, s in zip(true, stored):
            guess = s if s < SCALE else SCALE // 2
            recovered += guess == t
            total += 1
    share = recovered / total
    print(f"strongest attacker: {share:.3f} of a student's answers recovered (chance: 0.20)")
    assert share <= MAX_RECOVERED


def majority_vote(draws: list[int], tie_break: random.Random) -> int:
    """A teacher's best guess from several stored draws of one answer: the scale value drawn most
    often ("skipped" says nothing about the answer), ties broken at random, the middle if none."""
    votes = Counter(d for d in draws if d < SCALE)
    if not votes:
        return SCALE // 2
    most = max(votes.values())
    return tie_break.choice(sorted(option for option, n in votes.items() if n == most))


def test_more_sends_would_tell_a_teacher_more_which_is_why_a_device_sends_at_most_twice():
    """Every send is a fresh draw of the same answers: after each send a majority vote over the
    draws recovers more. The figures quoted in quiz/classes.py and the privacy texts."""
    rng, truth, tie_break = random.Random(2027), random.Random(5), random.Random(9)
    shares = {}
    for sends in range(1, 6):
        recovered = total = 0
        for _student in range(2000):
            true = [truth.randrange(SCALE) for _ in range(39)]
            draws = [randomized_response.randomize(true, SCALE, rng) for _ in range(sends)]
            for i, t in enumerate(true):
                recovered += majority_vote([d[i] for d in draws], tie_break) == t
                total += 1
        shares[sends] = recovered / total
    print("majority vote over the sends: " + ", ".join(f"{n}: {share:.1%}" for n, share in shares.items()))
    assert shares == pytest.approx({1: 0.52, 2: 0.55, 3: 0.64, 4: 0.71, 5: 0.76}, abs=0.01)
    allowed = classes.MAX_SENDS_PER_DEVICE
    assert shares[allowed] <= MAX_RECOVERED < shares[allowed + 1]


def test_a_teacher_reading_the_figures_after_each_send_recovers_at_most_60_percent(app, monkeypatch):
    """The strongest teacher against resubmission: they pad the class themselves, read the class's
    stored figures before the student sends and after each of the student's sends (the student
    sends the same answers every time, which helps the teacher most), so each send's stored answers
    are known exactly, and take a majority vote over them. The real submit path: a third send is
    refused and leaves the figures as they were, so only two draws are ever seen."""
    seeded(monkeypatch, 60)
    pq = app.extensions["catalog"].latest("mini")
    truth_rng, tie_break = random.Random(17), random.Random(4)
    recovered = total = 0
    for trial in range(250):
        with app.app_context():
            code = classes.create_class(pq, "alla", 14)[0].code
        padding = "".join(truth_rng.choice(LETTERS) for _ in range(4))
        for n in range(4):
            send(app, code, pq, f"teacher-{trial}-{n}", padding)
        with app.app_context():
            before = classes.observed_counts(classes.find_by_code(code), pq)
        student = "".join(truth_rng.choice(LETTERS) for _ in range(4))
        draws = []
        for _send in range(classes.MAX_SENDS_PER_DEVICE):
            send(app, code, pq, f"student-{trial}", student)
            with app.app_context():
                after = classes.observed_counts(classes.find_by_code(code), pq)
            # what this send stored for the student: the figures now, less everyone else's
            draws.append([int(np.flatnonzero(after[i] - before[i] == 1)[0]) for i in range(len(student))])
        with pytest.raises(classes.SendsUsedUp):
            send(app, code, pq, f"student-{trial}", student)
        with app.app_context():
            assert (classes.observed_counts(classes.find_by_code(code), pq) == after).all()
        for i, answer in enumerate(student):
            recovered += LETTERS[majority_vote([d[i] for d in draws], tie_break)] == answer
            total += 1
    share = recovered / total
    print(f"figures read after each of {classes.MAX_SENDS_PER_DEVICE} sends, majority vote: "
          f"{recovered}/{total} = {share:.1%} of a student's answers recovered")
    assert 0.2 < share <= MAX_RECOVERED


@pytest.fixture
def real_quiz(make_app):
    return make_app(content=ROOT / "statements")


def test_a_resubmission_changing_ten_answers_does_not_show_which(real_quiz, monkeypatch):
    app = real_quiz
    seeded(monkeypatch, 15)
    pq = app.extensions["catalog"].latest("socialpolitik")
    statements = len(pq.statements)  # the real quiz: about 40
    assert statements >= 30
    truth = random.Random(3)
    exactly_shown = recovered = changed_total = 0
    trials = 40
    for trial in range(trials):
        with app.app_context():
            code = classes.create_class(pq, "alla", 14)[0].code
        for n in range(5):
            send(app, code, pq, f"other-{trial}-{n}", "".join(truth.choice(LETTERS) for _ in range(statements)))
        first = [truth.choice(LETTERS) for _ in range(statements)]
        send(app, code, pq, f"student-{trial}", "".join(first))
        with app.app_context():
            before = classes.observed_counts(classes.find_by_code(code), pq)
        changed = set(truth.sample(range(statements), 10))
        second = [LETTERS[(LETTERS.index(a) + truth.randrange(1, SCALE)) % SCALE] if i in changed else a for i, a in enumerate(first)]
        send(app, code, pq, f"student-{trial}", "".join(second))
        with app.app_context():
            after = classes.observed_counts(classes.find_by_code(code), pq)
        moved = {i for i in range(statements) if (after[i] != before[i]).any()}
        exactly_shown += moved == changed
        for i in changed:  # the teacher's guess at a new answer: the option whose count rose
            rose = np.flatnonzero(after[i] - before[i] > 0)
            recovered += len(rose) == 1 and rose[0] < SCALE and LETTERS[rose[0]] == second[i]
            changed_total += 1
    print(f"resubmission: the changed set shown exactly in {exactly_shown}/{trials}; new answers recovered {recovered}/{changed_total}")
    assert exactly_shown <= 0.05 * trials
    assert recovered / changed_total <= MAX_RECOVERED


def test_a_class_of_25_that_answers_alike_is_shown_with_that_answer_as_the_class_s(app):
    """Utility, over 1,000 random draws: 25 students all answering "Delvis för" on every statement
    (and, a harder case, one answering alike where 5 of 25 pick another answer)."""
    pq = app.extensions["catalog"].latest("mini")
    rng = random.Random(25)
    for label, class_answers in (
        ("all alike", [3] * 25),
        ("20 of 25 alike", [3] * 20 + [0, 1, 2, 4, 5]),
    ):
        shown = draws = 0
        for _draw in range(1000):
            observed = np.zeros((4, SCALE + 1), dtype=int)
            for answer in class_answers:
                for i, option in enumerate(randomized_response.randomize([answer] * 4, SCALE, rng)):
                    observed[i, option] += 1
            summary = classes.aggregates(pq, "alla", observed, 25, 5)
            shown += sum(s.top == 3 for s in summary.statements)
            draws += len(summary.statements)
        print(f"class of 25, {label}: its answer shown as the class's top answer in {shown / draws:.1%} of draws")
        assert shown / draws >= 0.95


def test_the_dashboard_shows_a_united_class_s_answer_through_the_real_path(app, monkeypatch):
    seeded(monkeypatch, 11)
    client = app.test_client()
    dashboard = create_class(client)
    code = class_code(client.get(dashboard).get_data(as_text=True))
    pq = app.extensions["catalog"].latest("mini")
    for n in range(25):
        send(app, code, pq, f"phone-{n}", "eeee")  # "Helt för" on every statement
    html = client.get(dashboard).get_data(as_text=True)
    assert "25 elever har skickat in" in html
    tops = re.findall(r'<li class="top"><span class="swatch v(\d)"', html)
    assert tops == ["4", "4", "4", "4"]
    with app.app_context():
        stored = db.session.execute(db.select(classes.ClassSubmission.state)).scalars().all()
    assert len(stored) == 25 and sum(s == "eeee" for s in stored) < 5  # the true answers are not what is stored


def test_a_teacher_who_discards_and_asks_for_a_resend_recovers_at_most_60_percent(app, monkeypatch):
    """Issue 20.2: the teacher can discard the sends of the last minutes. The attack: pad the class,
    read the figures, let the student send, read them again (the student's draw, exactly), discard
    the student's send, have the student send again, read again, and discard and ask once more.
    A discarded send stays a tombstone with the phone's count, so the student's phone gives at
    most ``MAX_SENDS_PER_DEVICE`` draws however often the teacher discards, as without discarding."""
    from datetime import timedelta

    seeded(monkeypatch, 61)
    pq = app.extensions["catalog"].latest("mini")
    truth_rng, tie_break = random.Random(18), random.Random(5)
    recovered = total = 0
    start = classes.utcnow()
    for trial in range(250):
        with app.app_context():
            session = classes.create_class(pq, "alla", 14, size=5)[0]
            code = session.code
        padding = "".join(truth_rng.choice(LETTERS) for _ in range(4))
        with app.app_context():
            for n in range(4):
                classes.submit(classes.find_by_code(code), pq, f"teacher-{trial}-{n}", checked(padding, pq.version),
                               max_submissions=60, per_minute=1000, now=start)
        student = "".join(truth_rng.choice(LETTERS) for _ in range(4))
        draws = []
        for attempt in range(classes.MAX_SENDS_PER_DEVICE + 2):
            moment = start + timedelta(minutes=10 * (attempt + 1))
            with app.app_context():
                session = classes.find_by_code(code)
                before = classes.observed_counts(session, pq)
                try:
                    classes.submit(session, pq, f"student-{trial}", checked(student, pq.version),
                                   max_submissions=60, per_minute=1000, now=moment)
                except classes.SendsUsedUp:
                    assert attempt >= classes.MAX_SENDS_PER_DEVICE
                    assert (classes.observed_counts(session, pq) == before).all()
                    continue
                after = classes.observed_counts(session, pq)
                draws.append([int(np.flatnonzero(after[i] - before[i] == 1)[0]) for i in range(len(student))])
                assert classes.discard_recent(session, pq, 5, now=moment) == 1  # the student's send only
        assert len(draws) == classes.MAX_SENDS_PER_DEVICE
        for i, answer in enumerate(student):
            recovered += LETTERS[majority_vote([d[i] for d in draws], tie_break)] == answer
            total += 1
    share = recovered / total
    print(f"discard and resend, {classes.MAX_SENDS_PER_DEVICE} draws at most, majority vote: "
          f"{recovered}/{total} = {share:.1%} of a student's answers recovered")
    assert 0.2 < share <= MAX_RECOVERED
