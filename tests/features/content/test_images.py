"""Lead images: the upload checks (images only, by content: 422 otherwise), 代替テキスト required,
renditions at a few widths (never upscaled, EXIF gone), srcset/sizes with width and height on
the page, and a draft's image hidden from the public."""

from __future__ import annotations

import io
import re

from PIL import Image
from sqlalchemy import func, select

from features.content import images
from features.content.models import ContentImage, ContentItem
from tests.features.content.helpers import REVIEWER, as_staff, form, freeze, load, picture, post


async def _count(database, table) -> int:
    async with database.session(write=False) as db:
        return await db.scalar(select(func.count()).select_from(table))


def test_widths_never_upscale():
    assert images.widths_for(2000) == [480, 960, 1440]
    assert images.widths_for(1440) == [480, 960, 1440]
    assert images.widths_for(800) == [480, 800]
    assert images.widths_for(300) == [300]


async def test_a_file_that_is_not_an_image_is_refused_with_422(client, database, frozen_clock):
    freeze(frozen_clock)
    await as_staff(client, database)
    fake = await post(
        client, "/admin/content", form(image_alt="説明"), files={"image": ("photo.jpg", b"<script>", "image/jpeg")}
    )
    assert fake.status_code == 422 and 'id="f-image-error"' in fake.text
    polyglot = b"\xff\xd8\xff\xe0" + b"<html><script>alert(1)</script></html>"
    broken = await post(
        client, "/admin/content", form(image_alt="説明"), files={"image": ("a.jpg", polyglot, "image/jpeg")}
    )
    assert broken.status_code == 422 and "JPEG画像ファイルとして内容を確認できませんでした" in broken.text
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    refused = await post(
        client, "/admin/content", form(image_alt="説明"), files={"image": ("a.pdf", pdf, "application/pdf")}
    )
    assert refused.status_code == 422
    assert await _count(database, ContentItem) == 0 and await _count(database, ContentImage) == 0


async def test_an_image_without_alt_text_is_refused_with_422(client, database, frozen_clock):
    freeze(frozen_clock)
    await as_staff(client, database)
    response = await post(
        client, "/admin/content", form(image_alt=""), files={"image": ("p.jpg", picture(), "image/jpeg")}
    )
    assert response.status_code == 422
    assert "画像の内容を説明する代替テキストを入力してください" in response.text
    assert (
        'id="f-image_alt"' in response.text and 'aria-describedby="f-image_alt-hint f-image_alt-error"' in response.text
    )
    assert await _count(database, ContentImage) == 0


async def test_an_uploaded_image_is_resized_stripped_and_served_with_srcset(client, database, settings, frozen_clock):
    freeze(frozen_clock)
    await as_staff(client, database)
    created = await post(
        client,
        "/admin/content",
        form(image_alt="村の保健センターで説明する隊員"),
        files={"image": ("写真.jpg", picture(1600, 900, exif=True), "image/jpeg")},
    )
    assert created.status_code == 303, created.text
    item_id = int(created.headers["location"].rsplit("/", 1)[1])
    async with database.session(write=False) as db:
        row = await db.scalar(select(ContentImage))
    assert row.widths == "480,960,1440" and (row.width, row.height) == (1440, 810)
    # A draft's image: staff see it, the public does not.
    staff_view = await client.get(f"/content/images/{row.id}/960")
    assert staff_view.status_code == 200 and staff_view.headers["content-type"] == "image/jpeg"
    served = Image.open(io.BytesIO(staff_view.content))
    assert served.size == (960, 540) and not served.getexif()
    assert (await client.get(f"/content/images/{row.id}/700")).status_code == 404  # not a stored width
    # Keeping the image still needs its alt text.
    kept = await post(client, f"/admin/content/{item_id}", form(image_alt=""))
    assert kept.status_code == 422 and "代替テキスト" in kept.text
    await post(client, f"/admin/content/{item_id}/submit")
    await as_staff(client, database, REVIEWER)
    assert (await post(client, f"/admin/content/{item_id}/approve")).status_code == 303
    client.cookies.clear()
    page = (await client.get(f"/content/{item_id}")).text
    tag = re.search(r'<img class="content-image"[^>]*>', page)[0]
    for width in (480, 960, 1440):
        assert f"/content/images/{row.id}/{width} {width}w" in tag
    assert 'sizes="' in tag and 'width="960"' in tag and 'height="540"' in tag
    assert 'alt="村の保健センターで説明する隊員"' in tag
    public = await client.get(f"/content/images/{row.id}/480")
    assert public.status_code == 200 and "public" in public.headers["cache-control"]
    assert Image.open(io.BytesIO(public.content)).size == (480, 270)


async def test_removing_the_image_needs_no_alt_text(client, database, frozen_clock):
    freeze(frozen_clock)
    await as_staff(client, database)
    created = await post(
        client,
        "/admin/content",
        form(image_alt="説明"),
        files={"image": ("p.png", picture(600, 400, "PNG"), "image/png")},
    )
    item_id = int(created.headers["location"].rsplit("/", 1)[1])
    removed = await post(client, f"/admin/content/{item_id}", {**form(image_alt=""), "remove_image": "1"})
    assert removed.status_code == 303
    assert (await load(database, item_id)).latest_version_id is not None
    page = (await client.get(f"/admin/content/{item_id}")).text
    assert "現在の画像" not in page
