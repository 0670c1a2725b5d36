"""Thumbnails: a real pdftoppm run on a generated PDF, an image scaled by Pillow with its pixel size
recorded, and files that cannot be rendered (an encrypted PDF, pdftoppm missing or too slow) saved
with the generic icon instead of failing."""

from __future__ import annotations

import io
import shutil

import pytest
from PIL import Image
from pypdf import PdfWriter

from features.library import samples, thumbnails
from tests.features.library.helpers import as_office, make_item, pdf, post, versions


async def test_pdftoppm_renders_the_first_page_of_a_generated_pdf():
    assert shutil.which("pdftoppm"), "poppler-utils (Makefile SYSTEM_PACKAGES) must be installed"
    rendered = await thumbnails.render(samples.pdf_document("表紙", ["本文"], pages=3), "application/pdf")
    with Image.open(io.BytesIO(rendered.png)) as image:
        assert image.format == "PNG" and max(image.size) == thumbnails.THUMBNAIL_PX
        assert image.size[1] > image.size[0]  # A4 portrait
        assert image.convert("RGB").getpixel((image.size[0] // 2, 5)) == samples.NAVY  # the title band
    assert rendered.width is None  # a PDF has no pixel size


async def test_an_image_gets_a_thumbnail_and_its_pixel_size(client, database, settings):
    item = await make_item(
        database, settings, title="バナー", category="banner", data=samples.banner_png(728, 90), filename="b.png"
    )
    [version] = await versions(database, item.id)
    assert (version.width, version.height) == (728, 90) and version.content_type == "image/png"
    png = (settings.var_path / "uploads" / "library" / version.thumbnail_name).read_bytes()
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (320, 40)
    response = await client.get(f"/library/files/{item.id}/thumbnail")
    assert response.status_code == 200 and response.content == png


def _encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


async def test_an_unrenderable_pdf_is_saved_with_the_generic_icon(client, database, settings):
    await as_office(client, database)
    response = await post(
        client,
        "/admin/library",
        {"title": "暗号化PDF", "category": "manual", "audience": "staff"},
        {"file": ("locked.pdf", _encrypted_pdf(), "application/pdf")},
    )
    assert response.status_code == 303
    item_id = int(response.headers["location"].rsplit("/", 1)[1])
    [version] = await versions(database, item_id)
    assert version.thumbnail_name is None and version.content_type == "application/pdf"
    page = (await client.get(response.headers["location"])).text
    assert "library-thumb--icon" in page and "PDF" in page
    assert (await client.get(f"/library/files/{item_id}/thumbnail")).status_code == 404
    assert (await client.get(f"/library/files/{item_id}")).status_code == 200


async def test_a_missing_or_slow_renderer_gives_no_thumbnail(monkeypatch, tmp_path):
    monkeypatch.setattr(thumbnails, "PDFTOPPM", str(tmp_path / "no-such-pdftoppm"))
    assert (await thumbnails.render(pdf(), "application/pdf")).png is None
    slow = tmp_path / "slow-pdftoppm"
    slow.write_text("#!/bin/sh\nexec sleep 30\n")
    slow.chmod(0o755)
    monkeypatch.setattr(thumbnails, "PDFTOPPM", str(slow))
    assert (await thumbnails.render(pdf(), "application/pdf", timeout=0.2)).png is None


@pytest.mark.parametrize("content_type", ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"])
async def test_office_files_get_the_generic_icon(content_type):
    assert (await thumbnails.render(samples.docx_document(["本文"]), content_type)).png is None


async def test_a_broken_image_gives_no_thumbnail():
    assert (await thumbnails.render(b"\x89PNG\r\n\x1a\nbroken", "image/png")).png is None


async def test_the_daily_sweep_removes_only_files_no_version_points_to(database, settings, frozen_clock):
    import os
    from datetime import timedelta

    from features.library import service

    item = await make_item(database, settings)
    [version] = await versions(database, item.id)
    directory = settings.var_path / "uploads" / "library"
    orphan = directory / "0123456789abcdef0123456789abcdef"
    orphan.write_bytes(b"left by a failed upload")
    old = (frozen_clock.current - timedelta(days=1)).timestamp()
    for path in directory.iterdir():
        os.utime(path, (old, old))
    async with database.session() as db:
        assert await service.sweep_orphan_files(db, settings) == 1
    assert not orphan.exists()
    assert (directory / version.stored_name).exists() and (directory / version.thumbnail_name).exists()
