"""Lead images: checked like every upload (app.uploads: the content must decode as JPEG or PNG),
then re-encoded with Pillow to a few widths (never upscaled), which drops EXIF and anything else
the file carried. Stored under generated names in var/, outside static/, served by a route."""

from __future__ import annotations

import io
import secrets

from PIL import Image, ImageOps
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, uploads
from app.config import Settings
from features.content.models import ContentImage

WIDTHS = (480, 960, 1440)
IMAGE_KINDS = frozenset({"jpeg", "png"})
REFUSED = "画像はJPEGまたはPNGのファイルを選択してください。"
MAX_PIXELS = 40_000_000  # a larger image is refused before it is decoded


class ImageRejected(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


AREA = "content_images"  # app.uploads writes and reads the renditions


def check(data: bytes, filename: str) -> None:
    """Raise ImageRejected unless the bytes are a JPEG or PNG image of a sane size."""
    try:
        uploads.check(data, filename, kinds=IMAGE_KINDS, refused=REFUSED)
        with Image.open(io.BytesIO(data)) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise ImageRejected("画像が大きすぎます（4000万画素まで）。")
    except uploads.UploadRejected as error:
        raise ImageRejected(error.message) from None


def widths_for(original: int) -> list[int]:
    """The renditions of an image `original` pixels wide: the standard widths below it and the
    original itself up to the largest (never upscaled): 800 → [480, 800], 2000 → [480, 960, 1440]."""
    return [*(w for w in WIDTHS[:-1] if w < original), min(original, WIDTHS[-1])]


async def store(db: AsyncSession, settings: Settings, data: bytes, filename: str, staff_id: int | None) -> ContentImage:
    check(data, filename)
    with Image.open(io.BytesIO(data)) as opened:
        image = ImageOps.exif_transpose(opened).convert("RGB")
    stored_name = secrets.token_hex(16)
    widths = widths_for(image.width)
    height = image.height
    for width in widths:
        rendition = (
            image
            if width == image.width
            else image.resize((width, max(1, round(image.height * width / image.width))), Image.Resampling.LANCZOS)
        )
        height = rendition.height
        # A fresh JPEG without the original's EXIF (place, camera) or ICC chunks.
        encoded = io.BytesIO()
        rendition.save(encoded, "JPEG", quality=85, optimize=True)
        uploads.store_derived(settings, encoded.getvalue(), AREA, f"{stored_name}w{width}")
    row = ContentImage(
        stored_name=stored_name,
        original_name=uploads.clean_filename(filename)[:200],
        width=widths[-1],
        height=height,
        widths=",".join(str(w) for w in widths),
        uploaded_by=staff_id,
        uploaded_at=clock.now(),
    )
    db.add(row)
    await db.flush()
    return row


def read(settings: Settings, image: ContentImage, width: int) -> bytes | None:
    if str(width) not in image.widths.split(",") or not image.stored_name.isalnum():
        return None
    try:
        return uploads.read(settings, f"{image.stored_name}w{width}", AREA)
    except FileNotFoundError:
        return None


def srcset(image: ContentImage, url_of) -> str:  # noqa: ANN001 — url_of(width) -> path
    return ", ".join(f"{url_of(int(w))} {w}w" for w in image.widths.split(","))


def height_at(image: ContentImage, width: int) -> int:
    return max(1, round(image.height * width / image.width))


async def image_row(db: AsyncSession, image_id: int) -> ContentImage | None:
    return await db.get(ContentImage, image_id)


def pick(image: ContentImage, limit: int) -> int:
    """The widest stored rendition not wider than `limit` (the smallest when all are wider): the
    `src` for browsers without srcset and the width/height the page reserves."""
    widths = [int(w) for w in image.widths.split(",")]
    return max((w for w in widths if w <= limit), default=widths[0])
