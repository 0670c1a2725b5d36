"""Files of a release: a PDF must be one (by content, not by name), images need 代替テキスト and are
re-encoded (scaled to 1200px, EXIF gone), at most three; a refused form stores nothing."""

from __future__ import annotations

import io

from PIL import Image

from features.press import images as press_images
from tests.features.press.helpers import (
    as_organization,
    images,
    jpeg_bytes,
    pdf_bytes,
    post,
    published_release,
    release,
    release_form,
    releases,
    save_new,
)


def _stored_files(settings) -> list:
    directory = settings.var_path / "uploads" / "press"
    return sorted(directory.iterdir()) if directory.exists() else []


async def test_a_text_file_named_pdf_is_refused_and_nothing_is_stored(client, database, settings, frozen_clock):
    await as_organization(client, database)
    refused = await save_new(
        client, files={"pdf": ("release.pdf", b"%PDF-1.4 <html>not a pdf</html>", "application/pdf")}
    )
    assert refused.status_code == 422 and "PDFファイルとして内容を確認できませんでした" in refused.text
    assert 'id="f-pdf"' in refused.text and 'aria-describedby="f-pdf-error"' in refused.text
    renamed = await save_new(client, files={"pdf": ("写真.pdf", jpeg_bytes(40, 40), "application/pdf")})
    assert renamed.status_code == 422 and "PDFファイルを選択してください" in renamed.text
    assert await releases(database) == [] and _stored_files(settings) == []


async def test_an_image_without_alt_text_is_refused(client, database, settings, frozen_clock):
    await as_organization(client, database)
    refused = await save_new(client, release_form(alt_1=" "), files={"image_1": ("a.jpg", jpeg_bytes(), "image/jpeg")})
    assert refused.status_code == 422 and "画像の代替テキスト（内容の説明）を入力してください" in refused.text
    assert await releases(database) == [] and _stored_files(settings) == []
    not_image = await save_new(
        client, release_form(alt_1="説明"), files={"image_1": ("a.png", pdf_bytes(), "image/png")}
    )
    assert not_image.status_code == 422 and "JPEGまたはPNG" in not_image.text


async def test_images_are_scaled_and_lose_their_exif(client, database, settings, frozen_clock):
    release_id = await published_release(client, database)
    await as_organization(client, database)  # back as the owner? published: not editable
    assert (await client.get(f"/mypage/press/{release_id}/edit")).status_code == 403

    saved = await save_new(
        client,
        release_form(alt_1="署名式の様子", alt_2="小さな図"),
        files={
            "image_1": ("署名式.jpg", jpeg_bytes(2400, 1600), "image/jpeg"),
            "image_2": ("図.jpg", jpeg_bytes(300, 200, exif=False), "image/jpeg"),
            "pdf": ("発表資料.pdf", pdf_bytes(), "application/pdf"),
        },
    )
    assert saved.status_code == 303, saved.text
    new_id = int(saved.headers["location"].split("/")[-2])
    rows = await images(database, new_id)
    assert [(r.width, r.height, r.alt) for r in rows] == [(1200, 800, "署名式の様子"), (300, 200, "小さな図")]
    served = await client.get(f"/press/{new_id}/images/{rows[0].id}")
    assert served.status_code == 200 and served.headers["content-type"] == "image/jpeg"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert b"SecretCameraMaker" not in served.content
    with Image.open(io.BytesIO(served.content)) as image:
        assert image.size == (1200, 800) and not image.getexif()
    page = (await client.get(f"/mypage/press/{new_id}")).text
    assert 'alt="署名式の様子" width="1200" height="800"' in page

    pdf = await client.get(f"/press/{new_id}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "filename*=UTF-8''%E7%99%BA%E8%A1%A8%E8%B3%87%E6%96%99.pdf" in pdf.headers["content-disposition"]

    # Edit: remove one image, change the other's alt, replace the PDF; the old files go after commit.
    before = set(_stored_files(settings))
    edited = await post(
        client,
        f"/mypage/press/{new_id}/save",
        release_form(**{f"remove_image_{rows[1].id}": "1", f"alt_existing_{rows[0].id}": "新しい説明"}),
        files={"pdf": ("差替.pdf", pdf_bytes("v2"), "application/pdf")},
    )
    assert edited.status_code == 303
    (kept,) = await images(database, new_id)
    assert kept.alt == "新しい説明"
    row = await release(database, new_id)
    assert row.pdf_original_name == "差替.pdf"
    after = set(_stored_files(settings))
    assert len(after) == len(before) - 1  # one image and the old PDF gone, the new PDF added


async def test_no_more_than_three_images(client, database, frozen_clock):
    await as_organization(client, database)
    files = {f"image_{n}": (f"{n}.jpg", jpeg_bytes(100, 100), "image/jpeg") for n in (1, 2, 3)}
    saved = await save_new(client, release_form(alt_1="一", alt_2="二", alt_3="三"), files=files)
    assert saved.status_code == 303
    release_id = int(saved.headers["location"].split("/")[-2])
    form = (await client.get(f"/mypage/press/{release_id}/edit")).text
    assert 'name="image_1"' not in form  # no empty slot left
    assert len(await images(database, release_id)) == 3


def test_a_png_stays_png_and_a_huge_one_is_refused(monkeypatch):
    image = Image.new("RGBA", (50, 40), (0, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    processed = press_images.process(buffer.getvalue(), "図.png")
    assert processed.filename == "図.png" and (processed.width, processed.height) == (50, 40)
    assert processed.data.startswith(b"\x89PNG")
    monkeypatch.setattr(press_images, "MAX_PIXELS", 1000)
    try:
        press_images.process(buffer.getvalue(), "図.png")
    except press_images.ImageRefused as refused:
        assert "大きすぎます" in refused.message
    else:
        raise AssertionError("a picture over MAX_PIXELS was accepted")


async def test_an_image_too_large_to_process_leaves_no_draft_behind(
    client, database, settings, frozen_clock, monkeypatch
):
    await as_organization(client, database)
    monkeypatch.setattr(press_images, "MAX_PIXELS", 1000)
    refused = await save_new(
        client, release_form(alt_2="大きな写真"), files={"image_2": ("big.jpg", jpeg_bytes(), "image/jpeg")}
    )
    assert refused.status_code == 422 and "画像が大きすぎます" in refused.text
    assert 'aria-describedby="f-image_2-error"' in refused.text
    assert await releases(database) == [] and _stored_files(settings) == []
