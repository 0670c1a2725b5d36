"""The search facets as words in the keyword index, so facets and a keyword meet in one lookup.

A facet (業務経験 health, 12 years) becomes the keys `sector_health_0` … `sector_health_12`: a filter
"health ≥ 3" is the one key `sector_health_3`, exact. Keys go up to MAX_VALUE; a filter above it, or
on a code that is not a plain word, is left to talent_facet (service._facet). The keys live in
resume_text.facet_keys and in the index beside the keyword tokens (migration
0040_talent_facet_keys): SQLite's FTS5 table has them as a second column, PostgreSQL has them as an
array in one GIN index with the tsvector. A keyword the index alone decides joins the same lookup,
so 「3 filters + 保健」 is one index intersection instead of thousands of résumés asked one by one
(on PostgreSQL inside one index: from two, the planner tested the keys' matches' out-of-line
tsvectors one by one instead of ANDing the bitmaps, 5–10× slower).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import (
    Column,
    ColumnElement,
    FromClause,
    MetaData,
    Select,
    Table,
    Text,
    cast,
    func,
    literal,
    literal_column,
    select,
)

from features.talent import keywords
from features.talent.models import ResumeText

MAX_VALUE = 40
_WORD = re.compile(r"[A-Za-z0-9_]+\Z")  # one token to FTS5 (with '_' a letter) and safe inside SQL quotes


def key(kind: str, code: str, value: int) -> str | None:
    """The key of "at least `value`" for this facet, or None when it has none (the filter then
    reads talent_facet)."""
    if not (_WORD.match(kind) and _WORD.match(code)) or not 0 <= value <= MAX_VALUE:
        return None
    return f"{kind}_{code}_{value}".lower()


def keys_of(facets: dict[tuple[str, str], int]) -> str:
    """resume_text.facet_keys for a résumé's facets: every threshold each one meets."""
    found = (key(kind, code, n) for (kind, code), value in facets.items() for n in range(min(value, MAX_VALUE) + 1))
    return " ".join(sorted(k for k in found if k))


# The FTS5 table with its hidden column (named as the table): `resume_fts.resume_fts MATCH …` searches
# every column, each part of the query naming its own.
_fts = Table("resume_fts", MetaData(), Column("rowid"), Column("resume_fts"))


def _fts_query(keys: Iterable[str], words: Iterable[str]) -> str:
    parts = [f'{{facet_keys}} : ("{k}")' for k in keys]
    return " AND ".join(parts + [f"{{search_grams}} : ({keywords.fts_phrase(w)})" for w in words])


def _array(keys: list[str]):
    # Literal, so that the planner sees the values (and the expression matches the index's).
    return literal_column("ARRAY[" + ", ".join(f"'{k}'" for k in keys) + "]::text[]")


# The index holds one more key per résumé, its part: on PostgreSQL `~<resume_id // PART>` in the
# keys array (the index's expression adds it), on SQLite `part_<resume_id // PART>` in the FTS5
# facet_keys column (its content is a view adding it, kept by resume_text's triggers) — migration
# 0041_talent_facet_parts, PART frozen there. A set too broad to read whole is counted part by part,
# each an index lookup as small as a part, until the count is reached (search._counted_in_parts) —
# the work of a count to 1,000 stays that of a few parts however many people there are. Neither
# '~' nor the shape part_<n> (one '_') is ever a facet key (key: kind_code_value).
PART = 20_000
_KEYS = f"string_to_array(resume_text.facet_keys || ' ~' || (resume_text.resume_id / {PART}), ' ')"


def _postgres(keys: list[str], words: list[str], part=None) -> list[ColumnElement[bool]]:
    wanted = _array(keys)
    if part is not None:  # this part's members only: one more key
        wanted = wanted.op("||")(literal_column("'~'").op("||")(cast(part, Text)))
    held = literal_column(_KEYS).op("@>")(wanted)
    return [held, *(keywords.tsquery_match(w) for w in words)]


def id_set(dialect: str, keys: list[str], words: list[str]) -> Select:
    """The résumés holding every key and containing every word (words the index alone decides:
    keywords.exact)."""
    if dialect == "sqlite":
        return select(_fts.c.rowid.label("resume_id")).where(_fts.c.resume_fts.op("MATCH")(_fts_query(keys, words)))
    return select(ResumeText.resume_id).where(*_postgres(keys, words))


def parts(dialect: str) -> tuple[FromClause, ColumnElement[int]]:
    """The parts there are, in order (a FROM item), and the column naming one."""
    last = select(func.max(ResumeText.resume_id)).scalar_subquery().op("/")(PART)  # integers: the quotient
    if dialect == "sqlite":  # no generate_series: counted up by a recursive CTE, in order
        first = select(literal(0).label("part")).cte("parts", recursive=True)
        series = first.union_all(select(first.c.part + 1).where(first.c.part < func.coalesce(last, 0)))
        return series, series.c.part
    series = func.generate_series(0, func.coalesce(last, 0)).table_valued("part").render_derived().alias("parts")
    return series, series.c.part


def in_part(dialect: str, keys: list[str], words: list[str], part) -> tuple[FromClause, ColumnElement[int], list]:
    """id_set's members in one part (`part` a column of the FROM before): one index lookup, as a FROM
    item to join (PostgreSQL: LATERAL), its résumé id column and the conditions joining it (SQLite,
    which has no LATERAL: the FTS5 table itself, its MATCH built from the part)."""
    if dialect == "sqlite":
        fts = _fts.alias("part_fts")
        query = literal(_fts_query(keys, words) + ' AND {facet_keys} : ("part_', Text)
        match = query.op("||")(cast(part, Text)).op("||")(literal('")', Text))
        return fts, fts.c.rowid, [fts.c.resume_fts.op("MATCH")(match)]
    members = select(ResumeText.resume_id).where(*_postgres(keys, words, part)).offset(0).lateral("members")
    return members, members.c.resume_id, []
