"""The résumé keyword index: Japanese text as overlapping two-character tokens.

Japanese has no spaces between words, so a word index cannot find 保健 inside 母子保健. Each run
of Japanese (or other non-Latin) letters is cut into overlapping pairs — 母子保健 → 母子 子保 保健 —
and each Latin or digit run is kept as one lower-case word. A keyword becomes a phrase of the
same tokens, so 子保健 matches only where 子保 is followed by 保健: a substring match served by
an index. SQLite keeps the tokens in an FTS5 table, PostgreSQL in a stored tsvector with a GIN index;
both tokenizers split on the spaces we put in and keep each token whole. A one-character keyword
has no pair and falls back to LIKE over the plain text.
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import Column, ColumnElement, MetaData, Select, Table, Text, func, literal_column, select

from app.db import contains_pattern
from features.talent.models import ResumeText

# The SQLite FTS5 table the migration creates; outside the models' metadata because it is
# SQLite-only (PostgreSQL keeps a tsvector column on resume_text instead).
resume_fts = Table("resume_fts", MetaData(), Column("rowid"), Column("search_grams", Text))


def normalize(text: str) -> str:
    """Full-width Latin and half-width kana fold to one form, letters to lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def _kind(char: str) -> str:
    if not char.isalnum():
        return ""
    if char.isascii() or unicodedata.name(char, "").startswith("LATIN"):
        return "word"
    return "pairs"


def _runs(text: str) -> list[tuple[str, str]]:
    runs: list[tuple[str, str]] = []
    for char in normalize(text):
        kind = _kind(char)
        if kind and runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1] + char)
        elif kind:
            runs.append((kind, char))
        elif runs and runs[-1][0]:
            runs.append(("", ""))  # a separator ends the run
    return [run for run in runs if run[0]]


# Between two runs the index holds this token, so that a phrase cannot run on from one run into the
# next (「手話。話通訳」 held 手話 話通 通訳 in a row, a match for 手話通訳): on SQLite the index alone then
# decides a keyword of one run of Japanese letters, with no résumé text read per hit. '_' is a letter
# to the FTS5 tokenizer (0040) and never a token of a keyword; PostgreSQL's parser drops it without
# counting a position, so its tsvector is what it was (and its phrases still need the text).
BOUNDARY = "_"


def _run_tokens(kind: str, run: str) -> list[str]:
    if kind == "word" or len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def tokens(text: str) -> list[str]:
    return [token for kind, run in _runs(text) for token in _run_tokens(kind, run)]


def index_text(text: str) -> str:
    """What resume_text.search_grams holds: the tokens separated by spaces, BOUNDARY between runs."""
    return f" {BOUNDARY} ".join(" ".join(_run_tokens(kind, run)) for kind, run in _runs(text))


def _is_indexable(word: str) -> bool:
    runs = _runs(word)
    return bool(runs) and not (len(runs) == 1 and runs[0][0] == "pairs" and len(runs[0][1]) == 1)


def _indexed(dialect: str, word: str) -> ColumnElement[bool]:
    """The word as a phrase of tokens; a trailing Latin word matches as a prefix (jic finds JICA)."""
    if dialect == "sqlite":
        phrase = fts_phrase(word)
        return ResumeText.resume_id.in_(select(resume_fts.c.rowid).where(resume_fts.c.search_grams.op("MATCH")(phrase)))
    return tsquery_match(word)


def fts_phrase(word: str) -> str:
    """The word as an FTS5 phrase of its tokens, with the BOUNDARY between its runs as the index has
    them (「jica-2020」 finds 「JICA 2020」, as before: the LIKE narrows a word of several runs)."""
    prefix = _runs(word)[-1][0] == "word"
    return '"' + index_text(word) + '"' + (" *" if prefix else "")


def tsquery_match(word: str) -> ColumnElement[bool]:
    prefix = _runs(word)[-1][0] == "word"
    query = " <-> ".join(f"'{part}'" for part in tokens(word)) + (":*" if prefix else "")
    return literal_column("resume_text.search_vector").op("@@")(func.to_tsquery(literal_column("'simple'"), query))


