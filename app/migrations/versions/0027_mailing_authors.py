"""mailing_authors: every staff member who wrote a mailing's content, so none of them approves it

Revision ID: 0027_mailing_authors
Revises: 0026_audience_indexes
Create Date: 2026-12-07 04:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0027_mailing_authors'
down_revision = '0026_audience_indexes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('mailing', schema=None) as batch_op:
        batch_op.add_column(sa.Column('author_ids', sa.Text(), server_default='', nullable=False))
    # Mailings written before: their writer and submitter are their known authors.
    op.execute(
        "UPDATE mailing SET author_ids = CASE"
        " WHEN submitted_by IS NULL OR submitted_by = created_by THEN CAST(created_by AS TEXT)"
        " ELSE CAST(created_by AS TEXT) || ',' || CAST(submitted_by AS TEXT) END"
    )


def downgrade() -> None:
    with op.batch_alter_table('mailing', schema=None) as batch_op:
        batch_op.drop_column('author_ids')
