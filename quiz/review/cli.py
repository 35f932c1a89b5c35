"""``flask quiz review open|status|apply QUIZ``: the parties' review round from the terminal.

A quiz managed as files (like the shipped one) runs its round through the editor: ``open`` imports
its folder as a draft of the organisation named by ``--org`` (created if needed) and prints one link
per party; the decisions are made in the browser; ``apply`` writes the decided answers into
``statements/<quiz>/answers/<party>.yaml``, a file per party, so the coded files stay as written.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click
import yaml
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from ..content.folders import load_quiz
from ..content.validation import ContentError
from ..editor import accounts, drafts, files
from ..store.editor import Draft
from ..extensions import db
from . import operations

review_cli = AppGroup("review", help="The parties' review round: open it, see who answered, apply the decisions.")


def _folder(quiz_id: str) -> Path:
    return Path(current_app.config["CONTENT_DIR"]) / quiz_id


def _draft(quiz_id: str) -> Draft:
    draft = db.session.execute(select(Draft).where(Draft.quiz_id == quiz_id)).scalar()
    if draft is None:
        raise click.ClickException(f"{quiz_id}: no draft; open a round first (flask quiz review open {quiz_id} --deadline …)")
    return draft


def _round(quiz_id: str):
    """The quiz's draft and its latest review round (an error if it has none)."""
    draft = _draft(quiz_id)
    round_ = operations.latest_round(draft)
    if round_ is None:
        raise click.ClickException(f"{quiz_id}: no review round")
    return draft, round_


def _base_url(base: str | None) -> str:
    return (base or f"{current_app.config.get('PREFERRED_URL_SCHEME', 'http')}://"
            f"{current_app.config.get('SERVER_NAME') or 'localhost:5000'}").rstrip("/")


def import_folder(quiz_id: str, org_name: str) -> Draft:
    """The quiz folder as a draft of ``org_name``: our coding only (an applied round's answers stay in
    their files and come back with the next round's decisions)."""
    folder = _folder(quiz_id)
    if not (folder / "quiz.yaml").is_file():
        raise click.ClickException(f"{folder}: no quiz folder")
    sources = folder.parent / "sources"
    try:
        quiz = load_quiz(folder, sources if sources.is_dir() else None)
    except ContentError as exc:
        raise click.ClickException("\n".join(exc.errors)) from None
    coded = []
    for p in quiz.positions:
        if p.review is not None:
            p = dataclasses.replace(p, value=p.review.coded, review=None)
        if p.value is not None or p.quote or p.justification:
            coded.append(p)
    quiz = dataclasses.replace(quiz, positions=tuple(coded))
    texts = {p.id: (sources / p.source_file).read_text(encoding="utf-8")
             for p in quiz.parties if p.source_file and (sources / p.source_file).is_file()}
    org = accounts.organisation(org_name, create=True)
    existing = db.session.execute(select(Draft).where(Draft.quiz_id == quiz_id)).scalar()
    if existing is not None and existing.org_id != org.id:
        raise click.ClickException(f"{quiz_id}: the draft belongs to another organisation")
    if existing is None:
        # A quiz published from files is no organisation's; the operator gives it to this one.
        db.session.add(Draft(org_id=org.id, quiz_id=quiz_id, title="", scale="{}"))
        db.session.flush()
    try:
        draft, _replaced = files.draft_from_quiz(org.id, quiz, texts)
    except files.ImportRefused as exc:
        raise click.ClickException("\n".join(exc.errors)) from None
    return draft


@review_cli.command("open")
@click.argument("quiz_id")
@click.option("--deadline", required=True, help="The last day (YYYY-MM-DD), until midnight in Stockholm.")
@click.option("--org", "org_name", default="Redaktionen", show_default=True,
              help="The organisation whose editors decide (created if needed).")
@click.option("--base-url", default=None, help="The site's address for the printed links.")
def open_command(quiz_id: str, deadline: str, org_name: str, base_url: str | None) -> None:
    """Open a round on QUIZ (a folder under statements/) and print one private link per party."""
    from ..publishing.operations import migrate_to_head

    migrate_to_head()
    try:
        day = operations.parse_deadline(deadline)
    except operations.ReviewError as exc:
        raise click.UsageError(exc.message) from None
    draft = import_folder(quiz_id, org_name.strip()[:200] or "Redaktionen")
    try:
        _round, tokens = operations.open_round(draft, day, actor="cli", from_files=True)
    except operations.ReviewError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from None
    db.session.commit()
    base = _base_url(base_url)
    click.echo(f"{quiz_id}: round open until {day.isoformat()} 24:00 Europe/Stockholm, decided by {org_name}")
    for party in drafts.parties(draft):
        click.echo(f"{party.party_id}\t{base}/granska/{tokens[party.party_id]}")


@review_cli.command("status")
@click.argument("quiz_id")
def status_command(quiz_id: str) -> None:
    """Who answered how much, and what is left to decide."""
    draft, round_ = _round(quiz_id)
    state = "open" if operations.is_open(round_) else "closed"
    click.echo(f"{quiz_id}: round {state}, deadline {round_.deadline}")
    for s in operations.status(draft, round_):
        flags = ["submitted" if s.submitted else "not submitted"]
        if s.revoked:
            flags.append("link revoked")
        if s.undecided:
            flags.append(f"{s.undecided} to decide")
        click.echo(f"  {s.party.party_id:<24} answered {s.answered:>3} of {s.total:<3} ({', '.join(flags)})")


@review_cli.command("apply")
@click.argument("quiz_id")
def apply_command(quiz_id: str) -> None:
    """Write the decided answers to statements/QUIZ/answers/<party>.yaml (a file per party)."""
    draft, round_ = _round(quiz_id)
    folder = _folder(quiz_id)
    if not (folder / "quiz.yaml").is_file():
        raise click.ClickException(f"{folder}: no quiz folder")
    target = folder / "answers"
    target.mkdir(exist_ok=True)
    for party, data in operations.answers_files(draft, round_).items():
        path = target / f"{party}.yaml"
        path.write_text("# The party's answers from the review round, as decided by the editor (flask quiz review apply).\n"
                        + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
        click.echo(f"{path}: {len(data['answers'])} answers")
    undecided = sum(s.undecided for s in operations.status(draft, round_))
    if undecided:
        click.echo(f"{undecided} answers are not decided yet and were left out", err=True)
