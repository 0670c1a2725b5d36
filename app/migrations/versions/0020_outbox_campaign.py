"""outbox: extra headers of bulk mail (List-Unsubscribe) and the campaign that sent a row

Revision ID: 0020_outbox_campaign
Revises: 0019_mail_consultation
Create Date: 2026-12-03 11:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0020_outbox_campaign'
down_revision = '0019_mail_consultation'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox_mail') as batch_op:
        batch_op.add_column(sa.Column('headers', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('campaign', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_mail_campaign'), ['campaign'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('outbox_mail') as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_mail_campaign'))
        batch_op.drop_column('campaign')
        batch_op.drop_column('headers')
