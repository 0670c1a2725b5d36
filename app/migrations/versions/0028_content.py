"""content: articles and pages (コラム, 特集, 進路情報, 活用法, 案内ページ), their versions, tags and lead images

Revision ID: 0028_content
Revises: 0027_mailing_authors
Create Date: 2026-12-07 06:39:47
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0028_content'
down_revision = '0027_mailing_authors'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'content_image',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('stored_name', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('original_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('widths', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('uploaded_by', sa.Integer(), nullable=True),
        sa.Column('uploaded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_content_image')),
        sa.UniqueConstraint('stored_name', name=op.f('uq_content_image_stored_name')),
    )
    op.create_table(
        'content_item',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('revision_state', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('working_title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('latest_version_id', sa.Integer(), nullable=True),
        sa.Column('published_version_id', sa.Integer(), nullable=True),
        sa.Column('slug', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('audience', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('tags', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column('series_number', sa.Integer(), nullable=True),
        sa.Column('author', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column('affiliation', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column('summary', sa.Text(), server_default='', nullable=False),
        sa.Column('body', sa.Text(), server_default='', nullable=False),
        sa.Column('image_id', sa.Integer(), nullable=True),
        sa.Column('image_alt', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('publish_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('published_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.Column('submitted_by', sa.Integer(), nullable=True),
        sa.Column('submitted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('return_reason', sa.Text(), server_default='', nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_content_item')),
        sa.UniqueConstraint('kind', 'series_number', name='uq_content_item_kind_series_number'),
        sa.UniqueConstraint('slug', name=op.f('uq_content_item_slug')),
    )
    with op.batch_alter_table('content_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_content_item_audience'), ['audience'], unique=False)
        batch_op.create_index(batch_op.f('ix_content_item_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_content_item_image_id'), ['image_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_content_item_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_content_item_publish_at'), ['publish_at'], unique=False)
        batch_op.create_index('ix_content_item_status_published_at', ['status', 'published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_content_item_submitted_at'), ['submitted_at'], unique=False)

    op.create_table(
        'content_tag',
        sa.Column('item_id', sa.Integer(), nullable=False),
        sa.Column('tag', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.ForeignKeyConstraint(
            ['item_id'], ['content_item.id'], name=op.f('fk_content_tag_item_id_content_item'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('item_id', 'tag', name=op.f('pk_content_tag')),
    )
    with op.batch_alter_table('content_tag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_content_tag_tag'), ['tag'], unique=False)

    op.create_table(
        'content_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('item_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('data', sa.Text(), server_default='{}', nullable=False),
        sa.Column('saved_by', sa.Integer(), nullable=True),
        sa.Column('saved_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['item_id'], ['content_item.id'], name=op.f('fk_content_version_item_id_content_item'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_content_version')),
        sa.UniqueConstraint('item_id', 'number', name='uq_content_version_item_id_number'),
    )
    with op.batch_alter_table('content_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_content_version_item_id'), ['item_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('content_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_content_version_item_id'))

    op.drop_table('content_version')
    with op.batch_alter_table('content_tag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_content_tag_tag'))

    op.drop_table('content_tag')
    with op.batch_alter_table('content_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_content_item_submitted_at'))
        batch_op.drop_index('ix_content_item_status_published_at')
        batch_op.drop_index(batch_op.f('ix_content_item_publish_at'))
        batch_op.drop_index(batch_op.f('ix_content_item_kind'))
        batch_op.drop_index(batch_op.f('ix_content_item_image_id'))
        batch_op.drop_index(batch_op.f('ix_content_item_category'))
        batch_op.drop_index(batch_op.f('ix_content_item_audience'))

    op.drop_table('content_item')
    op.drop_table('content_image')
