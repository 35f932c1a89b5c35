"""the parties' review round: rounds, one private link per party, answers and decisions

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 23:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        'review_round',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('draft_id', sa.Integer(), sa.ForeignKey('draft.id', ondelete='CASCADE'), nullable=False, index=True),
        sa.Column('deadline', sa.String(10), nullable=False),
        sa.Column('expires_at', TZ, nullable=False),
        sa.Column('state', sa.String(10), nullable=False),
        sa.Column('from_files', sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column('frozen', sa.Text(), nullable=False),
        sa.Column('changes', sa.Text(), nullable=False),
        sa.Column('created_at', TZ, nullable=False),
    )
    op.create_table(
        'review_link',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('round_id', sa.Integer(), sa.ForeignKey('review_round.id', ondelete='CASCADE'), nullable=False, index=True),
        sa.Column('party_row', sa.Integer(), sa.ForeignKey('draft_party.id', ondelete='CASCADE'), nullable=False),
        sa.Column('token_hash', sa.String(64), nullable=True, unique=True),
        sa.Column('issued_at', TZ, nullable=False),
        sa.Column('revoked_at', TZ, nullable=True),
        sa.Column('submitted_at', TZ, nullable=True),
    )
    op.create_table(
        'review_answer',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('round_id', sa.Integer(), sa.ForeignKey('review_round.id', ondelete='CASCADE'), nullable=False, index=True),
        sa.Column('party_row', sa.Integer(), sa.ForeignKey('draft_party.id', ondelete='CASCADE'), nullable=False),
        sa.Column('statement_row', sa.Integer(), sa.ForeignKey('draft_statement.id', ondelete='CASCADE'), nullable=False),
        sa.Column('kind', sa.String(10), nullable=False),
        sa.Column('value', sa.Integer(), nullable=True),
        sa.Column('coded_value', sa.Integer(), nullable=True),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('reason_en', sa.Text(), nullable=False),
        sa.Column('quote', sa.Text(), nullable=False),
        sa.Column('url', sa.String(1000), nullable=False),
        sa.Column('priority', sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column('saved_at', TZ, nullable=False),
        sa.Column('decision', sa.String(10), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('decided_by', sa.String(254), nullable=False),
        sa.UniqueConstraint('round_id', 'party_row', 'statement_row'),
    )


def downgrade():
    for table in ('review_answer', 'review_link', 'review_round'):
        op.drop_table(table)
