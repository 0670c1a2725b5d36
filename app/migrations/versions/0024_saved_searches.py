"""saved_searches: 保存した検索条件 with their alert watermark (and, for 人材閲覧, the packed ids
already reported)

Revision ID: 0024_saved_searches
Revises: 0023_mailings
Create Date: 2026-12-07 03:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0024_saved_searches'
down_revision = '0023_mailings'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'saved_search',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('scope', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column('query', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column('frequency', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('last_alerted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('reported_ids', sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user_account.id'], name=op.f('fk_saved_search_user_id_user_account'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_search')),
    )
    op.create_index('ix_saved_search_due', 'saved_search', ['frequency', 'last_alerted_at'], unique=False)
    op.create_index(op.f('ix_saved_search_user_id'), 'saved_search', ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_saved_search_user_id'), table_name='saved_search')
    op.drop_index('ix_saved_search_due', table_name='saved_search')
    op.drop_table('saved_search')
