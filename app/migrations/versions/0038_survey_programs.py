"""survey_programs: 定期アンケート (programs and their quarterly rounds) and the one-answer-per-browser
ledger of the public 認知度アンケート

Revision ID: 0038_survey_programs
Revises: 0037_talent_search
Create Date: 2026-12-07 10:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0038_survey_programs'
down_revision = '0037_talent_search'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'survey_program',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column('template_survey_id', sa.Integer(), nullable=False),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.Column('open_day', sa.Integer(), nullable=False),
        sa.Column('reminder_days', sa.Integer(), nullable=False),
        sa.Column('answer_days', sa.Integer(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['template_survey_id'], ['survey.id'], name=op.f('fk_survey_program_template_survey_id_survey')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_program')),
        sa.UniqueConstraint('key', name=op.f('uq_survey_program_key')),
    )
    op.create_table(
        'survey_program_round',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('program_id', sa.Integer(), nullable=False),
        sa.Column('quarter_start', sa.Date(), nullable=False),
        sa.Column('survey_id', sa.Integer(), nullable=True),
        sa.Column('score_question_id', sa.Integer(), nullable=True),
        sa.Column('targets', sa.Integer(), nullable=False),
        sa.Column('opened_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['program_id'], ['survey_program.id'], name=op.f('fk_survey_program_round_program_id_survey_program')
        ),
        sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_survey_program_round_survey_id_survey')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_program_round')),
        sa.UniqueConstraint('program_id', 'quarter_start', name='uq_survey_program_round_quarter'),
    )
    with op.batch_alter_table('survey_program_round', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_program_round_program_id'), ['program_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_program_round_quarter_start'), ['quarter_start'], unique=False)
    op.create_table(
        'survey_public_voter',
        sa.Column('survey_id', sa.Integer(), nullable=False),
        sa.Column('voter', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_survey_public_voter_survey_id_survey')),
        sa.PrimaryKeyConstraint('survey_id', 'voter', name=op.f('pk_survey_public_voter')),
    )


def downgrade() -> None:
    op.drop_table('survey_public_voter')
    with op.batch_alter_table('survey_program_round', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_program_round_quarter_start'))
        batch_op.drop_index(batch_op.f('ix_survey_program_round_program_id'))
    op.drop_table('survey_program_round')
    op.drop_table('survey_program')
