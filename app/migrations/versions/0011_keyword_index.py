"""keyword index: résumé text in its own table as two-character tokens, FTS5 on SQLite, GIN on PostgreSQL

Revision ID: 0011_keyword_index
Revises: 0010_applications
Create Date: 2026-11-22 00:06:50.654180
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = '0011_keyword_index'
down_revision = '0010_applications'
branch_labels = None
depends_on = None


# SQLite: an FTS5 table over resume_text.search_grams, kept in step by triggers. The 'delete' rows
# must repeat the old text exactly, which only a trigger can promise. A later batch migration
# that rebuilds resume_text drops these triggers and must create them again.
SQLITE_UP = [
    "CREATE VIRTUAL TABLE resume_fts USING fts5(search_grams, content='resume_text', content_rowid='resume_id')",
    """CREATE TRIGGER resume_fts_insert AFTER INSERT ON resume_text BEGIN
         INSERT INTO resume_fts(rowid, search_grams) VALUES (new.resume_id, new.search_grams); END""",
    """CREATE TRIGGER resume_fts_delete AFTER DELETE ON resume_text BEGIN
         INSERT INTO resume_fts(resume_fts, rowid, search_grams)
           VALUES ('delete', old.resume_id, old.search_grams); END""",
    """CREATE TRIGGER resume_fts_update AFTER UPDATE OF search_grams ON resume_text BEGIN
         INSERT INTO resume_fts(resume_fts, rowid, search_grams) VALUES ('delete', old.resume_id, old.search_grams);
         INSERT INTO resume_fts(rowid, search_grams) VALUES (new.resume_id, new.search_grams); END""",
    "INSERT INTO resume_fts(resume_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER resume_fts_update",
    "DROP TRIGGER resume_fts_delete",
    "DROP TRIGGER resume_fts_insert",
    "DROP TABLE resume_fts",
]
# PostgreSQL: the tokens as a stored tsvector with a GIN index. Stored, because a filter that
# recomputed to_tsvector for each candidate row made a common keyword 3× slower than LIKE.
POSTGRES_UP = [
    "ALTER TABLE resume_text ADD COLUMN search_vector tsvector"
    " GENERATED ALWAYS AS (to_tsvector('simple', search_grams)) STORED",
    "CREATE INDEX ix_resume_search_vector ON resume_text USING gin (search_vector)",
]
POSTGRES_DOWN = ["DROP INDEX ix_resume_search_vector", "ALTER TABLE resume_text DROP COLUMN search_vector"]


# A frozen copy of the tokenizer as it was when this migration was written (features/talent/keywords.py
# at 0011): a later change to the live tokenizer must come with a migration of its own that rebuilds
# the index, never silently change what this one did.
def _normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _kind(char: str) -> str:
    if not char.isalnum():
        return ""
    if char.isascii() or unicodedata.name(char, "").startswith("LATIN"):
        return "word"
    return "pairs"


def _index_text(text: str) -> str:
    runs: list[tuple[str, str]] = []
    for char in _normalize(text):
        kind = _kind(char)
        if kind and runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1] + char)
        elif kind:
            runs.append((kind, char))
        elif runs and runs[-1][0]:
            runs.append(("", ""))
    result: list[str] = []
    for kind, run in (r for r in runs if r[0]):
        if kind == "word" or len(run) == 1:
            result.append(run)
        else:
            result.extend(run[i : i + 2] for i in range(len(run) - 1))
    return " ".join(result)


def upgrade() -> None:
    op.create_table(
        'resume_text',
        sa.Column('resume_id', sa.Integer(), nullable=False),
        sa.Column('search_text', sa.Text(), server_default='', nullable=False),
        sa.Column('search_grams', sa.Text(), server_default='', nullable=False),
        sa.ForeignKeyConstraint(['resume_id'], ['resume.id'], name=op.f('fk_resume_text_resume_id_resume')),
        sa.PrimaryKeyConstraint('resume_id', name=op.f('pk_resume_text')),
    )
    connection = op.get_bind()
    for resume_id, search_text in connection.execute(sa.text("SELECT id, search_text FROM resume")).all():
        connection.execute(
            sa.text("INSERT INTO resume_text (resume_id, search_text, search_grams) VALUES (:id, :text, :grams)"),
            {"id": resume_id, "text": _normalize(search_text), "grams": _index_text(search_text)},
        )
    with op.batch_alter_table('resume', schema=None) as batch_op:
        batch_op.drop_column('search_text')
    for statement in SQLITE_UP if connection.dialect.name == "sqlite" else POSTGRES_UP:
        op.execute(statement)


def downgrade() -> None:
    connection = op.get_bind()
    for statement in SQLITE_DOWN if connection.dialect.name == "sqlite" else POSTGRES_DOWN:
        op.execute(statement)
    with op.batch_alter_table('resume', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.Text(), server_default='', nullable=False))
    op.execute(
        "UPDATE resume SET search_text = (SELECT search_text FROM resume_text WHERE resume_id = resume.id)"
        " WHERE id IN (SELECT resume_id FROM resume_text)"
    )
    op.drop_table('resume_text')
