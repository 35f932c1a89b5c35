"""the editor: a draft, its statements and positions keep what the content format holds beyond the
editor's fields (the quiz's translations and easy description; a statement's origin, other languages'
texts and easy versions; a position's translations and review), so a quiz imported into the browser
exports as it came.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 23:55:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    for table in ('draft', 'draft_statement', 'draft_position'):
        op.add_column(table, sa.Column('extra', sa.Text(), nullable=False, server_default=''))


def downgrade():
    for table in ('draft', 'draft_statement', 'draft_position'):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('extra')
