"""class mode: the class size, a closed class, discarded sends kept as tombstones, creations counted

The teacher gives the class size when creating a class and the cap follows it (quiz.classes.cap);
a class can be closed to sends, and the sends of the last minutes discarded: a discarded
submission keeps its device hash and send count (its answers are emptied and leave the tallies),
so sending again never gives a phone a fresh draw. Classes made before this revision have no
size (their cap stays CLASS_MAX_SUBMISSIONS) and are open. class_creation counts the classes each
client (an HMAC of its address) created per hour, so one client cannot create thousands.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 23:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('class_session', sa.Column('size', sa.Integer(), nullable=True))
    op.add_column('class_session', sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('class_submission', sa.Column('discarded', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        'class_creation',
        sa.Column('client_hash', sa.String(length=64), nullable=False),
        sa.Column('hour', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('client_hash', 'hour'),
    )


def downgrade():
    op.drop_table('class_creation')
    with op.batch_alter_table('class_submission') as batch:
        batch.drop_column('discarded')
    with op.batch_alter_table('class_session') as batch:
        batch.drop_column('closed_at')
        batch.drop_column('size')
