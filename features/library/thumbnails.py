"""Thumbnails of library files: an image is scaled down with Pillow; a PDF's first page is rendered
by poppler's `pdftoppm`, run as a subprocess (never through a shell) with a timeout and a cap on
what it may write. Any other kind, or a file that cannot be rendered, gets no thumbnail (the pages
show a generic icon) — a broken file never fails the upload."""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
from dataclasses import dataclass

from PIL import Image

log = logging.getLogger(__name__)

THUMBNAIL_PX = 320  # the longer side of a thumbnail
MAX_THUMBNAIL_BYTES = 2 * 1024 * 1024  # what pdftoppm may write for one page at that size
PDFTOPPM = "pdftoppm"
IMAGE_TYPES = frozenset({"image/png", "image/jpeg"})


@dataclass(frozen=True)
class Rendered:
    png: bytes | None  # the thumbnail, or None (generic icon)
    width: int | None = None  # an image's own size in pixels
    height: int | None = None


def _scaled_png(data: bytes) -> tuple[bytes, int, int]:
    """The image's size and a PNG no larger than THUMBNAIL_PX on its longer side (Pillow refuses
    a decompression bomb with an exception)."""
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
        image.draft("RGB", (THUMBNAIL_PX, THUMBNAIL_PX))  # JPEG: decode at a reduced scale
        copy = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
        copy.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
        out = io.BytesIO()
        copy.save(out, format="PNG", optimize=True)
        return out.getvalue(), width, height


async def _image(data: bytes) -> Rendered:
    try:
        png, width, height = await asyncio.to_thread(_scaled_png, data)
    except Exception:  # Pillow raises many kinds on broken input
        log.warning("library: image thumbnail failed", exc_info=True)
        return Rendered(None)
    return Rendered(png, width, height)


async def _pdf_first_page(data: bytes, timeout: float) -> bytes | None:
    """The first page as PNG: the PDF goes in on stdin and the image comes back on stdout, so
    nothing is written to disk (only app.uploads writes files)."""
    try:
        process = await asyncio.create_subprocess_exec(
            PDFTOPPM,
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            "-png",
            "-scale-to",
            str(THUMBNAIL_PX),
            "-",  # read the PDF from stdin; with no output root, the PNG goes to stdout
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
    except OSError:
        log.warning("library: pdftoppm could not be started", exc_info=True)
        return None
    try:
        output, _ = await asyncio.wait_for(process.communicate(data), timeout)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()
        log.warning("library: pdftoppm timed out")
        return None
    if process.returncode != 0 or not output or len(output) > MAX_THUMBNAIL_BYTES:
        return None
    return output


async def render(data: bytes, content_type: str, *, timeout: float = 20) -> Rendered:
    """The thumbnail (and an image's pixel size) of one uploaded file."""
    if content_type in IMAGE_TYPES:
        return await _image(data)
    if content_type == "application/pdf":
        page = await _pdf_first_page(data, timeout)
        if page is None:
            return Rendered(None)
        rendered = await _image(page)  # re-encoded by Pillow: only a real PNG is ever served
        return Rendered(rendered.png)
    return Rendered(None)
