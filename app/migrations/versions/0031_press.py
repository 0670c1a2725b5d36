"""press: プレスリリース (organizations' press releases, reviewed by the secretariat) and their images

Revision ID: 0031_press
Revises: 0030_inquiries
Create Date: 2026-12-07 06:39:42.861961
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0031_press'
down_revision = '0030_inquiries'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'press_release',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organization_id', sa.Integer(), nullable=False),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('announced_on', sa.Date(), nullable=True),
        sa.Column('body', sa.Text(), server_default='', nullable=False),
        sa.Column('contact_department', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column('contact_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column('contact_phone', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column('contact_email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column('pdf_stored_name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('pdf_original_name', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column('pdf_size', sa.Integer(), nullable=False),
        sa.Column('return_reason', sa.Text(), server_default='', nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('submitted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('reviewed_by', sa.Integer(), nullable=True),
        sa.Column('approved_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('returned_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('withdrawn_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ['organization_id'], ['organization.id'], name=op.f('fk_press_release_organization_id_organization')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_press_release')),
    )
    with op.batch_alter_table('press_release', schema=None) as batch_op:
        batch_op.create_index(
            'ix_press_release_org_public', ['organization_id', 'status', 'announced_on'], unique=False
        )
        batch_op.create_index('ix_press_release_public', ['status', 'announced_on', 'approved_at'], unique=False)
        batch_op.create_index('ix_press_release_queue', ['status', 'submitted_at'], unique=False)

    op.create_table(
        'press_image',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('release_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('stored_name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('alt', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['release_id'],
            ['press_release.id'],
            name=op.f('fk_press_image_release_id_press_release'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_press_image')),
    )
    with op.batch_alter_table('press_image', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_press_image_release_id'), ['release_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('press_image', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_press_image_release_id'))

    op.drop_table('press_image')
    with op.batch_alter_table('press_release', schema=None) as batch_op:
        batch_op.drop_index('ix_press_release_queue')
        batch_op.drop_index('ix_press_release_public')
        batch_op.drop_index('ix_press_release_org_public')

    op.drop_table('press_release')
