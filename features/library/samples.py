"""Files the demo library is made of (and the tests reuse): a pamphlet PDF written with fpdf2 in the
Japanese font app/pdf.py uses, banners drawn with Pillow in the usual banner sizes, and a Word
letter template built as a minimal Office Open XML package."""

from __future__ import annotations

import io
import zipfile
from functools import lru_cache
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

from app.pdf import FONT, japanese_document

BANNER_SIZES = ((234, 60), (468, 60), (728, 90), (300, 250))
NAVY = (0, 61, 122)
SKY = (230, 242, 252)


def pdf_document(title: str, lines: list[str], *, pages: int = 1) -> bytes:
    pdf = japanese_document()
    for page in range(pages):
        pdf.add_page()
        pdf.set_fill_color(*NAVY)
        pdf.rect(0, 0, 210, 40, style="F")
        pdf.set_text_color(255, 255, 255)
        pdf.set_font(FONT, size=22)
        pdf.set_xy(15, 14)
        pdf.cell(0, 12, title if page == 0 else f"{title}（{page + 1}）")
        pdf.set_text_color(0, 0, 0)
        pdf.set_font(FONT, size=12)
        pdf.set_xy(15, 55)
        for line in lines:
            pdf.multi_cell(180, 8, line)
            pdf.ln(2)
    return bytes(pdf.output())


@lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        import noto_cjk_sans_jp_regular

        return ImageFont.truetype(str(noto_cjk_sans_jp_regular.FONT_PATH), size)
    except Exception:  # no font: Pillow's own (ASCII only)
        return ImageFont.load_default()


def banner_png(width: int, height: int, text: str = "PARTNER 国際協力キャリア総合情報サイト") -> bytes:
    image = Image.new("RGB", (width, height), NAVY)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height - max(4, height // 12), width, height), fill=SKY)
    size = max(10, min(height // 3, width // max(len(text), 1) + 4))
    draw.text((max(6, width // 30), height // 2 - size), "PARTNER", fill=(255, 255, 255), font=_font(size + 2))
    if height >= 60:
        draw.text((max(6, width // 30), height // 2 + 2), text, fill=SKY, font=_font(max(8, size - 4)))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def docx_document(paragraphs: list[str]) -> bytes:
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>' for p in paragraphs)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _DOCX_TYPES)
        archive.writestr("_rels/.rels", _DOCX_RELS)
        archive.writestr("word/document.xml", document)
    return out.getvalue()
