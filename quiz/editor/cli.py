"""``flask users create EMAIL [--admin] --org NAME``: how an operator makes an organisation's first admin."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from ..extensions import db
from . import accounts, log

users_cli = AppGroup("users", help="Editor accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--org", "org_name", required=True, help="The organisation (created when new).")
@click.option("--admin", is_flag=True, help="An admin of the organisation (invites editors, reads the log).")
def create_command(email: str, org_name: str, admin: bool) -> None:
    """Create an account; the password is asked for on the terminal, or read from stdin's first line."""
    from ..publishing.operations import migrate_to_head

    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    migrate_to_head()
    org_name = org_name.strip()
    if not org_name or len(org_name) > 200:
        raise click.UsageError("--org must name an organisation (at most 200 characters)")
    try:
        org = accounts.organisation(org_name, create=True)
        user = accounts.create_user(org, email, password, "admin" if admin else "editor")
    except accounts.AccountError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    log.record("account_created", user.email, user, role=user.role, via="cli")
    db.session.commit()
    click.echo(f"{user.email}: {user.role} of {org.name}")
