"""The parties' review round (issue 24): a private link per party (``/granska/<token>``), its
answers beside our coding, the editor's decisions (``/redaktion/q/<quiz>/partigranskning/``),
and ``flask quiz review``. Built on the editor's drafts and log; outside the voter path."""

from __future__ import annotations

from flask import Flask


def init_review(app: Flask) -> None:
    from ..store import review  # noqa: F401  the tables, for the metadata
    from ..editor import drafts
    from . import cli, operations, published, views

    if operations.extend_document not in drafts.DOCUMENT_EXTENSIONS:
        drafts.DOCUMENT_EXTENSIONS.append(operations.extend_document)
    app.config.setdefault("REVIEW_FAILED_LOOKUPS_PER_MINUTE", 20)
    app.register_blueprint(views.party_bp)
    app.register_blueprint(views.editor_bp)
    app.register_blueprint(published.bp)
    app.cli.commands["quiz"].add_command(cli.review_cli)  # publishing's group (quiz.publishing.cli)

    @app.template_global()
    def review_round_open(draft) -> bool:
        """For the editor's statement page: its statements are frozen while a round is open."""
        round_ = operations.latest_round(draft)
        return round_ is not None and operations.is_open(round_)
