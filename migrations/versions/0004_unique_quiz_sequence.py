"""quiz versions: one row per quiz and sequence number

Two imports at once could publish two versions with the same sequence; the catalog then served
one of them and links to the other were 404s. A unique index makes the second import start again
(quiz.cli.import_quizzes). Rows that already share a sequence keep their version id (links name
it) and the later ones are given the next free sequence numbers, so the index can be built.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 20:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, quiz_id, sequence FROM quiz_version ORDER BY quiz_id, sequence, id")).all()
    highest: dict[str, int] = {}
    for _, quiz_id, sequence in rows:
        highest[quiz_id] = max(highest.get(quiz_id, 0), sequence)
    seen = set()
    for row_id, quiz_id, sequence in rows:
        if (quiz_id, sequence) in seen:
            highest[quiz_id] += 1
            conn.execute(sa.text("UPDATE quiz_version SET sequence = :sequence WHERE id = :id"),
                         {"sequence": highest[quiz_id], "id": row_id})
        seen.add((quiz_id, sequence))
    op.create_index("ix_quiz_version_quiz_id_sequence", "quiz_version", ["quiz_id", "sequence"], unique=True)


def downgrade():
    op.drop_index("ix_quiz_version_quiz_id_sequence", table_name="quiz_version")
