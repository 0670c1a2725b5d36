"""partner_news: PARTNERニュース issues (第N号, one per week), their sections and items

Revision ID: 0025_partner_news
Revises: 0024_saved_searches
Create Date: 2026-12-07 03:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0025_partner_news'
down_revision = '0024_saved_searches'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'news_issue',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=True),
        sa.Column('week_of', sa.Date(), nullable=False),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('lead', sa.Text(), server_default='', nullable=False),
        sa.Column('window_from', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('cutoff_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('send_due_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('edited_by', sa.Integer(), nullable=True),
        sa.Column('approved_by', sa.Integer(), nullable=True),
        sa.Column('approved_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('mailing_id', sa.Integer(), nullable=True),
        sa.Column('skipped_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_news_issue')),
        sa.UniqueConstraint('number', name=op.f('uq_news_issue_number')),
        sa.UniqueConstraint('week_of', name=op.f('uq_news_issue_week_of')),
    )
    with op.batch_alter_table('news_issue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_news_issue_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_news_issue_send_due_at'), ['send_due_at'], unique=False)
    op.create_table(
        'news_issue_section',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('issue_id', sa.Integer(), nullable=False),
        sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['issue_id'], ['news_issue.id'], name=op.f('fk_news_issue_section_issue_id_news_issue'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_news_issue_section')),
        sa.UniqueConstraint('issue_id', 'key', name='uq_news_issue_section_issue_id_key'),
    )
    with op.batch_alter_table('news_issue_section', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_news_issue_section_issue_id'), ['issue_id'], unique=False)
    op.create_table(
        'news_issue_item',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('issue_id', sa.Integer(), nullable=False),
        sa.Column('section_key', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column('organization', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('path', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column('published_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ['issue_id'], ['news_issue.id'], name=op.f('fk_news_issue_item_issue_id_news_issue'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_news_issue_item')),
    )
    with op.batch_alter_table('news_issue_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_news_issue_item_issue_id'), ['issue_id'], unique=False)


def downgrade() -> None:
    op.drop_table('news_issue_item')
    op.drop_table('news_issue_section')
    op.drop_table('news_issue')
