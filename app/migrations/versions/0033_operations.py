"""operations: the last run of every scheduled job and the last server errors (システム運用, 000 §8.6)

Revision ID: 0033_operations
Revises: 0027_mailing_authors
Create Date: 2026-12-07 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0033_operations'
down_revision = '0027_mailing_authors'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'job_run',
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column('started_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('finished_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('succeeded', sa.Boolean(), nullable=False),
        sa.Column('result', sa.Integer(), nullable=True),
        sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('last_success_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('name'),
    )
    op.create_table(
        'error_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('request_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('method', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('route', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('status', sa.Integer(), nullable=False),
        sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('error_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_error_event_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_error_event_request_id'), ['request_id'], unique=False)


def downgrade() -> None:
    op.drop_table('error_event')
    op.drop_table('job_run')
