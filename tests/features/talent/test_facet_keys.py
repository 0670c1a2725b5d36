"""The facets as keys in the keyword index (features/talent/facet_keys.py, migration
0040_talent_facet_keys): the keys a résumé gets, kept by every save, filled by the migration exactly
as the application writes them, and found through the index on both engines."""

from __future__ import annotations

import importlib.util

from sqlalchemy import literal, select, text, update

from app.config import ROOT
from features.talent import facet_keys, search, service
from features.talent.models import ResumeText
from tests.bench.talent_data import generate
from tests.features.talent.helpers import build_resume


def test_a_facet_has_a_key_for_every_threshold_it_meets():
    keys = facet_keys.keys_of({("sector", "health"): 3, ("lang", "en"): 0, ("country", "KH"): 1})
    assert keys.split() == sorted(
        ["country_kh_0", "country_kh_1", "lang_en_0", "sector_health_0", "sector_health_1"]
        + ["sector_health_2", "sector_health_3"]
    )
    assert len(facet_keys.keys_of({("sector", "water"): 99}).split()) == facet_keys.MAX_VALUE + 1
    assert facet_keys.keys_of({("sector", "water"): -1, ("sector", "a b"): 3, ("lang", "'x"): 2}) == ""
    # No key: the filter reads talent_facet instead (past the keys, a code that is not one word).
    assert facet_keys.key("sector", "water", facet_keys.MAX_VALUE + 1) is None
    assert facet_keys.key("sector", "water", -1) is None
    assert facet_keys.key("sector", "o'brien", 1) is None
    assert facet_keys.key("country", "KH", 0) == "country_kh_0"


async def test_saving_a_resume_keeps_its_keys_and_the_index_finds_them(client, database):
    await build_resume(client, database, sector="health", years="8")
    async with database.session(write=False) as db:
        keys = (await db.execute(select(ResumeText.facet_keys))).scalar_one().split()
    assert {"sector_health_0", "sector_health_8"} <= set(keys) and "sector_health_9" not in keys

    async def found(**filters) -> int:
        async with database.session(write=False) as db:
            return (await service.search(db, service.TalentFilters(**filters))).total

    assert await found(sector="health", min_years=8, keyword="保健") == 1
    assert await found(sector="health", min_years=9, keyword="保健") == 0
    assert await found(sector="health", min_years=8, keyword="教育") == 0
    # A filter past the keys goes to talent_facet, and still answers.
    assert await found(sector="health", min_years=facet_keys.MAX_VALUE + 1) == 0


def _migration():
    path = ROOT / "app/migrations/versions/0040_talent_facet_keys.py"
    spec = importlib.util.spec_from_file_location("talent_facet_keys_migration", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def test_the_migration_fills_the_keys_the_application_writes(database):
    await generate(database, 200, chunk=200)
    async with database.session(write=False) as db:
        written = dict((await db.execute(select(ResumeText.resume_id, ResumeText.facet_keys))).all())
    migration = _migration()
    async with database.session() as db:
        await db.execute(update(ResumeText).values(facet_keys=""))
        sqlite = db.get_bind().dialect.name == "sqlite"
        await db.execute(text(migration.SQLITE_FILL if sqlite else migration.POSTGRES_FILL))
    async with database.session(write=False) as db:
        filled = dict((await db.execute(select(ResumeText.resume_id, ResumeText.facet_keys))).all())
    assert {k: sorted(v.split()) for k, v in filled.items()} == {k: sorted(v.split()) for k, v in written.items()}
    assert migration.MAX_VALUE == facet_keys.MAX_VALUE
    assert all(written.values())


async def test_statements_are_reused_and_read_the_time_when_they_run(database, frozen_clock):
    """A search's statements are built once per shape; the time in them is read at each execution,
    so a registration that has expired since is never found by a reused statement."""
    await generate(database, 50, chunk=50)
    filters = service.TalentFilters(keyword="保健", sector="health", language="en")
    assert service.search_statements("sqlite", filters, [1]) is service.search_statements("sqlite", filters, [1])
    async with database.session(write=False) as db:
        before = (await service.search(db, filters)).total
    assert before > 0
    frozen_clock.advance(days=3000)  # every registration has expired
    async with database.session(write=False) as db:
        assert (await service.search(db, filters)).total == 0


async def test_the_keys_and_a_word_are_one_lookup_in_one_index(database):
    """「3 filters + 保健」's set is answered inside the index: with the keys in a GIN index of their
    own, PostgreSQL read every résumé holding the keys and tested its out-of-line tsvector for the
    word (5–10× slower at 100,000 people), whatever the statistics said."""
    await generate(database, 200, chunk=200)
    filters = service.TalentFilters(keyword="保健", sector="health", min_years=3, language="en", min_level="B")
    async with database.session(write=False) as db:
        dialect = db.get_bind().dialect.name
        (keyed,) = search._id_sets(dialect, filters)
        assert keyed.words == ("保健",)
        if dialect == "sqlite":
            sql = keyed.ids.compile(dialect=db.get_bind().dialect, compile_kwargs={"literal_binds": True})
            plan = " ".join(str(row[-1]) for row in (await db.execute(text(f"EXPLAIN QUERY PLAN {sql}"))).all())
            assert plan.count("VIRTUAL TABLE") == 1, plan
        else:
            await db.execute(text("SET LOCAL enable_seqscan = off"))  # 200 rows: the index as at 100,000
            sql = search._explain(keyed.ids).text.replace("(FORMAT JSON)", "")
            plan = [row[0] for row in (await db.execute(text(sql))).all()]
            conditions = [line for line in plan if "Index Cond" in line]
            assert len(conditions) == 1 and "@@" in conditions[0] and "@>" in conditions[0], plan
            assert not any("Filter" in line for line in plan), plan


async def test_a_part_of_the_keys_set_is_one_lookup_kept_by_every_write(database):
    """The index holds each résumé's part (migration 0041_talent_facet_parts: PostgreSQL's keys
    expression, SQLite's FTS5 content view): a lookup of keys, words and part n finds exactly the
    set's members with id // PART == n, and an update of the keys moves a résumé in the index."""
    await generate(database, 120, chunk=120, step=1009)  # ids 1,009 apart: parts 0 … 6
    keys, words = [facet_keys.key("lang", "en", 0)], ["保健"]

    async def members(part: int, keys: list[str] = keys) -> set[int]:
        from_, member, matched = facet_keys.in_part(dialect, keys, words, literal(part))
        return set((await db.execute(select(member).select_from(from_).where(*matched))).scalars())

    async with database.session() as db:
        dialect = db.get_bind().dialect.name
        whole = set((await db.execute(facet_keys.id_set(dialect, keys, words))).scalars())
        by_part = [await members(n) for n in range(8)]
        assert len(whole) > 10 and by_part[-1] == set()
        assert by_part == [{i for i in whole if i // facet_keys.PART == n} for n in range(8)]
        moved = min(whole)
        await db.execute(update(ResumeText).where(ResumeText.resume_id == moved).values(facet_keys="lang_xx_0"))
        part = moved // facet_keys.PART
        assert moved not in await members(part) and moved in await members(part, ["lang_xx_0"])
        if dialect == "sqlite":  # what the triggers wrote is what a rebuild reads from the content view
            kept = [await members(n) for n in range(8)]
            await db.execute(text("INSERT INTO resume_fts(resume_fts) VALUES ('rebuild')"))
            assert [await members(n) for n in range(8)] == kept
            assert moved in await members(part, ["lang_xx_0"])
