"""One organization never sees or changes another's releases: every route with a release id
answers organization B with a 404 (an audit row names the intruder), and nothing changes."""

from __future__ import annotations

from sqlalchemy import select

from app.audit import AuditEvent
from features.press.models import ReleaseStatus
from tests.features.press.helpers import (
    ORG_B,
    as_organization,
    jpeg_bytes,
    pdf_bytes,
    post,
    published_release,
    release,
    release_form,
    save_new,
)


async def _draft_with_files(client, database) -> int:
    await as_organization(client, database)
    saved = await save_new(
        client,
        release_form(alt_1="会見の様子"),
        files={"pdf": ("資料.pdf", pdf_bytes(), "application/pdf"), "image_1": ("a.jpg", jpeg_bytes(), "image/jpeg")},
    )
    assert saved.status_code == 303, saved.text
    return int(saved.headers["location"].split("/")[-2])


async def test_another_organization_gets_404_everywhere_and_an_audit_row(client, database, frozen_clock):
    release_id = await _draft_with_files(client, database)
    async with database.session(write=False) as db:
        from features.press.models import PressImage

        image_id = (await db.execute(select(PressImage.id))).scalar_one()
    # The owner sees its draft's files (the preview shows them); the public does not.
    assert (await client.get(f"/press/{release_id}/pdf")).status_code == 200
    assert (await client.get(f"/press/{release_id}/images/{image_id}")).status_code == 200

    await as_organization(client, database, ORG_B)
    for url in (f"/mypage/press/{release_id}", f"/mypage/press/{release_id}/edit"):
        response = await client.get(url)
        assert response.status_code == 404 and "カンボジア" not in response.text, url
    fragment = await client.get(
        f"/mypage/press/{release_id}/edit", headers={"HX-Request": "true", "HX-Target": "press-form"}
    )
    assert fragment.status_code == 404 and "カンボジア" not in fragment.text
    for action in ("save", "preview", "submit", "withdraw"):
        response = await post(client, f"/mypage/press/{release_id}/{action}", release_form(title="乗っ取り"))
        assert response.status_code == 404, action
    assert (await client.get(f"/press/{release_id}/pdf")).status_code == 404
    assert (await client.get(f"/press/{release_id}/images/{image_id}")).status_code == 404
    assert "カンボジア" not in (await client.get("/mypage/press")).text

    row = await release(database, release_id)
    assert row.title == "カンボジアで算数教材の共同開発を開始" and row.status == ReleaseStatus.DRAFT
    async with database.session(write=False) as db:
        audits = list((await db.execute(select(AuditEvent).where(AuditEvent.target_type == "press_release"))).scalars())
    assert len(audits) >= 7 and all(a.target_id == str(release_id) or a.target_id == release_id for a in audits)


async def test_another_organization_cannot_withdraw_a_published_release(client, database, frozen_clock):
    release_id = await published_release(client, database)
    await as_organization(client, database, ORG_B)
    assert (await post(client, f"/mypage/press/{release_id}/withdraw")).status_code == 404
    assert (await release(database, release_id)).status == ReleaseStatus.PUBLISHED
    assert (await client.get(f"/press/{release_id}")).status_code == 200  # public, as anyone sees it
