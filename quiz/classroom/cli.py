"""``flask classes purge``: delete expired classes and everything in them (run it daily, e.g. from cron)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from .operations import purge_expired

classes_cli = AppGroup("classes", help="Class mode housekeeping.")


@classes_cli.command("purge")
def purge_command() -> None:
    """Delete expired classes and everything in them (run it daily, e.g. from cron)."""
    click.echo(f"{purge_expired()} expired class(es) deleted")
