"""account_events: when registrations were extended or ended (延長登録・退会・無効登録), 配信停止 per
day, and the indexes the reports' counters filter on (000 §8.2)

Only what is known is backfilled: 団体の延長登録 from the audit log (each extension wrote an audit
row). Individuals' 延長登録 and 退会 left no timestamp before this revision and start from zero.

Revision ID: 0035_account_events
Revises: 0034_organization_expiry
Create Date: 2026-12-07 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0035_account_events'
down_revision = '0034_organization_expiry'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'account_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('occurred_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_account_event')),
    )
    with op.batch_alter_table('account_event', schema=None) as batch_op:
        batch_op.create_index('ix_account_event_occurred', ['occurred_at', 'event', 'category'], unique=False)
    op.create_table(
        'mail_unsubscribe_daily',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('day', 'category', name=op.f('pk_mail_unsubscribe_daily')),
    )
    with op.batch_alter_table('koubo_daily_count', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_koubo_daily_count_day'), ['day'], unique=False)
    with op.batch_alter_table('mailing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mailing_started_at'), ['started_at'], unique=False)
    with op.batch_alter_table('mail_consultation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_consultation_received_at'), ['received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_consultation_answered_at'), ['answered_at'], unique=False)
    op.execute(
        "INSERT INTO account_event (event, category, occurred_at) "
        "SELECT 'organization_extended', o.org_type, a.created_at FROM audit_event a "
        "JOIN organization o ON CAST(o.id AS VARCHAR(40)) = a.target_id "
        "WHERE a.target_type = 'organization' "
        "AND a.action IN ('organization_extend', 'organization_extend_by_staff')"
    )


def downgrade() -> None:
    with op.batch_alter_table('mail_consultation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_consultation_answered_at'))
        batch_op.drop_index(batch_op.f('ix_mail_consultation_received_at'))
    with op.batch_alter_table('mailing', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mailing_started_at'))
    with op.batch_alter_table('koubo_daily_count', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_koubo_daily_count_day'))
    op.drop_table('mail_unsubscribe_daily')
    with op.batch_alter_table('account_event', schema=None) as batch_op:
        batch_op.drop_index('ix_account_event_occurred')
    op.drop_table('account_event')
