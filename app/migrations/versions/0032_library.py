"""library: the secretariat's library items (文書テンプレート, マニュアル, 広報ツール) and their file versions

Revision ID: 0032_library
Revises: 0031_press
Create Date: 2026-12-07 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0032_library'
down_revision = '0031_press'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'library_item',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('description', sa.Text(), server_default='', nullable=False),
        sa.Column('audience', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('current_version', sa.Integer(), nullable=False),
        sa.Column('last_confirmed_on', sa.Date(), nullable=True),
        sa.Column('confirmed_by', sa.Integer(), nullable=True),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_library_item')),
    )
    with op.batch_alter_table('library_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_library_item_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_library_item_audience'), ['audience'], unique=False)
        batch_op.create_index(batch_op.f('ix_library_item_last_confirmed_on'), ['last_confirmed_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_library_item_updated_at'), ['updated_at'], unique=False)
    op.create_table(
        'library_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('item_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column('stored_name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('original_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('width', sa.Integer(), nullable=True),
        sa.Column('height', sa.Integer(), nullable=True),
        sa.Column('thumbnail_name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column('uploaded_by', sa.Integer(), nullable=True),
        sa.Column('uploaded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['item_id'], ['library_item.id'], name=op.f('fk_library_version_item_id_library_item'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_library_version')),
        sa.UniqueConstraint('item_id', 'number', name='uq_library_version_item_id_number'),
    )
    with op.batch_alter_table('library_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_library_version_item_id'), ['item_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('library_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_library_version_item_id'))
    op.drop_table('library_version')
    with op.batch_alter_table('library_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_library_item_updated_at'))
        batch_op.drop_index(batch_op.f('ix_library_item_last_confirmed_on'))
        batch_op.drop_index(batch_op.f('ix_library_item_audience'))
        batch_op.drop_index(batch_op.f('ix_library_item_category'))
    op.drop_table('library_item')
