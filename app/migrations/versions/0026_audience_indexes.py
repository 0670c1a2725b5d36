"""audience_indexes: narrow indexes for the mailing audience count over 100,000 people

Revision ID: 0026_audience_indexes
Revises: 0025_partner_news
Create Date: 2026-12-07 04:10:00
"""

from __future__ import annotations

from alembic import op

revision = '0026_audience_indexes'
down_revision = '0025_partner_news'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('individual', schema=None) as batch_op:
        batch_op.create_index('ix_individual_current', ['expires_at', 'user_id'], unique=False)
        batch_op.create_index(
            'ix_individual_audience',
            ['user_id', 'expires_at', 'prefecture', 'birth_date', 'jocv_verified_at', 'kind'],
            unique=False,
        )
    with op.batch_alter_table('resume', schema=None) as batch_op:
        batch_op.create_index('ix_resume_audience', ['user_id', 'id', 'wish_location'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('resume', schema=None) as batch_op:
        batch_op.drop_index('ix_resume_audience')
    with op.batch_alter_table('individual', schema=None) as batch_op:
        batch_op.drop_index('ix_individual_audience')
        batch_op.drop_index('ix_individual_current')
