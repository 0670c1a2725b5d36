"""Images of a press release: checked like every upload (the content decides: a JPEG or PNG that
decodes), then re-encoded with Pillow — turned upright, scaled down to WIDTH, and written without
EXIF (a camera's location and serial number never reach the public page)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps

from app import uploads

KINDS = frozenset({"jpeg", "png"})
REFUSED = "画像はJPEGまたはPNGのファイルを選択してください。"
WIDTH = 1200  # wide enough for the release page at twice its column width
MAX_PIXELS = 40_000_000  # refused above this before the pixels are decoded


@dataclass(frozen=True)
class ProcessedImage:
    data: bytes
    filename: str  # with the extension of what it now is
    width: int
    height: int


class ImageRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check(data: bytes, filename: str) -> str:
    """uploads' checks (size, kind by content); raises ImageRefused."""
    try:
        return uploads.check(data, filename, kinds=KINDS, refused=REFUSED)
    except uploads.UploadRejected as rejected:
        raise ImageRefused(rejected.message) from None


def process(data: bytes, filename: str) -> ProcessedImage:
    """Upright, at most WIDTH wide, no metadata. PNG stays PNG (transparency, screenshots), anything
    else becomes JPEG."""
    kind = check(data, filename)
    try:
        with Image.open(io.BytesIO(data), formats=["JPEG", "PNG"]) as source:
            if source.width * source.height > MAX_PIXELS:
                raise ImageRefused("画像が大きすぎます（4000万画素まで）。")
            image = ImageOps.exif_transpose(source)
            image.load()
    except ImageRefused:
        raise
    except Exception:  # Pillow raises many kinds on broken input
        raise ImageRefused("画像を読み込めませんでした。ファイルが壊れていないか確認してください。") from None
    if image.width > WIDTH:
        image = image.resize((WIDTH, max(1, round(image.height * WIDTH / image.width))), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    stem = uploads.clean_filename(filename).rsplit(".", 1)[0] or "image"
    if kind == "png":
        image.save(buffer, format="PNG", optimize=True)  # no exif=, no text chunks: nothing carried over
        name = f"{stem}.png"
    else:
        image.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True)
        name = f"{stem}.jpg"
    return ProcessedImage(buffer.getvalue(), name, image.width, image.height)
