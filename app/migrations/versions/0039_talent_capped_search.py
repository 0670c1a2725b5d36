"""talent_capped_search: the talent search walks the résumés in order and asks each candidate

The search now counts to 1,000 and fills its page by walking the findable résumés in order,
asking each candidate whether it has the facet or contains the keyword, and stops early, instead of
reading every hit of a common word. Two things make that walk cheap:

- PostgreSQL: resume_text.search_text is read per candidate (a plain substring test), so it is kept
  inline in the row, compressed (STORAGE MAIN), instead of out of line in TOAST (0037 set
  toast_tuple_target = 128 so that the tsvector and the text both moved out): one heap read per
  candidate instead of a TOAST index lookup and two more. The tsvector stays out of line. Existing
  rows are rewritten once so they move back.
- The walk over findable résumés (and 希望勤務地) reads the résumé id from the index alone: the id
  joins ix_resume_listed_until (SQLite has it there already as the rowid; harmless).

Revision ID: 0039_talent_capped_search
Revises: 0038_survey_programs
Create Date: 2026-12-07 13:15:00
"""

from __future__ import annotations

from alembic import op

revision = '0039_talent_capped_search'
down_revision = '0038_survey_programs'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain index operations, not a batch: a batch may rebuild the table on SQLite and lose its triggers.
    op.drop_index('ix_resume_listed_until', table_name='resume')
    op.create_index('ix_resume_listed_until', 'resume', ['listed_until', 'wish_location', 'id'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE resume_text ALTER COLUMN search_text SET STORAGE MAIN")
        # A new value is stored anew (the same TOAST pointer would be kept as it is).
        op.execute("UPDATE resume_text SET search_text = search_text || ''")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE resume_text ALTER COLUMN search_text SET STORAGE EXTENDED")
    op.drop_index('ix_resume_listed_until', table_name='resume')
    op.create_index('ix_resume_listed_until', 'resume', ['listed_until', 'wish_location'], unique=False)
