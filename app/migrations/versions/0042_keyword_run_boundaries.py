"""keyword_run_boundaries: '_' between two runs of letters in the keyword index, so SQLite's index decides alone

A keyword of one run of Japanese letters, 手話通訳, is the phrase of its pairs 手話 話通 通訳. Without a
mark between runs, 「手話。話通訳」 held those pairs in a row too, so every hit had its résumé text
read for LIKE — at 1,000,000 people 840 texts for 「手話通訳」, most of the search's 10 ms (1.2 ms at
100,000). With '_' between runs (a letter to the FTS5 tokenizer since 0040, never a token of a
keyword) the pairs are in a row only inside one run: exactly where the text holds the word
(features/talent/keywords.py BOUNDARY, exact). PostgreSQL's parser drops '_' without counting a
position: its tsvector is unchanged, and search_grams is rewritten on both engines so that they hold
the same text.

The data migration tokenizes each résumé's text again (a frozen copy of the tokenizer below); on SQLite
the FTS5 index is rebuilt once instead of row by row through its update trigger.

Revision ID: 0042_keyword_run_boundaries
Revises: 0041_talent_facet_parts
Create Date: 2026-12-07 22:30:00
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = '0042_keyword_run_boundaries'
down_revision = '0041_talent_facet_parts'
branch_labels = None
depends_on = None

BATCH = 2000

# 0041's update trigger, dropped while the rows are rewritten and made again as it was.
_COLUMNS = "search_grams, facet_keys"
_OLD = "old.resume_id, old.search_grams, old.facet_keys || ' part_' || (old.resume_id / 20000)"
_NEW = "new.resume_id, new.search_grams, new.facet_keys || ' part_' || (new.resume_id / 20000)"
SQLITE_UPDATE_TRIGGER = f"""CREATE TRIGGER resume_fts_update AFTER UPDATE OF {_COLUMNS} ON resume_text BEGIN
             INSERT INTO resume_fts(resume_fts, rowid, {_COLUMNS}) VALUES ('delete', {_OLD});
             INSERT INTO resume_fts(rowid, {_COLUMNS}) VALUES ({_NEW}); END"""


# A frozen copy of the tokenizer as this migration writes it (features/talent/keywords.py index_text
# at 0042; tests/app/test_migrations_frozen.py compares them while they agree).
def _normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _kind(char: str) -> str:
    if not char.isalnum():
        return ""
    if char.isascii() or unicodedata.name(char, "").startswith("LATIN"):
        return "word"
    return "pairs"


def _runs(text: str) -> list[tuple[str, str]]:
    runs: list[tuple[str, str]] = []
    for char in _normalize(text):
        kind = _kind(char)
        if kind and runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1] + char)
        elif kind:
            runs.append((kind, char))
        elif runs and runs[-1][0]:
            runs.append(("", ""))
    return [run for run in runs if run[0]]


def _index_text(text: str, boundary: str = "_") -> str:
    def run_tokens(kind: str, run: str) -> list[str]:
        if kind == "word" or len(run) == 1:
            return [run]
        return [run[i : i + 2] for i in range(len(run) - 1)]

    runs = [" ".join(run_tokens(kind, run)) for kind, run in _runs(text)]
    return f" {boundary} ".join(runs) if boundary else " ".join(runs)


def _rewrite(boundary: str) -> None:
    """search_grams again for every résumé, BATCH at a time in id order ('' for no boundary: 0041's)."""
    connection = op.get_bind()
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP TRIGGER resume_fts_update")
    read = sa.text(
        "SELECT resume_id, search_text FROM resume_text WHERE resume_id > :last ORDER BY resume_id LIMIT :batch"
    )
    update = sa.text("UPDATE resume_text SET search_grams = :grams WHERE resume_id = :id")
    last = -1
    while rows := connection.execute(read, {"last": last, "batch": BATCH}).all():
        connection.execute(update, [{"id": row[0], "grams": _index_text(row[1], boundary)} for row in rows])
        last = rows[-1][0]
    if sqlite:
        op.execute(SQLITE_UPDATE_TRIGGER)
        op.execute("INSERT INTO resume_fts(resume_fts) VALUES ('rebuild')")


def upgrade() -> None:
    _rewrite("_")


def downgrade() -> None:
    _rewrite("")
