"""The résumé keyword index: two-character tokens, served by FTS5 (SQLite) and GIN (PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import func, select, text

from features.accounts.models import UserAccount
from features.talent import keywords, service
from features.talent.models import Resume, ResumeText
from tests.features.accounts.helpers import make_user


def test_japanese_runs_become_overlapping_pairs_and_latin_runs_words():
    assert keywords.tokens("母子保健") == ["母子", "子保", "保健"]
    assert keywords.tokens("ＪＩＣＡ専門家、米") == ["jica", "専門", "門家", "米"]
    assert keywords.tokens("ｶﾝﾎﾞｼﾞｱ 2019年") == ["カン", "ンボ", "ボジ", "ジア", "2019", "年"]
    assert keywords.tokens("x_y-z") == ["x", "y", "z"]


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
