"""mail_preferences: each user's メール配信設定 (案内メール, PARTNERニュース, 新着情報のお知らせ;
NULL = the default from settings)

Revision ID: 0022_mail_preferences
Revises: 0021_bounces
Create Date: 2026-12-03 15:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0022_mail_preferences'
down_revision = '0021_bounces'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'mail_preference',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('guide', sa.Boolean(), nullable=True),
        sa.Column('news', sa.Boolean(), nullable=True),
        sa.Column('alerts', sa.Boolean(), nullable=True),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user_account.id'], name=op.f('fk_mail_preference_user_id_user_account'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_preference')),
        sa.UniqueConstraint('user_id', name=op.f('uq_mail_preference_user_id')),
    )


def downgrade() -> None:
    op.drop_table('mail_preference')