def exact(word: str, dialect: str) -> bool:
    """The index alone decides: one token, either a pair (保健 is in the text exactly when the pair
    保健 is among its tokens) or a Latin word (a token starting with it contains it, and the
    substring match never found more than the index: the LIKE below only ever narrowed) — and on
    SQLite any one run of Japanese letters (手話通訳: its pairs in a row, which with the BOUNDARY
    between runs happens only inside one run, exactly where the text holds the word)."""
    runs = _runs(word)
    if dialect == "sqlite" and _single_run(word):
        return True
    return len(runs) == 1 and (runs[0][0] == "word" or len(runs[0][1]) == 2)


def id_set(dialect: str, word: str) -> Select | None:
    """The résumé ids whose text contains the (normalized) word: the index's hits, narrowed by LIKE
    on the plain text only when the index is not exact (a phrase of pairs may meet across a
    separator: 保健。医療 holds the pairs of 保健医). None for a word too short for the index."""
    if not _is_indexable(word):
        return None
    if dialect == "sqlite":
        hits = select(resume_fts.c.rowid.label("resume_id")).where(
            resume_fts.c.search_grams.op("MATCH")(fts_phrase(word))
        )
        if exact(word, dialect):
            return hits
        like = ResumeText.search_text.like(contains_pattern(word), escape="\\")
        return select(ResumeText.resume_id).where(ResumeText.resume_id.in_(hits), like)
    if _single_run(word) and not exact(word, dialect):
        # The substring test decides (see probe), so the index only has to narrow: every token,
        # in any order — answered by the GIN index alone, where a phrase must read each hit's
        # tsvector (out of line) for the positions.
        every = " & ".join(f"'{part}'" for part in tokens(word))
        vector = literal_column("resume_text.search_vector")
        return select(ResumeText.resume_id).where(
            vector.op("@@")(func.to_tsquery(literal_column("'simple'"), every)),
            func.strpos(ResumeText.search_text, word) > 0,
        )
    hits = select(ResumeText.resume_id).where(tsquery_match(word))
    if not exact(word, dialect):
        hits = hits.where(ResumeText.search_text.like(contains_pattern(word), escape="\\"))
    return hits


def _single_run(word: str) -> bool:
    """One run of Japanese letters, two or more: in the index exactly when in the plain text."""
    runs = _runs(word)
    return len(runs) == 1 and runs[0][0] == "pairs" and len(runs[0][1]) > 1


def probe(dialect: str, words: list[str], resume_id) -> Select:
    """Does the résumé `resume_id` (a correlated column) contain every (normalized) word — the same
    answer as id_set, asked of one candidate's row of resume_text. A single run of Japanese letters
    (保健, 手話通訳) is in the index exactly when it is in the plain text, so a plain substring test
    decides (instr/strpos: no pattern to parse; the text and the word are both normalized, so this
    is LIKE's answer). Anything else asks the index too: on SQLite FTS5 for that one rowid (a seek
    in the term's doclist), on PostgreSQL the row's tsvector — narrowed by LIKE as id_set does.
    One row for all the words: a probe nested in another correlates only with the one around it."""
    tests: list[ColumnElement[bool]] = []
    for word in words:
        if _single_run(word):
            position = func.instr if dialect == "sqlite" else func.strpos
            tests.append(position(ResumeText.search_text, word) > 0)
        elif dialect != "sqlite":
            tests.extend(conditions(dialect, [word]))
        else:
            match = resume_fts.c.search_grams.op("MATCH")(fts_phrase(word))
            tests.append(select(resume_fts.c.rowid).where(match, resume_fts.c.rowid == ResumeText.resume_id).exists())
            if not exact(word, dialect):
                tests.append(ResumeText.search_text.like(contains_pattern(word), escape="\\"))
    return select(ResumeText.resume_id).where(ResumeText.resume_id == resume_id, *tests)


def conditions(dialect: str, words: list[str]) -> list[ColumnElement[bool]]:
    """Conditions on resume_text for every (normalized) word. The index narrows the rows where the
    word is long enough for it; LIKE on the plain text decides the exact substring."""
    result: list[ColumnElement[bool]] = []
    for word in words:
        if _is_indexable(word):
            result.append(_indexed(dialect, word))
        result.append(ResumeText.search_text.like(contains_pattern(word), escape="\\"))
    return result
