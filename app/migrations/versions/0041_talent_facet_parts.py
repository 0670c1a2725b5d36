"""talent_facet_parts: PostgreSQL's keyword index also holds each résumé's part, so a broad set is counted part by part

At 1,000,000 people 「3 filters + 保健」's facet keys and keyword have ~57,000 members: too many to read
whole from the index for a page (80–100 ms, growing with the people), so the search walked the
findable résumés asking each one — and its count to 1,001 asked 17,000 of them (110–240 ms). The
index's key array now also holds `~<resume_id / 20000>`, the résumé's part (an expression: nothing
stored, nothing to keep up to date), so one lookup answers "these keys and this word, in part n" —
the size of a part's share of the set — and the count reads parts in order until it has 1,001
(features/talent/search.py _counted_in_parts): the same few parts at 100,000 people or a million.

Each member of a part is then asked whether it is findable (and 希望勤務地) — 4,000 of them for a
count to 1,001 — from the new ix_resume_id_listed alone: through the primary key every one read its
wide résumé row (6–9 µs each, half the count's time). With updated_at and user_id, a set that drives
(「手話通訳」: 310 people at a million) is sorted and shown from it too.

The keyword index replaces 0040's (same first column, the tsvector; the keys array gains the part); its name
keeps the prefix app.db leaves out of the model comparison.

SQLite's FTS5 has no expression index: its facet_keys column indexes `<keys> part_<resume_id / 20000>`
(one token: '_' is a letter to its tokenizer, and no facet key has the shape part_<n>). resume_fts is
made again with a view as its external content, resume_fts_content — resume_text with the part
token added to facet_keys — so what its triggers write is what a 'rebuild' reads, and nothing is
stored twice in resume_text; the data migration is the rebuild (with ix_resume_id_listed: 1.5 min
for a million résumés). 「3 filters + 保健」 at a million: p50/p95 80/151 ms → 14/19 ms, as at 100,000.
The view's name keeps the resume_fts prefix app.db leaves out.

Revision ID: 0041_talent_facet_parts
Revises: 0040_talent_facet_keys
Create Date: 2026-12-07 19:20:00
"""

from __future__ import annotations

from alembic import op

revision = '0041_talent_facet_parts'
down_revision = '0040_talent_facet_keys'
branch_labels = None
depends_on = None

PART = 20000  # features/talent/facet_keys.py PART, frozen here
OLD_INDEX = "ix_resume_search_vector_facet_keys"
NEW_INDEX = "ix_resume_search_vector_facet_parts"
OLD_KEYS = "string_to_array(facet_keys, ' ')"
NEW_KEYS = f"string_to_array(facet_keys || ' ~' || (resume_id / {PART}), ' ')"


SQLITE_TOKENIZE = "tokenize=\"unicode61 tokenchars '_'\""  # 0040's
SQLITE_CONTENT = "resume_fts_content"
SQLITE_DROP = [
    "DROP TRIGGER resume_fts_update",
    "DROP TRIGGER resume_fts_delete",
    "DROP TRIGGER resume_fts_insert",
    "DROP TABLE resume_fts",
]


def _sqlite_fts(content: str, keys: str) -> list[str]:
    """resume_fts on `content` (a table or view with resume_id, search_grams, facet_keys), fed by
    resume_text's triggers with `keys` (an expression of a row `r`: what the facet_keys column indexes)."""
    columns = "search_grams, facet_keys"

    def values(row: str) -> str:
        return f"{row}.resume_id, {row}.search_grams, " + keys.replace("r.", f"{row}.")

    return [
        f"CREATE VIRTUAL TABLE resume_fts USING fts5({columns}, content='{content}',"
        f" content_rowid='resume_id', {SQLITE_TOKENIZE})",
        f"""CREATE TRIGGER resume_fts_insert AFTER INSERT ON resume_text BEGIN
             INSERT INTO resume_fts(rowid, {columns}) VALUES ({values("new")}); END""",
        f"""CREATE TRIGGER resume_fts_delete AFTER DELETE ON resume_text BEGIN
             INSERT INTO resume_fts(resume_fts, rowid, {columns}) VALUES ('delete', {values("old")}); END""",
        f"""CREATE TRIGGER resume_fts_update AFTER UPDATE OF {columns} ON resume_text BEGIN
             INSERT INTO resume_fts(resume_fts, rowid, {columns}) VALUES ('delete', {values("old")});
             INSERT INTO resume_fts(rowid, {columns}) VALUES ({values("new")}); END""",
        "INSERT INTO resume_fts(resume_fts) VALUES ('rebuild')",
    ]


SQLITE_PART_KEYS = f"r.facet_keys || ' part_' || (r.resume_id / {PART})"


def _sqlite_upgrade() -> None:
    view = (
        f"CREATE VIEW {SQLITE_CONTENT} AS SELECT r.resume_id, r.search_grams,"
        f" {SQLITE_PART_KEYS} AS facet_keys FROM resume_text r"
    )
    for statement in [*SQLITE_DROP, view, *_sqlite_fts(SQLITE_CONTENT, SQLITE_PART_KEYS)]:
        op.execute(statement)


def _sqlite_downgrade() -> None:
    for statement in [*SQLITE_DROP, f"DROP VIEW {SQLITE_CONTENT}", *_sqlite_fts("resume_text", "r.facet_keys")]:
        op.execute(statement)


def _index(drop: str, create: str, keys: str) -> None:
    op.execute(f"DROP INDEX {drop}")
    op.execute(f"CREATE INDEX {create} ON resume_text USING gin (search_vector, ({keys}))")
    # The planner sizes the sets from the statistics of the index's expression (see 0040).
    op.execute("ANALYZE resume_text")


def upgrade() -> None:
    columns = ['id', 'listed_until', 'wish_location', 'updated_at', 'user_id']
    op.create_index('ix_resume_id_listed', 'resume', columns, unique=False)
    if op.get_bind().dialect.name == "postgresql":
        _index(OLD_INDEX, NEW_INDEX, NEW_KEYS)
    else:
        _sqlite_upgrade()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _index(NEW_INDEX, OLD_INDEX, OLD_KEYS)
    else:
        _sqlite_downgrade()
    op.drop_index('ix_resume_id_listed', table_name='resume')
