"""operations: the last run of every scheduled job and the last server errors (システム運用, 000 §8.6);
物故 records and the addresses no mail may reach (物故者管理, 000 §1.7)

Revision ID: 0033_operations
Revises: 0032_library
Create Date: 2026-12-07 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0033_operations'
down_revision = '0032_library'
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
        sa.PrimaryKeyConstraint('name', name=op.f('pk_job_run')),
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
        sa.PrimaryKeyConstraint('id', name=op.f('pk_error_event')),
    )
    with op.batch_alter_table('error_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_error_event_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_error_event_request_id'), ['request_id'], unique=False)
    op.create_table(
        'mail_block',
        sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('address', name=op.f('pk_mail_block')),
    )
    op.create_table(
        'death_record',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('died_on', sa.Date(), nullable=True),
        sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column('previous_status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('recorded_by', sa.Integer(), nullable=False),
        sa.Column('recorded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('revoked_by', sa.Integer(), nullable=True),
        sa.Column('revoke_reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column('erased_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_death_record_user_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_death_record')),
    )
    with op.batch_alter_table('death_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_death_record_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_death_record_recorded_at'), ['recorded_at'], unique=False)


def downgrade() -> None:
    op.drop_table('death_record')
    op.drop_table('mail_block')
    op.drop_table('error_event')
    op.drop_table('job_run')
