"""The FAQ化 contract other slices build on (features/faq/api.py): CATEGORIES, suggest_entries,
create_draft_from_inquiry, count_entries and vote_figures — and the demo data."""

from __future__ import annotations

import random

from features.faq import api
from features.faq.demo import seed_demo
from features.faq.models import EntryStatus
from tests.features.faq.helpers import entry, make_entry


def test_the_categories_are_the_inquiry_desks_in_order():
    assert api.CATEGORIES == ("登録", "ログイン", "求人掲載", "人材閲覧", "応募", "セミナー", "相談", "その他")


async def test_suggestions_rank_by_matched_words_then_votes(database):
    code = await make_entry(
        database, "ログインコードが届きません。", "迷惑メールフォルダを確認してください。", helpful=1
    )
    password = await make_entry(database, "パスワードを忘れました。", "ログイン画面から再設定できます。", helpful=50)
    popular = await make_entry(database, "ログインできません。", "メールアドレスを確認してください。", helpful=80)
    await make_entry(database, "ログインコード 下書き", "未公開", status=EntryStatus.DRAFT)
    await make_entry(database, "求人の掲載方法", "マイページから。", category="求人掲載")
    async with database.session(write=False) as db:
        found = await api.suggest_entries(db, "ログインコードのメールが届かないのですが、迷惑メールにもありません")
        # terms ログインコード, メール, 迷惑: the first entry has all three, the third one (メール); パスワード none
        assert [m.id for m in found] == [code, popular]
        assert found[0] == api.FaqMatch(code, "ログインコードが届きません。", "ログイン", f"/faq/{code}")
        tie = await api.suggest_entries(db, "ログイン")
        assert [m.id for m in tie] == [popular, password, code]  # one word each: the most はい first
        assert [m.id for m in await api.suggest_entries(db, "ログイン", limit=1)] == [popular]
        assert await api.suggest_entries(db, "") == []
        assert await api.suggest_entries(db, "   ") == []
        assert await api.suggest_entries(db, "セミナーの日程について") == []


async def test_a_draft_from_an_inquiry_needs_redaction_and_remembers_the_case(database):
    async with database.session() as db:
        entry_id = await api.create_draft_from_inquiry(
            db,
            question="佐藤です。登録コードを忘れました。",
            answer="佐藤様、マイページで確認できます。",
            category="登録",
            audience="individual",
            inquiry_id=42,
            actor_id=7,
        )
        labelled = await api.create_draft_from_inquiry(
            db, question="質問", answer="回答", category="求人掲載", audience="団体向け", inquiry_id=44, actor_id=7
        )
        odd = await api.create_draft_from_inquiry(
            db, question="x" * 400, answer="回答", category="不明", audience="?", inquiry_id=43, actor_id=7
        )
    stored = await entry(database, entry_id)
    assert (stored.status, stored.needs_redaction, stored.source_inquiry_id) == (EntryStatus.DRAFT, True, 42)
    assert (stored.category, stored.audience, stored.created_by) == ("登録", "individual", 7)
    assert (await entry(database, labelled)).audience == "organization"
    coerced = await entry(database, odd)
    assert (coerced.category, coerced.audience, len(coerced.question)) == ("その他", "both", 300)
    async with database.session(write=False) as db:
        assert await api.suggest_entries(db, "登録コード") == []  # a draft is never suggested
        assert await api.count_entries(db) == 3


async def test_vote_figures_add_up_the_counters(database):
    async with database.session(write=False) as db:
        empty = await api.vote_figures(db)
    assert empty["entries"] == 0 and empty["votes"] == 0 and empty["unhelpful_share"] is None
    await make_entry(database, "a", helpful=6, unhelpful=2)
    await make_entry(database, "b", helpful=1, unhelpful=5)
    await make_entry(database, "c", status=EntryStatus.DRAFT)
    async with database.session(write=False) as db:
        figures = await api.vote_figures(db)
        assert await api.count_entries(db) == 3
    assert (figures["entries"], figures["published"], figures["drafts"], figures["hidden"]) == (3, 2, 1, 0)
    assert (figures["helpful"], figures["unhelpful"], figures["votes"], figures["failing"]) == (7, 7, 14, 1)
    assert figures["unhelpful_share"] == 0.5


async def test_the_demo_has_forty_entries_with_votes_and_two_drafts_from_inquiries(
    demo_copy, database, settings, client
):
    await demo_copy(database, settings)
    async with database.session() as db:
        await seed_demo(db, random.Random(7), settings)  # idempotent: nothing added the second time
    async with database.session(write=False) as db:
        figures = await api.vote_figures(db)
        assert await api.count_entries(db) == 40
    assert figures["drafts"] == 2 and figures["hidden"] == 1 and figures["published"] == 37
    assert figures["votes"] > 100 and figures["failing"] >= 3
    listing = (await client.get("/faq")).text
    assert "37件の質問" in listing and {c for c in api.CATEGORIES if f">{c}</h2>" in listing} == set(api.CATEGORIES)
