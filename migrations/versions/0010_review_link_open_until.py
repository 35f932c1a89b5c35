"""a party's review link reopened after the round's deadline stays open until its own date

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 23:55:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('review_link', sa.Column('open_until', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('review_link') as batch:
        batch.drop_column('open_until')
