"""The editor in the browser (``/redaktion/``): organisations build, check and publish their own
quizzes. Outside the voter path: only these pages load a signed-in user from the database; the
voter pages still run without it (Flask-Login's user is loaded lazily, on first use, and only the
editor's views and templates use it)."""

from __future__ import annotations

from flask import Flask
from flask_login import LoginManager

login_manager = LoginManager()


def init_editor(app: Flask) -> None:
    from . import accounts, cli, views
    from ..store import editor  # noqa: F401  the tables, for the metadata

    app.config.setdefault("EDITOR_IDLE_MINUTES", 30)
    # Not ``login_manager.init_app``: its context processor loads the user for every template and
    # its after-request hook reads the session on every response (Flask then adds ``Vary: Cookie``,
    # which would keep CDNs from caching voter pages). There is no "remember me" cookie to refresh;
    # the editor's blueprint offers ``current_user`` to its own templates.
    app.login_manager = login_manager
    login_manager.session_protection = None  # the session nonce (EditorUser.get_id) does the job
    login_manager.user_loader(accounts.user_for_session)
    app.register_blueprint(views.bp)
    app.before_request_funcs.setdefault(None, []).insert(0, views.upload_limits)
    app.cli.add_command(cli.users_cli)
