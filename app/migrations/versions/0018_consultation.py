"""consultation: 対面相談 slots, bookings and 相談記録

Revision ID: 0018_consultation
Revises: 0016_surveys
Create Date: 2026-12-03 06:20:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0018_consultation'
down_revision = '0017b_seminar_followup'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'consultation_slot',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('counselor_user_id', sa.Integer(), nullable=False),
        sa.Column('starts_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('ends_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['counselor_user_id'], ['user_account.id'], name=op.f('fk_consultation_slot_counselor_user_id_user_account')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_slot')),
        sa.UniqueConstraint('counselor_user_id', 'starts_at', name=op.f('uq_consultation_slot_counselor_user_id')),
    )
    with op.batch_alter_table('consultation_slot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_slot_counselor_user_id'), ['counselor_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_slot_starts_at'), ['starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_slot_status'), ['status'], unique=False)

    op.create_table(
        'consultation_booking',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('slot_id', sa.Integer(), nullable=False),
        sa.Column('active_slot_id', sa.Integer(), nullable=True),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('counselor_user_id', sa.Integer(), nullable=False),
        sa.Column('starts_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('ends_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('sheet', sa.Text(), server_default='', nullable=False),
        sa.Column('share_resume', sa.Boolean(), nullable=False),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('sequence', sa.Integer(), nullable=False),
        sa.Column('reminder_sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('cancelled_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('cancelled_by', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ['active_slot_id'],
            ['consultation_slot.id'],
            name=op.f('fk_consultation_booking_active_slot_id_consultation_slot'),
        ),
        sa.ForeignKeyConstraint(
            ['counselor_user_id'],
            ['user_account.id'],
            name=op.f('fk_consultation_booking_counselor_user_id_user_account'),
        ),
        sa.ForeignKeyConstraint(
            ['slot_id'], ['consultation_slot.id'], name=op.f('fk_consultation_booking_slot_id_consultation_slot')
        ),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user_account.id'], name=op.f('fk_consultation_booking_user_id_user_account')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_booking')),
        sa.UniqueConstraint('active_slot_id', name=op.f('uq_consultation_booking_active_slot_id')),
    )
    with op.batch_alter_table('consultation_booking', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_consultation_booking_counselor_user_id'), ['counselor_user_id'], unique=False
        )
        batch_op.create_index(batch_op.f('ix_consultation_booking_slot_id'), ['slot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_booking_starts_at'), ['starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_booking_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_booking_user_id'), ['user_id'], unique=False)

    op.create_table(
        'consultation_record',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('booking_id', sa.Integer(), nullable=False),
        sa.Column('counselor_user_id', sa.Integer(), nullable=False),
        sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('content', sa.Text(), server_default='', nullable=False),
        sa.Column('next_steps', sa.Text(), server_default='', nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['booking_id'],
            ['consultation_booking.id'],
            name=op.f('fk_consultation_record_booking_id_consultation_booking'),
        ),
        sa.ForeignKeyConstraint(
            ['counselor_user_id'],
            ['user_account.id'],
            name=op.f('fk_consultation_record_counselor_user_id_user_account'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_record')),
        sa.UniqueConstraint('booking_id', name=op.f('uq_consultation_record_booking_id')),
    )
    with op.batch_alter_table('consultation_record', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_consultation_record_counselor_user_id'), ['counselor_user_id'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('consultation_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_record_counselor_user_id'))
    op.drop_table('consultation_record')
    with op.batch_alter_table('consultation_booking', schema=None) as batch_op:
        for name in ('user_id', 'status', 'starts_at', 'slot_id', 'counselor_user_id'):
            batch_op.drop_index(batch_op.f(f'ix_consultation_booking_{name}'))
    op.drop_table('consultation_booking')
    with op.batch_alter_table('consultation_slot', schema=None) as batch_op:
        for name in ('status', 'starts_at', 'counselor_user_id'):
            batch_op.drop_index(batch_op.f(f'ix_consultation_slot_{name}'))
    op.drop_table('consultation_slot')
