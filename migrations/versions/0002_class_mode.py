"""class mode: class sessions, anonymous submissions, join-attempt counters

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 10:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('class_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('teacher_token_hash', sa.String(length=64), nullable=False),
    sa.Column('quiz_id', sa.String(length=100), nullable=False),
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('municipality', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code'),
    sa.UniqueConstraint('teacher_token_hash')
    )
    with op.batch_alter_table('class_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_class_session_expires_at'), ['expires_at'], unique=False)

    op.create_table('class_submission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('class_id', sa.Integer(), nullable=False),
    sa.Column('device_hash', sa.String(length=64), nullable=False),
    sa.Column('state', sa.Text(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['class_id'], ['class_session.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('class_id', 'device_hash')
    )
    with op.batch_alter_table('class_submission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_class_submission_class_id'), ['class_id'], unique=False)

    op.create_table('join_attempt',
    sa.Column('client_hash', sa.String(length=64), nullable=False),
    sa.Column('minute', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('client_hash', 'minute')
    )


def downgrade():
    op.drop_table('join_attempt')
    with op.batch_alter_table('class_submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_class_submission_class_id'))
    op.drop_table('class_submission')
    with op.batch_alter_table('class_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_class_session_expires_at'))
    op.drop_table('class_session')
