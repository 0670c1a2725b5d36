"""The public よくある質問: grouped by category, filtered by audience, the Japanese substring search
(NFKC, every word must match the question or the answer), full page and htmx fragment."""

from __future__ import annotations

import re

from features.faq import search
from features.faq.models import EntryStatus
from tests.features.faq.helpers import make_entry

HTMX = {"HX-Request": "true", "HX-Target": "faq-results"}


def _questions(html: str) -> list[str]:
    return re.findall(r'<span class="faq-entry__q">Q\. (.*?)</span>', html)


async def _entries(database) -> None:
    await make_entry(
        database,
        "個人登録の手順を教えてください。",
        "登録フォームに入力します。",
        category="登録",
        audience="individual",
    )
    await make_entry(
        database, "団体登録の審査期間は？", "3営業日程度です。", category="登録", audience="organization", position=1
    )
    await make_entry(
        database, "ログインコードが届きません。", "迷惑メールフォルダを確認してください。", category="ログイン"
    )
    await make_entry(
        database, "求人情報の掲載料は？", "掲載は**無料**です。", category="求人掲載", audience="organization"
    )
    await make_entry(database, "セミナーの資料", "ＰＤＦでダウンロードできます。", category="セミナー")
    await make_entry(
        database, "下書きの質問 ログイン", "まだ公開していません。", category="ログイン", status=EntryStatus.DRAFT
    )
    await make_entry(
        database, "非公開の質問 ログイン", "公開をやめました。", category="ログイン", status=EntryStatus.HIDDEN
    )


async def test_published_entries_are_grouped_by_category_in_the_desk_order(client, database):
    await _entries(database)
    html = (await client.get("/faq")).text
    assert _questions(html) == [
        "個人登録の手順を教えてください。",
        "団体登録の審査期間は？",
        "ログインコードが届きません。",
        "求人情報の掲載料は？",
        "セミナーの資料",
    ]  # no draft, no 非公開
    headings = re.findall(r'<h2 id="cat-\d+">(.*?)</h2>', html)
    assert headings == ["登録", "ログイン", "求人掲載", "セミナー"]
    assert "<strong>無料</strong>" in html  # the answer's Markdown
    assert "個人向け" in html and "団体向け" in html and "共通" in html


async def test_the_audience_filter_keeps_that_audience_and_the_common_entries(client, database):
    await _entries(database)
    individual = _questions((await client.get("/faq?audience=individual")).text)
    assert individual == ["個人登録の手順を教えてください。", "ログインコードが届きません。", "セミナーの資料"]
    organization = _questions((await client.get("/faq?audience=organization")).text)
    assert organization == [
        "団体登録の審査期間は？",
        "ログインコードが届きません。",
        "求人情報の掲載料は？",
        "セミナーの資料",
    ]
    assert len(_questions((await client.get("/faq?audience=nonsense")).text)) == 5
    assert _questions((await client.get("/faq?category=登録")).text) == [
        "個人登録の手順を教えてください。",
        "団体登録の審査期間は？",
    ]


async def test_search_finds_substrings_of_question_or_answer(client, database):
    await _entries(database)
    assert _questions((await client.get("/faq", params={"q": "コード"})).text) == ["ログインコードが届きません。"]
    assert _questions((await client.get("/faq", params={"q": "迷惑メール"})).text) == ["ログインコードが届きません。"]
    assert _questions((await client.get("/faq", params={"q": "ログイン"})).text) == ["ログインコードが届きません。"]
    empty = (await client.get("/faq", params={"q": "存在しない言葉"})).text
    assert _questions(empty) == [] and "条件に合う質問は見つかりませんでした" in empty


async def test_search_normalizes_width_and_case_with_nfkc(client, database):
    await _entries(database)
    # half-width katakana and full-width Latin letters in the box; full-width ＰＤＦ in the answer
    assert _questions((await client.get("/faq", params={"q": "ﾛｸﾞｲﾝｺｰﾄﾞ"})).text) == ["ログインコードが届きません。"]
    assert _questions((await client.get("/faq", params={"q": "pdf"})).text) == ["セミナーの資料"]
    assert _questions((await client.get("/faq", params={"q": "ＰＤＦ"})).text) == ["セミナーの資料"]


async def test_every_word_must_match(client, database):
    await _entries(database)
    both = _questions((await client.get("/faq", params={"q": "登録　手順"})).text)  # a full-width space
    assert both == ["個人登録の手順を教えてください。"]
    assert _questions((await client.get("/faq", params={"q": "登録 営業日"})).text) == ["団体登録の審査期間は？"]
    assert _questions((await client.get("/faq", params={"q": "登録 ダウンロード"})).text) == []
    assert _questions((await client.get("/faq", params={"q": "100%_"})).text) == []  # LIKE wildcards are literal


async def test_the_htmx_search_answers_with_the_results_fragment_only(client, database):
    await _entries(database)
    response = await client.get("/faq", params={"q": "登録"}, headers=HTMX)
    assert response.status_code == 200 and response.headers["vary"] == "HX-Request"
    assert "<h1>" not in response.text and "<form class=\"filters\"" not in response.text
    assert _questions(response.text) == ["個人登録の手順を教えてください。", "団体登録の審査期間は？"]
    assert 'data-announce="よくある質問 2件（「登録」）"' in response.text
    page = (await client.get("/faq", params={"q": "登録"})).text
    assert 'hx-trigger="input changed delay:400ms from:#f-q' in page and 'value="登録"' in page
    assert 'action="/faq"' in page and 'method="get"' in page  # works without JavaScript


async def test_an_entry_page_shows_the_answer_and_its_neighbours(client, database):
    await _entries(database)
    found = re.search(r'href="/faq/(\d+)">この質問のページを開く', (await client.get("/faq?category=登録")).text)
    page = await client.get(f"/faq/{found.group(1)}")
    assert page.status_code == 200
    assert "<h1>Q. 個人登録の手順を教えてください。</h1>" in page.text and "団体登録の審査期間は？" in page.text
    assert "この回答は役に立ちましたか" in page.text


async def test_a_draft_or_hidden_entry_is_404_to_the_public(client, database):
    draft = await make_entry(database, status=EntryStatus.DRAFT)
    hidden = await make_entry(database, status=EntryStatus.HIDDEN)
    assert (await client.get(f"/faq/{draft}")).status_code == 404
    assert (await client.get(f"/faq/{hidden}")).status_code == 404
    assert (await client.get("/faq/999999")).status_code == 404


def test_terms_of_a_sentence_are_its_katakana_kanji_and_latin_runs():
    assert search.terms_of("ログインコードが届きません") == ["ログインコード"]
    terms = search.terms_of("求人情報を掲載したい。ＰＤＦも添付できますか")
    assert terms[:4] == ["求人情報", "求人", "人情", "情報"] and "掲載" in terms and "pdf" in terms
    assert search.terms_of("") == [] and search.terms_of("ですます") == []


async def test_raw_html_in_a_question_or_answer_is_inert(client, database):
    entry_id = await make_entry(
        database,
        '<script>alert(1)</script>"><img src=x onerror=alert(2)>',
        '<div hx-get="/admin/faq" hx-trigger="load">x</div> [link](javascript:alert(3)) **太字**',
    )
    html = (await client.get(f"/faq/{entry_id}")).text + (await client.get("/faq")).text
    assert "<script>alert(1)" not in html and "<img src=x" not in html and "<div hx-get" not in html
    assert 'href="javascript:' not in html and "<strong>太字</strong>" in html  # the link stays text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
