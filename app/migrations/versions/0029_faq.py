"""faq: FAQ entries (question, Markdown answer, category, audience, order, state, はい/いいえ counters,
the needs_redaction flag of drafts made from inquiries) and the per-browser, per-day vote ledger

Revision ID: 0029_faq
Revises: 0028_content
Create Date: 2026-12-07 06:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0029_faq'
down_revision = '0028_content'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'faq_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('question', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column('answer', sa.Text(), nullable=False),
        sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('audience', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('search_text', sa.Text(), server_default='', nullable=False),
        sa.Column('helpful_count', sa.Integer(), nullable=False),
        sa.Column('unhelpful_count', sa.Integer(), nullable=False),
        sa.Column('needs_redaction', sa.Boolean(), nullable=False),
        sa.Column('source_inquiry_id', sa.Integer(), nullable=True),
        sa.Column('redacted_by', sa.Integer(), nullable=True),
        sa.Column('redacted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.Column('updated_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('published_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_faq_entry')),
    )
    with op.batch_alter_table('faq_entry', schema=None) as batch_op:
        batch_op.create_index('ix_faq_entry_category_position', ['category', 'position'], unique=False)
        batch_op.create_index('ix_faq_entry_status_category_position', ['status', 'category', 'position'], unique=False)
        batch_op.create_index(batch_op.f('ix_faq_entry_unhelpful_count'), ['unhelpful_count'], unique=False)

    op.create_table(
        'faq_vote',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('entry_id', sa.Integer(), nullable=False),
        sa.Column('voter', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('helpful', sa.Boolean(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['entry_id'], ['faq_entry.id'], name=op.f('fk_faq_vote_entry_id_faq_entry'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_faq_vote')),
        sa.UniqueConstraint('entry_id', 'voter', 'day', name='uq_faq_vote_entry_id_voter_day'),
    )
    with op.batch_alter_table('faq_vote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_faq_vote_day'), ['day'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('faq_vote', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_faq_vote_day'))

    op.drop_table('faq_vote')
    with op.batch_alter_table('faq_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_faq_entry_unhelpful_count'))
        batch_op.drop_index('ix_faq_entry_status_category_position')
        batch_op.drop_index('ix_faq_entry_category_position')

    op.drop_table('faq_entry')
