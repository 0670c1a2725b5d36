"""keyword index: résumé text as two-character tokens, FTS5 on SQLite, GIN on PostgreSQL

Revision ID: 0011_keyword_index
Revises: 0010_applications
Create Date: 2026-11-22 00:06:50.654180
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0011_keyword_index'
down_revision = '0010_applications'
branch_labels = None
depends_on = None


# SQLite: an FTS5 table over resume.search_grams, kept in step by triggers. The 'delete' rows
# must repeat the old text exactly, which only a trigger can promise. A later batch migration
# that rebuilds the resume table drops these triggers and must create them again.
SQLITE_UP = [
    "CREATE VIRTUAL TABLE resume_fts USING fts5(search_grams, content='resume', content_rowid='id')",
    """CREATE TRIGGER resume_fts_insert AFTER INSERT ON resume BEGIN
         INSERT INTO resume_fts(rowid, search_grams) VALUES (new.id, new.search_grams); END""",
    """CREATE TRIGGER resume_fts_delete AFTER DELETE ON resume BEGIN
         INSERT INTO resume_fts(resume_fts, rowid, search_grams) VALUES ('delete', old.id, old.search_grams); END""",
    """CREATE TRIGGER resume_fts_update AFTER UPDATE OF search_grams ON resume BEGIN
         INSERT INTO resume_fts(resume_fts, rowid, search_grams) VALUES ('delete', old.id, old.search_grams);
         INSERT INTO resume_fts(rowid, search_grams) VALUES (new.id, new.search_grams); END""",
    "INSERT INTO resume_fts(resume_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = ["DROP TRIGGER resume_fts_update", "DROP TRIGGER resume_fts_delete", "DROP TRIGGER resume_fts_insert",
               "DROP TABLE resume_fts"]
# PostgreSQL: the tokens as a stored tsvector with a GIN index. Stored, because a filter that
# recomputed to_tsvector for each candidate row made a common keyword 3× slower than LIKE.
POSTGRES_UP = [
    "ALTER TABLE resume ADD COLUMN search_vector tsvector"
    " GENERATED ALWAYS AS (to_tsvector('simple', search_grams)) STORED",
    "CREATE INDEX ix_resume_search_vector ON resume USING gin (search_vector)",
]
POSTGRES_DOWN = ["DROP INDEX ix_resume_search_vector", "ALTER TABLE resume DROP COLUMN search_vector"]


def _backfill() -> None:
    from features.talent.keywords import index_text, normalize

    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, search_text FROM resume")).all()
    for resume_id, search_text in rows:
        connection.execute(sa.text("UPDATE resume SET search_text = :text, search_grams = :grams WHERE id = :id"),
                           {"text": normalize(search_text), "grams": index_text(search_text), "id": resume_id})


def upgrade() -> None:
    with op.batch_alter_table('resume', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_grams', sa.Text(), server_default='', nullable=False))
    _backfill()
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_UP if sqlite else POSTGRES_UP:
        op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_DOWN if sqlite else POSTGRES_DOWN:
        op.execute(statement)
    with op.batch_alter_table('resume', schema=None) as batch_op:
        batch_op.drop_column('search_grams')
