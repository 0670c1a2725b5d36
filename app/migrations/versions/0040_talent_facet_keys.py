"""talent_facet_keys: the search facets as keys in the keyword index, so facets and a keyword meet in one lookup

「3 filters + 保健」 (業務経験 health ≥ 3 years, English ≥ B, 海外, 保健) walked the findable résumés in
order and asked each one for its facets and its text: ~17,000 candidates to count to 1,000, 200+ ms.
Each résumé now also carries its facets as words — `<kind>_<code>_<n>` for every n from 0 up to
its value (years, language level), at most 40 — in resume_text.facet_keys, and the keyword index
holds them: one lookup answers "has health ≥ 3 and en ≥ 2 and contains 保健".

- SQLite: resume_fts is made again with a second column, facet_keys ('_' is a letter to its
  tokenizer, so a key stays one token; the keyword column never holds a '_'); its triggers follow
  both columns.
- PostgreSQL: one GIN index on the tsvector and the keys as an array (`string_to_array(facet_keys,
  ' ') @> …`), replacing 0011's on the tsvector alone, so that keys and words are intersected
  inside the index. With the keys in an index of their own the planner read the keys' matches
  (12,000 rows for health ≥ 3 ∧ en ≥ B) and tested each one's out-of-line tsvector for 保健
  (44,000 TOAST pages, 120–220 ms) instead of ANDing the two bitmaps (it does not cost the
  detoasting; no statistics sample changed its mind); with the tsvector's own index beside this one,
  it may read every 保健 and test the keys. With one index, both conditions are its conditions,
  whatever the estimates: 5,700 rows read, 10–25 ms. A keyword alone reads the first column as it
  read 0011's index. The name starts with ix_resume_search_vector, the prefix app.db leaves out of
  the model comparison (it is an engine-specific expression index).
- ix_resume_listed_until also holds updated_at and user_id: the findable résumés joined with such a
  set (and sorted) come from the index alone instead of the wide rows; ix_resume_updated_listed
  holds user_id: the walk to 1,001 matches in order reads no row but the ones it probes.

Rows are filled here from talent_facet with the same rule as features/talent/facet_keys.py (frozen
below); the application keeps them from then on (features/talent/service.py refresh_index).

Revision ID: 0040_talent_facet_keys
Revises: 0039_talent_capped_search
Create Date: 2026-12-07 16:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0040_talent_facet_keys'
down_revision = '0039_talent_capped_search'
branch_labels = None
depends_on = None

MAX_VALUE = 40  # keys for values 0 … 40; a filter above it is answered from talent_facet


def _fts(columns: str, tokenize: str) -> list[str]:
    values = ", ".join(f"new.{c}" for c in columns.split(", "))
    old = ", ".join(f"old.{c}" for c in columns.split(", "))
    return [
        f"CREATE VIRTUAL TABLE resume_fts USING fts5({columns}, content='resume_text',"
        f" content_rowid='resume_id'{tokenize})",
        f"""CREATE TRIGGER resume_fts_insert AFTER INSERT ON resume_text BEGIN
             INSERT INTO resume_fts(rowid, {columns}) VALUES (new.resume_id, {values}); END""",
        f"""CREATE TRIGGER resume_fts_delete AFTER DELETE ON resume_text BEGIN
             INSERT INTO resume_fts(resume_fts, rowid, {columns}) VALUES ('delete', old.resume_id, {old}); END""",
        f"""CREATE TRIGGER resume_fts_update AFTER UPDATE OF {columns} ON resume_text BEGIN
             INSERT INTO resume_fts(resume_fts, rowid, {columns}) VALUES ('delete', old.resume_id, {old});
             INSERT INTO resume_fts(rowid, {columns}) VALUES (new.resume_id, {values}); END""",
        "INSERT INTO resume_fts(resume_fts) VALUES ('rebuild')",
    ]


SQLITE_DROP = [
    "DROP TRIGGER resume_fts_update",
    "DROP TRIGGER resume_fts_delete",
    "DROP TRIGGER resume_fts_insert",
    "DROP TABLE resume_fts",
]
SQLITE_FILL = f"""
    UPDATE resume_text SET facet_keys = COALESCE((
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {MAX_VALUE})
        SELECT group_concat(lower(f.kind || '_' || f.code || '_' || n.i), ' ')
        FROM talent_facet f JOIN n ON n.i <= f.value
        WHERE f.resume_id = resume_text.resume_id AND f.code != '' AND f.code NOT GLOB '*[^A-Za-z0-9_]*'
    ), '')"""
POSTGRES_FILL = f"""
    UPDATE resume_text SET facet_keys = keys.k FROM (
        SELECT f.resume_id, string_agg(lower(f.kind || '_' || f.code || '_' || n.i), ' ') AS k
        FROM talent_facet f JOIN generate_series(0, {MAX_VALUE}) n(i) ON n.i <= f.value
        WHERE f.code ~ '^[A-Za-z0-9_]+$' GROUP BY f.resume_id
    ) keys WHERE keys.resume_id = resume_text.resume_id"""
POSTGRES_INDEX = "ix_resume_search_vector_facet_keys"
KEYWORD_INDEX = "ix_resume_search_vector"  # 0011's, on the tsvector alone: the first column of POSTGRES_INDEX now


def _resume_indexes(listed: list[str], updated: list[str]) -> None:
    # Plain index operations, not a batch: a batch may rebuild the table on SQLite and lose its triggers.
    for name, columns in (('ix_resume_listed_until', listed), ('ix_resume_updated_listed', updated)):
        op.drop_index(name, table_name='resume')
        op.create_index(name, 'resume', columns, unique=False)


def upgrade() -> None:
    op.add_column('resume_text', sa.Column('facet_keys', sa.Text(), server_default='', nullable=False))
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.execute(SQLITE_FILL if sqlite else POSTGRES_FILL)
    if sqlite:
        for statement in SQLITE_DROP + _fts("search_grams, facet_keys", ", tokenize=\"unicode61 tokenchars '_'\""):
            op.execute(statement)
    else:
        op.execute(f"DROP INDEX {KEYWORD_INDEX}")
        op.execute(
            f"CREATE INDEX {POSTGRES_INDEX} ON resume_text USING gin (search_vector, string_to_array(facet_keys, ' '))"
        )
    _resume_indexes(
        ['listed_until', 'wish_location', 'id', 'updated_at', 'user_id'],
        ['updated_at', 'id', 'listed_until', 'user_id'],
    )
    if not sqlite:
        # The planner sizes a search's sets from the statistics of the new index's expression: until
        # ANALYZE it guesses 2 rows for any keys and walks 23,000 résumés (1.4 s) to find 1,400.
        op.execute("ANALYZE resume_text")
        op.execute("ANALYZE resume")


def downgrade() -> None:
    _resume_indexes(['listed_until', 'wish_location', 'id'], ['updated_at', 'id', 'listed_until'])
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_DROP + _fts("search_grams", ""):
            op.execute(statement)
    else:
        op.execute(f"DROP INDEX {POSTGRES_INDEX}")
        op.execute(f"CREATE INDEX {KEYWORD_INDEX} ON resume_text USING gin (search_vector)")
    op.drop_column('resume_text', 'facet_keys')
