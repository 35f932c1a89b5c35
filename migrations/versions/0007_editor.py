"""the editor in the browser: organisations, accounts, invitations, drafts, the change log

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 23:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade():
    op.add_column('quiz_version', sa.Column('unlisted', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        'organisation',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('name', sa.String(200), nullable=False, unique=True),
        sa.Column('created_at', TZ, nullable=False),
    )
    op.create_table(
        'editor_user',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('org_id', sa.Integer(), sa.ForeignKey('organisation.id'), nullable=False, index=True),
        sa.Column('email', sa.String(254), nullable=False, unique=True),
        sa.Column('password_hash', sa.String(200), nullable=False),
        sa.Column('role', sa.String(10), nullable=False),
        sa.Column('session_nonce', sa.String(32), nullable=False),
        sa.Column('failed_signins', sa.Integer(), nullable=False, server_default='0'),
        sa.Column('last_failed_at', TZ, nullable=True),
        sa.Column('totp_secret', sa.String(64), nullable=True),
        sa.Column('recovery_codes', sa.Text(), nullable=True),
        sa.Column('created_at', TZ, nullable=False),
    )
    op.create_table(
        'invitation',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('org_id', sa.Integer(), sa.ForeignKey('organisation.id'), nullable=False, index=True),
        sa.Column('token_hash', sa.String(64), nullable=False, unique=True),
        sa.Column('role', sa.String(10), nullable=False),
        sa.Column('created_by', sa.Integer(), sa.ForeignKey('editor_user.id'), nullable=False),
        sa.Column('created_at', TZ, nullable=False),
        sa.Column('expires_at', TZ, nullable=False),
        sa.Column('used_at', TZ, nullable=True),
    )
    op.create_table(
        'signin_attempt',
        sa.Column('client_hash', sa.String(64), primary_key=True),
        sa.Column('window', sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column('count', sa.Integer(), nullable=False),
    )
    op.create_table(
        'draft',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('org_id', sa.Integer(), sa.ForeignKey('organisation.id'), nullable=False, index=True),
        sa.Column('quiz_id', sa.String(100), nullable=False, unique=True),
        sa.Column('title', sa.String(300), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('language', sa.String(10), nullable=False),
        sa.Column('scale', sa.Text(), nullable=False),
        sa.Column('topics', sa.Text(), nullable=False),
        sa.Column('municipalities', sa.Text(), nullable=False),
        sa.Column('unlisted', sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', TZ, nullable=False),
        sa.Column('updated_at', TZ, nullable=False),
    )
    op.create_table(
        'draft_party',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('draft_id', sa.Integer(), sa.ForeignKey('draft.id', ondelete='CASCADE'), nullable=False, index=True),
        sa.Column('party_id', sa.String(100), nullable=False),
        sa.Column('ordering', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(200), nullable=False),
        sa.Column('short_name', sa.String(50), nullable=False),
        sa.Column('municipality', sa.String(100), nullable=False),
        sa.Column('color', sa.String(7), nullable=False),
        sa.Column('source_title', sa.String(300), nullable=False),
        sa.Column('source_url', sa.String(1000), nullable=False),
        sa.Column('source_captured', sa.String(10), nullable=False),
        sa.Column('source_text', sa.Text(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.UniqueConstraint('draft_id', 'party_id'),
    )
    op.create_table(
        'draft_statement',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('draft_id', sa.Integer(), sa.ForeignKey('draft.id', ondelete='CASCADE'), nullable=False, index=True),
        sa.Column('statement_id', sa.String(100), nullable=False),
        sa.Column('ordering', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('topic', sa.String(100), nullable=False),
        sa.Column('background', sa.Text(), nullable=False),
        sa.Column('easy', sa.Text(), nullable=False),
        sa.Column('text_en', sa.Text(), nullable=False),
        sa.Column('direction', sa.String(10), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.UniqueConstraint('draft_id', 'statement_id'),
    )
    op.create_table(
        'draft_position',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('draft_id', sa.Integer(), sa.ForeignKey('draft.id', ondelete='CASCADE'), nullable=False, index=True),
        sa.Column('party_row', sa.Integer(), sa.ForeignKey('draft_party.id', ondelete='CASCADE'), nullable=False),
        sa.Column('statement_row', sa.Integer(), sa.ForeignKey('draft_statement.id', ondelete='CASCADE'), nullable=False),
        sa.Column('value', sa.Integer(), nullable=True),
        sa.Column('basis', sa.String(20), nullable=False),
        sa.Column('justification', sa.Text(), nullable=False),
        sa.Column('quote', sa.Text(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.UniqueConstraint('party_row', 'statement_row'),
    )
    op.create_table(
        'change_log',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('org_id', sa.Integer(), sa.ForeignKey('organisation.id'), nullable=True, index=True),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('actor', sa.String(254), nullable=False),
        sa.Column('at', TZ, nullable=False),
        sa.Column('action', sa.String(50), nullable=False),
        sa.Column('target', sa.String(300), nullable=False),
        sa.Column('detail', sa.Text(), nullable=False),
    )


def downgrade():
    for table in ('change_log', 'draft_position', 'draft_statement', 'draft_party', 'draft',
                  'signin_attempt', 'invitation', 'editor_user', 'organisation'):
        op.drop_table(table)
    with op.batch_alter_table('quiz_version') as batch:
        batch.drop_column('unlisted')
