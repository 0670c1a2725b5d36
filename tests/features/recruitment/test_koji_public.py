"""公示情報 (/koji): files (limits, types, Japanese names), search filters and paging, the Atom feed."""

from __future__ import annotations

from urllib.parse import quote

from app import uploads
from features.recruitment.models import NoticeStatus
from tests.conftest import csrf_headers
from tests.features.recruitment.helpers import JICA_EMAIL, make_organization
from tests.features.recruitment.koji_helpers import (
    PDF,
    as_jica,
    docx,
    koji_files,
    koji_form,
    kojis,
    make_koji,
    post_koji,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _uploaded(settings) -> list:
    return list(uploads.upload_dir(settings, "koji").iterdir())


async def test_refused_files_have_a_japanese_message_and_nothing_is_saved(client, database, settings):
    await as_jica(client, database)
    for name, data, message in (
        ("説明書.txt", "ただのテキスト".encode(), "公示のファイルはPDF・Word・Excelのいずれかを選択してください。"),
        ("写真.png", PNG, "PNG画像ファイルとして内容を確認できませんでした"),
        ("偽物.pdf", b"%PDF-1.4\n<html>not a pdf</html>", "PDFファイルとして内容を確認できませんでした"),
        ("大きい.pdf", PDF + b"\0" * uploads.MAX_FILE_BYTES, "ファイルのサイズは1つ10MBまでです。"),
    ):
        files = {"file-0": ("説明書.pdf", PDF, "application/pdf"), "file-1": (name, data, "application/pdf")}
        data_ = koji_form(**{"file_label-1": "別紙"})
        response = await post_koji(client, data_, "save", files=files)
        assert response.status_code == 422, name
        assert f"「別紙」：{message}" in response.text, name
        assert await kojis(database) == [] and await koji_files(database) == [] and _uploaded(settings) == []


async def test_a_file_needs_a_label(client, database):
    await as_jica(client, database)
    response = await post_koji(
        client, koji_form(**{"file_label-0": ""}), "save", files={"file-0": ("a.pdf", PDF, "application/pdf")}
    )
    assert response.status_code == 422 and "ファイル1の名称（例：説明書）を入力してください。" in response.text


async def test_pdf_word_and_excel_are_kept_and_downloaded_with_their_japanese_names(client, database):
    await as_jica(client, database)
    files = {
        "file-0": ("公示説明書（保健医療）.pdf", PDF, "application/pdf"),
        "file-1": ("様式集.html", docx(), "text/html"),  # a real Word file with the wrong name
    }
    saved = await post_koji(client, koji_form(**{"file_label-1": "様式"}), "save", files=files)
    assert saved.status_code == 303
    [koji] = await kojis(database)
    first, second = await koji_files(database)
    assert (first.label, first.original_name, first.content_type) == (
        "説明書",
        "公示説明書（保健医療）.pdf",
        "application/pdf",
    )
    assert second.original_name == "様式集.docx" and second.content_type == uploads.CONTENT_TYPES["docx"]
    own = await client.get(f"/mypage/koji/{koji.id}/files/{first.id}")
    assert own.status_code == 200 and own.content == PDF
    assert f"filename*=UTF-8''{quote('公示説明書（保健医療）.pdf')}" in own.headers["content-disposition"]
    assert own.headers["content-disposition"].startswith("attachment;")
    assert own.headers["x-content-type-options"] == "nosniff"
    assert own.headers["content-type"].startswith("application/pdf")
    # public once approved
    assert (await client.get(f"/koji/{koji.id}/files/{first.id}")).status_code == 404
    async with database.session() as db:
        stored = await db.get(type(koji), koji.id)
        stored.status = NoticeStatus.APPROVED
    public = await client.get(f"/koji/{koji.id}/files/{second.id}")
    assert public.status_code == 200 and quote("様式集.docx") in public.headers["content-disposition"]
    page = await client.get(f"/koji/{koji.id}")
    assert "様式：様式集.docx" in page.text and "（Word、" in page.text
    # a file of another notice is not reachable through this one
    other = await make_koji(database, koji.organization_id, serial=9)
    assert (await client.get(f"/koji/{other.id}/files/{first.id}")).status_code == 404


async def test_a_draft_file_can_be_removed(client, database, settings):
    await as_jica(client, database)
    await post_koji(client, koji_form(), "save", files={"file-0": ("説明書.pdf", PDF, "application/pdf")})
    [koji], [file] = await kojis(database), await koji_files(database)
    removed = await client.post(
        f"/mypage/koji/{koji.id}/files/{file.id}/delete", headers=csrf_headers(client), follow_redirects=False
    )
    assert removed.status_code == 303 and await koji_files(database) == []
    assert _uploaded(settings) == []


async def _published(database):
    _, jica = await make_organization(database, JICA_EMAIL, jica=True)
    rows = []
    for serial in range(1, 26):
        rows.append(
            await make_koji(
                database,
                jica.id,
                serial=serial,
                country="KE" if serial % 2 else "VN",
                work_type="専門家業務" if serial % 3 else "調査業務",
                contract_type="業務実施契約" if serial % 5 else "業務実施契約（単独型）",
            )
        )
    await make_koji(database, jica.id, serial=90, status=NoticeStatus.DRAFT, title="下書きの公示")
    await make_koji(database, jica.id, serial=91, status=NoticeStatus.PENDING, title="承認待ちの公示")
    await make_koji(database, jica.id, serial=92, status=NoticeStatus.STOPPED, title="中止した公示")
    return rows


async def test_search_filters_and_paging_keep_every_filter(client, database, frozen_clock):
    rows = await _published(database)
    everything = await client.get("/koji")
    assert "<strong>25</strong>件の公示" in everything.text
    assert 'rel="alternate" type="application/atom+xml"' in everything.text
    for hidden in ("下書きの公示", "承認待ちの公示", "中止した公示"):
        assert hidden not in everything.text
    kenya = await client.get("/koji", params={"country": "KE"})
    assert "<strong>13</strong>件" in kenya.text
    survey = await client.get("/koji", params={"work_type": "調査業務", "country": "VN"})
    expected = [r for r in rows if r.country == "VN" and r.work_type == "調査業務"]
    assert f"<strong>{len(expected)}</strong>件" in survey.text
    single = await client.get("/koji", params={"contract_type": "業務実施契約（単独型）"})
    assert "<strong>5</strong>件" in single.text
    number = await client.get("/koji", params={"keyword": "2026-00007"})
    assert "<strong>1</strong>件" in number.text and "公示案件7</a>" in number.text
    # 提出期限 from-to (Japan-time days): serial n closes n days after the frozen now (12:00 JST)
    window = await client.get("/koji", params={"deadline_from": "2026-11-23", "deadline_to": "2026-11-25"})
    assert "<strong>3</strong>件" in window.text
    nearest = await client.get("/koji", params={"sort": "deadline"})
    assert nearest.text.index("公示案件1</a>") < nearest.text.index("公示案件2</a>")
    # page 2 of Kenya's 専門家業務, nearest deadline first: every filter is in the pager's links
    params = {"country": "KE", "work_type": "専門家業務", "sort": "deadline", "deadline_from": "2026-11-01"}
    first_page = await client.get("/koji", params={**params, "keyword": "公示案件"})
    for name, value in params.items():
        assert f'name="{name}"' in first_page.text and value in first_page.text
    kenya_experts = [r for r in rows if r.country == "KE" and r.work_type == "専門家業務"]
    assert f"<strong>{len(kenya_experts)}</strong>件" in first_page.text
    paged = await client.get("/koji", params={"sort": "deadline"})
    next_link = paged.text.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    assert "sort=deadline" in next_link and "page=2" in next_link
    page_two = await client.get(next_link.replace("&amp;", "&"))
    assert "公示案件21</a>" in page_two.text and "公示案件1</a>" not in page_two.text


async def test_the_filters_swap_the_results_in_place_for_htmx(client, database):
    await _published(database)
    fragment = await client.get(
        "/koji", params={"country": "VN"}, headers={"HX-Request": "true", "HX-Target": "search-results"}
    )
    assert fragment.status_code == 200 and "<strong>12</strong>件" in fragment.text
    assert "<html" not in fragment.text and "<h1>" not in fragment.text
    page = await client.get("/koji")
    assert 'hx-push-url="true"' in page.text and 'hx-target="#search-results"' in page.text


async def test_the_feed_lists_only_public_notices(client, database):
    await _published(database)
    feed = await client.get("/koji/feed.atom")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
    assert feed.text.count("<entry>") == 25
    assert "下書きの公示" not in feed.text and "承認待ちの公示" not in feed.text and "中止した公示" not in feed.text
    assert "http://testserver.local/koji/" in feed.text and "提出期限" in feed.text


async def test_a_draft_or_stopped_notice_is_a_404_on_the_public_page(client, database):
    _, jica = await make_organization(database, JICA_EMAIL, jica=True)
    statuses = (NoticeStatus.DRAFT, NoticeStatus.PENDING, NoticeStatus.RETURNED, NoticeStatus.STOPPED)
    for serial, status in enumerate(statuses, start=100):  # hash() of a str differs per process: collisions
        koji = await make_koji(database, jica.id, status=status, serial=serial)
        response = await client.get(f"/koji/{koji.id}")
        assert response.status_code == 404 and "この公示は掲載されていないか" in response.text
