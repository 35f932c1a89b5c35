"""class mode: how many times each device has sent its answers to a class

Every send is a fresh randomized draw of the same answers, so a teacher reading the figures after
each send learns more with every one; a device may now send at most twice (quiz.classes
MAX_SENDS_PER_DEVICE). Submissions stored before this revision count as sent once: their
students can still change their answers once, and their classes are gone within CLASS_TTL_DAYS.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('class_submission', sa.Column('sends', sa.Integer(), nullable=False, server_default='1'))


def downgrade():
    with op.batch_alter_table('class_submission') as batch:
        batch.drop_column('sends')
