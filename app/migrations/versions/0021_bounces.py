"""bounces: every bounce notification received, and each address's state (不達メールアドレス)

Revision ID: 0021_bounces
Revises: 0020_outbox_campaign
Create Date: 2026-12-03 15:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0021_bounces'
down_revision = '0020_outbox_campaign'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'bounce_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('outbox_id', sa.Integer(), nullable=True),
        sa.Column('recipient', sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('diagnostic', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column('raw', sa.Text(), server_default='', nullable=False),
        sa.Column('received_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_bounce_event')),
    )
    with op.batch_alter_table('bounce_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bounce_event_outbox_id'), ['outbox_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bounce_event_address'), ['address'], unique=False)
        batch_op.create_index(batch_op.f('ix_bounce_event_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_bounce_event_received_at'), ['received_at'], unique=False)
    op.create_table(
        'bounced_address',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('last_status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('diagnostic', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column('first_seen', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('last_seen', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('score', sa.Integer(), nullable=False),
        sa.Column('last_scored_on', sa.Date(), nullable=True),
        sa.Column('last_event_id', sa.Integer(), nullable=True),
        sa.Column('suppressed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('released_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('released_by', sa.Integer(), nullable=True),
        sa.Column('release_reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_bounced_address')),
        sa.UniqueConstraint('address', name=op.f('uq_bounced_address_address')),
    )
    with op.batch_alter_table('bounced_address', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bounced_address_suppressed_at'), ['suppressed_at'], unique=False)


def downgrade() -> None:
    op.drop_table('bounced_address')
    op.drop_table('bounce_event')
