"""mailings: メール配信 (mailing, its recipients resolved at send time, one row per person and
mailing) and the template library with versions

Revision ID: 0023_mailings
Revises: 0022_mail_preferences
Create Date: 2026-12-07 03:05:49.749459
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0023_mailings'
down_revision = '0022_mail_preferences'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'mailing',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('audience_kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('audience_filters', sa.Text(), server_default='{}', nullable=False),
        sa.Column('audience_description', sa.Text(), server_default='', nullable=False),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('origin', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column('template_id', sa.Integer(), nullable=True),
        sa.Column('created_by', sa.Integer(), nullable=False),
        sa.Column('submitted_by', sa.Integer(), nullable=True),
        sa.Column('approved_by', sa.Integer(), nullable=True),
        sa.Column('approved_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('send_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('started_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('finished_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['approved_by'], ['user_account.id'], name=op.f('fk_mailing_approved_by_user_account')),
        sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_mailing_created_by_user_account')),
        sa.ForeignKeyConstraint(
            ['submitted_by'], ['user_account.id'], name=op.f('fk_mailing_submitted_by_user_account')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_mailing')),
    )
    with op.batch_alter_table('mailing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mailing_send_at'), ['send_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_mailing_status'), ['status'], unique=False)

    op.create_table(
        'mailing_template',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('updated_by', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['updated_by'], ['user_account.id'], name=op.f('fk_mailing_template_updated_by_user_account')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_mailing_template')),
    )
    op.create_table(
        'mailing_recipient',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('mailing_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('outbox_id', sa.Integer(), nullable=True),
        sa.Column('queued_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['mailing_id'], ['mailing.id'], name=op.f('fk_mailing_recipient_mailing_id_mailing')),
        sa.ForeignKeyConstraint(
            ['user_id'],
            ['user_account.id'],
            name=op.f('fk_mailing_recipient_user_id_user_account'),
            ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_mailing_recipient')),
        sa.UniqueConstraint('mailing_id', 'user_id', name='uq_mailing_recipient_mailing_user'),
    )
    with op.batch_alter_table('mailing_recipient', schema=None) as batch_op:
        batch_op.create_index('ix_mailing_recipient_mailing_status', ['mailing_id', 'status', 'id'], unique=False)

    op.create_table(
        'mailing_template_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('template_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('changed_by', sa.Integer(), nullable=False),
        sa.Column('changed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ['changed_by'], ['user_account.id'], name=op.f('fk_mailing_template_version_changed_by_user_account')
        ),
        sa.ForeignKeyConstraint(
            ['template_id'],
            ['mailing_template.id'],
            name=op.f('fk_mailing_template_version_template_id_mailing_template'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_mailing_template_version')),
        sa.UniqueConstraint('template_id', 'version', name='uq_mailing_template_version'),
    )


def downgrade() -> None:
    op.drop_table('mailing_template_version')
    with op.batch_alter_table('mailing_recipient', schema=None) as batch_op:
        batch_op.drop_index('ix_mailing_recipient_mailing_status')

    op.drop_table('mailing_recipient')
    op.drop_table('mailing_template')
    with op.batch_alter_table('mailing', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mailing_status'))
        batch_op.drop_index(batch_op.f('ix_mailing_send_at'))

    op.drop_table('mailing')
