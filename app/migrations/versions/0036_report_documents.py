"""report_documents: the 週次・月次・四半期報告 documents (PDF and Excel) and their state (000 §8.2)

Revision ID: 0036_report_documents
Revises: 0035_account_events
Create Date: 2026-12-07 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0036_report_documents'
down_revision = '0035_account_events'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'report_document',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('period_first', sa.Date(), nullable=False),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('automatic', sa.Boolean(), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('requested_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('finished_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('pdf_name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('pdf_size', sa.Integer(), nullable=False),
        sa.Column('xlsx_name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('xlsx_size', sa.Integer(), nullable=False),
        sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_report_document')),
        sa.UniqueConstraint('kind', 'period_first', name='uq_report_document_kind_period'),
    )
    with op.batch_alter_table('report_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_document_period_first'), ['period_first'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_document_requested_at'), ['requested_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('report_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_document_requested_at'))
        batch_op.drop_index(batch_op.f('ix_report_document_period_first'))
    op.drop_table('report_document')
