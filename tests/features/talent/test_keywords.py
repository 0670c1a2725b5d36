"""The résumé keyword index: two-character tokens, served by FTS5 (SQLite) and GIN (PostgreSQL)."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select, text

from app.cli import downgrade_database, upgrade_database
from features.accounts.models import UserAccount
from features.talent import keywords, service
from features.talent.models import Resume, ResumeText
from tests.features.accounts.helpers import make_user


def test_japanese_runs_become_overlapping_pairs_and_latin_runs_words():
    assert keywords.tokens("母子保健") == ["母子", "子保", "保健"]
    assert keywords.tokens("ＪＩＣＡ専門家、米") == ["jica", "専門", "門家", "米"]
    assert keywords.tokens("ｶﾝﾎﾞｼﾞｱ 2019年") == ["カン", "ンボ", "ボジ", "ジア", "2019", "年"]
    assert keywords.tokens("x_y-z") == ["x", "y", "z"]


def test_the_index_marks_where_a_run_ends():
    # A phrase in the index cannot run on from one run into the next: 「手話。話通訳」 holds no 手話 話通 通訳.
    assert keywords.index_text("手話。話通訳") == "手話 _ 話通 通訳"
    assert keywords.index_text("JICA研修、米") == "jica _ 研修 _ 米"
    assert keywords.fts_phrase("手話通訳") == '"手話 話通 通訳"'
    assert keywords.fts_phrase("jica-20") == '"jica _ 20" *'
    assert keywords.exact("手話通訳", "sqlite") and not keywords.exact("手話通訳", "postgresql")
    assert not keywords.exact("jica-20", "sqlite")


async def _person(database, email: str, pr: str) -> int:
    await make_user(database, email)
    async with database.session() as db:
        user_id = (await db.execute(select(UserAccount.id).where(UserAccount.email == email))).scalar_one()
        resume = await service.resume_of(db, user_id, create=True)
        await service.save_profile(
            db,
            resume,
            {
                "visibility": "public",
                "specialty_main": "",
                "specialty_sub": "",
                "education_level": "",
                "wish_location": "",
                "wish_term": "",
                "available_from": "",
                "self_pr": pr,
                "wish_employment": [],
                "wish_flexible": [],
            },
        )
        return resume.id


async def _found(database, keyword: str) -> set[int]:
    async with database.session(write=False) as db:
        page = await service.search(db, service.TalentFilters(keyword=keyword))
    return {resume.id for resume in page.items}


async def test_keywords_find_substrings_through_the_index(database):
    health = await _person(database, "a@example.jp", "母子保健の改善に取り組みました。JICA専門家として。")
    school = await _person(database, "b@example.jp", "小学校教育と保健。医療は未経験。")
    farm = await _person(database, "c@example.jp", "ｶﾝﾎﾞｼﾞｱで稲作の普及。Agriculture")

    assert await _found(database, "保健") == {health, school}
    assert await _found(database, "子保健") == {health}
    assert await _found(database, "保健医") == set()  # 保健。医療: the pairs meet, the text does not
    assert await _found(database, "教育 保健") == {school}  # every word must match
    assert await _found(database, "カンボジア") == {farm}  # half-width kana folded
    assert await _found(database, "jic") == {health}  # a Latin word matches as a prefix
    assert await _found(database, "ＡＧＲＩＣＵＬＴＵＲＥ") == {farm}
    assert await _found(database, "稲") == {farm}  # one character: LIKE fallback
    assert await _found(database, "'\"*:") == set()  # query syntax is never passed through

    sign = await _person(database, "d@example.jp", "手話通訳の経験。JICA-2020研修")
    near = await _person(database, "e@example.jp", "手話。話通訳、jica 2020")
    assert await _found(database, "手話通訳") == {sign}  # the pairs of 「手話。話通訳」 are in two runs
    assert await _found(database, "話通訳") == {sign, near}
    assert await _found(database, "jica-2020") == {sign}  # several runs: the index narrows, LIKE decides
    assert await _found(database, "2020研修") == {sign}

    async with database.session() as db:  # the index follows an edit …
        resume = await db.get(Resume, school)
        resume.self_pr = "防災の研修を担当。"
        await service.refresh_index(db, resume)
    assert await _found(database, "保健") == {health}
    assert await _found(database, "防災") == {school}
    async with database.session() as db:  # … and a deletion
        await service.erase_resume(db, None, (await db.get(Resume, health)).user_id)
    assert await _found(database, "保健") == set()


async def test_the_keyword_condition_uses_the_index(database):
    await _person(database, "a@example.jp", "母子保健")
    dialect = database.engine.dialect
    query = select(func.count()).select_from(ResumeText).where(*keywords.conditions(dialect.name, ["母子保健"]))
    compiled = query.compile(dialect=dialect, compile_kwargs={"literal_binds": True})
    async with database.session(write=False) as db:
        if dialect.name == "sqlite":
            plan = " ".join(str(row) for row in (await db.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))).all())
            assert "resume_fts VIRTUAL TABLE INDEX" in plan
        else:
            await db.execute(text("SET LOCAL enable_seqscan = off"))  # a one-row table would be scanned
            plan = " ".join(str(row) for row in (await db.execute(text(f"EXPLAIN {compiled}"))).all())
            assert "ix_resume_search_vector" in plan


async def test_the_migration_writes_the_boundaries_the_application_writes(database):
    """0042_keyword_run_boundaries rewrites search_grams with the boundaries (SQLite: and rebuilds
    FTS5 once, its update trigger made again as it was); its downgrade writes them without."""
    sign = await _person(database, "a@example.jp", "手話通訳の経験。JICA-2020研修")
    near = await _person(database, "b@example.jp", "手話。話通訳")
    url = database.engine.url.render_as_string(hide_password=False)

    async def grams() -> dict[int, tuple[str, str]]:
        async with database.session(write=False) as db:
            rows = await db.execute(select(ResumeText.resume_id, ResumeText.search_text, ResumeText.search_grams))
            return {row[0]: (row[1], row[2]) for row in rows}

    async def update_trigger() -> str:  # SQLite: as 0041 made it (whitespace aside)
        if database.engine.dialect.name != "sqlite":
            return ""
        async with database.session(write=False) as db:
            sql = "SELECT sql FROM sqlite_master WHERE name = 'resume_fts_update'"
            return " ".join((await db.execute(text(sql))).scalar_one().split())

    made_by_0041 = await update_trigger()
    await database.engine.dispose()
    await asyncio.to_thread(downgrade_database, url, "0041_talent_facet_parts")
    assert (await grams())[near][1] == "手話 話通 通訳"  # as 0041 had it
    await database.engine.dispose()
    await asyncio.to_thread(upgrade_database, url)
    assert all(written == keywords.index_text(plain) for plain, written in (await grams()).values())
    assert await update_trigger() == made_by_0041
    assert await _found(database, "手話通訳") == {sign}
    async with database.session() as db:  # the update trigger keeps the index as before
        resume = await db.get(Resume, near)
        resume.self_pr = "手話通訳を学んでいます。"
        await service.refresh_index(db, resume)
    assert await _found(database, "手話通訳") == {sign, near}
