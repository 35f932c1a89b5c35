"""quiz versions: which ones still read answer strings without the version's check character

The check character (quiz/answers.py) binds an answer string to its version. Versions published
before it existed have share links out there without one; they keep opening. Every version
published from this revision on refuses a string without its check character, so a string cannot
be moved to another version by removing the check.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 23:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('quiz_version', sa.Column('unchecked_answers', sa.Boolean(), nullable=False,
                                            server_default=sa.false()))
    op.execute(sa.text("UPDATE quiz_version SET unchecked_answers = :yes").bindparams(yes=True))


def downgrade():
    with op.batch_alter_table('quiz_version') as batch:
        batch.drop_column('unchecked_answers')
