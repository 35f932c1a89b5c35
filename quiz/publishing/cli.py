"""``flask quiz …``: validate, import (``quiz.publishing.operations``), export, audit and list quiz content."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import inspect, select

from ..content.exchange import from_export
from ..content.folders import load_path
from ..content.validation import ContentError
from ..core.model import Quiz
from ..extensions import db
from ..store.models import QuizVersion
from .operations import PublishConflict, publish_all

quiz_cli = AppGroup("quiz", help="Validate, import, export and list quizzes.")


def _content_dir() -> Path:
    return Path(current_app.config["CONTENT_DIR"])


def _load(path: str | None) -> list[Quiz]:
    target = Path(path) if path else _content_dir()
    sources = target.parent / "sources" if (target / "quiz.yaml").is_file() else target / "sources"
    return load_path(target, sources if sources.is_dir() else None)


def _fail(exc: ContentError) -> None:
    click.echo(f"{len(exc.errors)} error(s):", err=True)
    for error in exc.errors:
        click.echo(f"  {error}", err=True)
    sys.exit(1)


@quiz_cli.command("validate")
@click.argument("path", required=False)
def validate_command(path: str | None) -> None:
    """Check content folders (default: statements/) and report every error."""
    try:
        quizzes = _load(path)
    except ContentError as exc:
        _fail(exc)
    for quiz in quizzes:
        click.echo(f"{quiz.id}: OK ({len(quiz.statements)} statements, {len(quiz.parties)} parties)")


def _has_versions_table() -> bool:
    """Whether anything was ever imported here: reading commands do not create or migrate the
    schema (only ``import`` does, through ``quiz.publishing.operations``), so an empty database is said to be one."""
    return inspect(db.engine).has_table(QuizVersion.__tablename__)


@quiz_cli.command("import")
@click.argument("path", required=False)
def import_command(path: str | None) -> None:
    """Import content folders or valkompass/1 JSON (default: every quiz in statements/)."""
    try:
        quizzes = _load(path)
    except ContentError as exc:
        _fail(exc)
    try:
        published = publish_all(quizzes)
    except PublishConflict as exc:
        raise click.ClickException(str(exc)) from None
    for quiz, row in published:
        if row is None:
            click.echo(f"{quiz.id}: unchanged")
        else:
            click.echo(f"{quiz.id}: published version {row.version}")


def _published_row(quiz_id: str | None, version: str | None) -> QuizVersion:
    """The named (or only) quiz's latest version, or ``version``; a usage error saying what exists."""
    ids = db.session.execute(select(QuizVersion.quiz_id).distinct()).scalars().all() if _has_versions_table() else []
    if quiz_id is None:
        if len(ids) != 1:
            raise click.UsageError(f"name a quiz: {', '.join(sorted(ids)) or 'none imported yet'}")
        quiz_id = ids[0]
    query = select(QuizVersion).where(QuizVersion.quiz_id == quiz_id)
    if version:
        query = query.where(QuizVersion.version == version)
    row = db.session.execute(query.order_by(QuizVersion.sequence.desc()).limit(1)).scalar()
    if row is None:
        raise click.UsageError(f"no such quiz or version: {quiz_id} {version or ''}".strip())
    return row


@quiz_cli.command("export")
@click.argument("quiz_id", required=False)
@click.option("--version", "version", help="A specific version (default: the latest).")
def export_command(quiz_id: str | None, version: str | None) -> None:
    """Write one quiz version as valkompass/1 JSON to stdout."""
    document = json.loads(_published_row(quiz_id, version).document)
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


@quiz_cli.command("audit")
@click.argument("quiz_id", required=False)
@click.option("--version", "version", help="A specific version (default: the latest).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON instead of text.")
def audit_command(quiz_id: str | None, version: str | None, as_json: bool) -> None:
    """The neutrality audit of a published version, for all parties and for each municipality with two
    or more: simulated voters, statements, parties (quiz/analysis/audit.py)."""
    from ..analysis.audit import (
        audit, audit_municipalities, format_text_with_municipalities, json_with_municipalities,
        single_party_municipalities,
    )

    from ..analysis.peer_audit import top_match_changes

    row = _published_row(quiz_id, version)
    quiz = from_export(json.loads(row.document), f"{row.quiz_id}/{row.version}")
    report = audit(quiz, row.version)
    report.extra["top_match_changes"] = top_match_changes(quiz)
    parts = (report, audit_municipalities(quiz, row.version), single_party_municipalities(quiz))
    if as_json:
        click.echo(json.dumps(json_with_municipalities(*parts), ensure_ascii=False, indent=2))
    else:
        click.echo(format_text_with_municipalities(*parts), nl=False)


@quiz_cli.command("list")
def list_command() -> None:
    """Show quizzes and their published versions."""
    if not _has_versions_table():
        click.echo("no quizzes imported yet: run `flask quiz import`")
        return
    rows = db.session.execute(select(QuizVersion).order_by(QuizVersion.quiz_id, QuizVersion.sequence)).scalars()
    count = 0
    for row in rows:
        count += 1
        click.echo(f"{row.quiz_id}\t{row.version}\t{row.published_at:%Y-%m-%d %H:%M}\t{row.title}")
    if not count:
        click.echo("no quizzes imported yet: run `flask quiz import`")
