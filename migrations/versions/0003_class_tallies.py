"""class mode: tallies per class, statement and option; submission and rate counters on the class

Answers stored before this revision were stored exactly as sent; from now on only randomized
answers are stored (quiz/randomized_response.py). So the submissions of classes in progress are
deleted here: the promise that no student's true answers are kept holds for them too, and their
students can send again.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 20:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("DELETE FROM class_submission")
    op.create_table('class_tally',
    sa.Column('class_id', sa.Integer(), nullable=False),
    sa.Column('statement', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('option', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['class_id'], ['class_session.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('class_id', 'statement', 'option')
    )
    with op.batch_alter_table('class_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submissions', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('window_minute', sa.BigInteger(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('window_count', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('class_session', schema=None) as batch_op:
        batch_op.drop_column('window_count')
        batch_op.drop_column('window_minute')
        batch_op.drop_column('submissions')
    op.drop_table('class_tally')
