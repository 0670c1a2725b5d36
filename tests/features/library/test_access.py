"""Who gets which file: every audience × persona for the current file, its thumbnail and its older
versions. Anyone the audience leaves out gets 404, as for an item that does not exist."""

from __future__ import annotations

from features.library import service
from features.library.models import Audience
from tests.features.library.helpers import add_version, as_persona, make_item, pdf, personas

ALLOWED = {
    "anonymous": {"public"},
    "individual": {"public"},
    "counselor": {"public"},
    "organization": {"organizations", "public"},
    "secretariat": {"staff", "organizations", "public"},
}


async def test_every_audience_against_every_persona(client, database, settings):
    items = {}
    for audience in ("staff", "organizations", "public"):
        item = await make_item(database, settings, title=f"{audience}の資料", audience=audience, filename="案内.pdf")
        await add_version(database, settings, item.id, pdf(f"{audience} 第2版"), "案内_第2版.pdf")
        items[audience] = item.id
    cookies = await personas(client, database)
    for persona, allowed in ALLOWED.items():
        await as_persona(client, cookies, persona)
        for audience, item_id in items.items():
            current = await client.get(f"/library/files/{item_id}")
            thumbnail = await client.get(f"/library/files/{item_id}/thumbnail")
            old = await client.get(f"/library/files/{item_id}/versions/1")
            expected = 200 if audience in allowed else 404
            assert (current.status_code, thumbnail.status_code) == (expected, expected), (persona, audience)
            assert old.status_code == (200 if persona == "secretariat" else 404), (persona, audience)
            if expected == 200:
                assert current.headers["content-type"] == "application/pdf"
                assert current.headers["content-disposition"].startswith("attachment;")
                assert (
                    "filename*=UTF-8''%E6%A1%88%E5%86%85_%E7%AC%AC2%E7%89%88.pdf"
                    in current.headers["content-disposition"]
                )
                assert current.headers["x-content-type-options"] == "nosniff"
                assert current.content.startswith(b"%PDF-")
                assert thumbnail.headers["content-type"] == "image/png" and thumbnail.content.startswith(b"\x89PNG")
            else:
                assert "案内" not in current.text and "%PDF" not in current.text
    await as_persona(client, cookies, "secretariat")
    assert (await client.get(f"/library/files/{items['public']}/versions/3")).status_code == 404
    assert (await client.get("/library/files/99999")).status_code == 404


async def test_an_organization_not_yet_approved_sees_only_public_files(database, settings):
    staff = await make_item(database, settings, audience="organizations")
    public = await make_item(database, settings, audience="public")
    pending = service.Viewer(role="organization", approved_organization=False)
    approved = service.Viewer(role="organization", approved_organization=True)
    async with database.session(write=False) as db:
        assert await service.visible_item(db, staff.id, pending) is None
        assert await service.visible_item(db, public.id, pending) is not None
        assert await service.visible_item(db, staff.id, approved) is not None
        assert service.audiences_for(service.Viewer()) == (Audience.PUBLIC,)


async def test_the_public_pr_tools_page_lists_public_pr_tools_with_banner_sizes(client, database, settings):
    from features.library import samples

    await make_item(
        database, settings, title="PARTNERバナー", category="banner", data=samples.banner_png(728, 90), filename="b.png"
    )
    await make_item(database, settings, title="公開パンフレット", category="pamphlet")
    await make_item(database, settings, title="団体向けリーフレット", category="leaflet", audience="organizations")
    await make_item(database, settings, title="事務局内ポスター", category="poster", audience="staff")
    await make_item(database, settings, title="公開テンプレート", category="template", audience="public")
    page = await client.get("/pr-tools")
    assert page.status_code == 200
    assert "PARTNERバナー" in page.text and "728×90ピクセル" in page.text and "公開パンフレット" in page.text
    for hidden in ("団体向けリーフレット", "事務局内ポスター", "公開テンプレート"):
        assert hidden not in page.text
    assert '<a href="/pr-tools"' in page.text  # the site navigation's 広報ツール


async def test_the_organizations_page_lists_their_items_and_public_ones(client, database, settings):
    await make_item(database, settings, title="団体向けリーフレット", category="leaflet", audience="organizations")
    await make_item(database, settings, title="公開テンプレート", category="template", audience="public")
    await make_item(database, settings, title="事務局内マニュアル", category="manual", audience="staff")
    cookies = await personas(client, database, ("organization", "individual"))
    await as_persona(client, cookies, "organization")
    page = await client.get("/mypage/library")
    assert page.status_code == 200 and "<h1>団体向け資料</h1>" in page.text
    assert "団体向けリーフレット" in page.text and "公開テンプレート" in page.text
    assert "事務局内マニュアル" not in page.text
    assert "団体向け資料" in (await client.get("/mypage")).text
    await as_persona(client, cookies, "individual")
    assert (await client.get("/mypage/library")).status_code == 403
    await as_persona(client, cookies, "anonymous")
    assert (await client.get("/mypage/library", follow_redirects=False)).status_code == 303


async def test_an_item_moved_to_staff_only_disappears_at_once(client, database, settings):
    from features.library.models import LibraryItem

    item = await make_item(database, settings, title="公開バナー", category="banner")
    assert (await client.get(f"/library/files/{item.id}/thumbnail")).headers["cache-control"] == "no-store"
    assert "公開バナー" in (await client.get("/pr-tools")).text
    async with database.session() as db:
        (await db.get(LibraryItem, item.id)).audience = "staff"
    assert (await client.get(f"/library/files/{item.id}")).status_code == 404
    assert (await client.get(f"/library/files/{item.id}/thumbnail")).status_code == 404
    assert "公開バナー" not in (await client.get("/pr-tools")).text
