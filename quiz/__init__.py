"""Valkompass: a transparent voting advice application for Swedish municipal elections."""

from __future__ import annotations

import logging
import os

from flask import Flask

from . import config
from .extensions import babel, csrf, db, migrate
from .web.form_request import FormRequest
from .web.session import CookieSessionInterface


def create_app(test_config: dict | None = None) -> Flask:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = Flask(
        __name__,
        instance_path=os.environ.get("INSTANCE_PATH") or os.path.join(root, "instance"),
        template_folder=os.path.join(root, "templates"),
        static_folder=os.path.join(root, "static"),
    )
    app.request_class = FormRequest
    app.session_interface = CookieSessionInterface()
    os.makedirs(app.instance_path, mode=0o700, exist_ok=True)  # private: secret key, SQLite file
    app.config.from_mapping(config.from_environment(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    config.private_sqlite_file(app.config["SQLALCHEMY_DATABASE_URI"], app.instance_path)

    from .web.log_redaction import install

    install(app.logger)  # Flask names the request's path when it logs an exception
    install(logging.getLogger("werkzeug"))  # `make run`'s server logs every request line
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(root, "migrations"))
    csrf.init_app(app)

    from .web.context import init_context
    from .web.i18n import init_i18n
    from .store.catalog import Catalog
    from .publishing.cli import quiz_cli
    from .classroom.cli import classes_cli
    from .web.http_cache import init_http_cache
    from .web.metrics import init_metrics
    from .web.security_headers import init_security_headers
    from .api import views as api
    from .classroom import views as classroom
    from .embed import views as embed
    from .voter import views as voter
    from .web import errors, health
    from .editor import init_editor
    from .review import init_review

    init_metrics(app)  # first: its hooks run before and after every other
    init_i18n(app, babel)
    init_context(app)
    app.extensions["catalog"] = Catalog(app)
    init_http_cache(app)
    init_security_headers(app)
    app.register_blueprint(errors.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(voter.bp)
    app.register_blueprint(voter.bp, url_prefix="/embed", name="embed")
    app.register_blueprint(embed.bp)
    app.register_blueprint(classroom.bp)
    app.register_blueprint(api.bp)
    csrf.exempt(api.bp)  # JSON from any origin, no cookies: nothing for a forged request to use
    for view in voter.STATELESS_POSTS:  # why: see quiz.voter.forms; exempts both registrations
        csrf.exempt(view)
    app.cli.add_command(quiz_cli)
    app.cli.add_command(classes_cli)
    init_editor(app)
    init_review(app)  # adds ``flask quiz review`` to the quiz group registered above
    if app.config.get("FAST_PATH", True):  # off only to compare with Flask's own answers (tests, benchmarks)
        from .voter.fast import POSTS
        from .web.fast_path import FastPath

        app.wsgi_app = FastPath(app, app.wsgi_app, POSTS)
    trust_proxies(app)  # outermost: the layers inside see the client's address and scheme
    return app


def trust_proxies(app: Flask) -> None:
    """Read the client's address (and scheme) from the ``TRUSTED_PROXY_COUNT`` proxies in front,
    so class mode's rate limits count each client, not nginx's 127.0.0.1 for everyone."""
    count = max(0, int(app.config.get("TRUSTED_PROXY_COUNT") or 0))
    if count:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)
