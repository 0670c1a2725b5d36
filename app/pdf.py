"""Japanese PDF documents with fpdf2 and the Noto Sans CJK JP font.

The font's metrics (the slow part of loading it) are parsed once per process; each document
gets its own light font object, because fpdf2 subsets the font in place when it writes.
"""

from __future__ import annotations

import copy
import io
from functools import lru_cache

from fontTools import ttLib
from fpdf import FPDF
from fpdf.fonts import SubsetMap

FONT = "noto"


@lru_cache(maxsize=1)
def _font_bytes() -> bytes:
    import noto_cjk_sans_jp_regular

    return open(noto_cjk_sans_jp_regular.FONT_PATH, "rb").read()


@lru_cache(maxsize=1)
def _parsed_font():
    import noto_cjk_sans_jp_regular

    loader = FPDF()
    loader.add_font(FONT, fname=str(noto_cjk_sans_jp_regular.FONT_PATH))
    return loader.fonts[FONT]


def japanese_document() -> FPDF:
    """An A4 document with the Japanese font ready under the name "noto"."""
    pdf = FPDF(format="A4")
    font = copy.copy(_parsed_font())
    font.ttfont = ttLib.TTFont(io.BytesIO(_font_bytes()), recalcTimestamp=False, lazy=True)
    font._hbfont = None
    font.subset = SubsetMap(font)
    font.missing_glyphs = []
    font.i = 1
    font.biggest_size_pt = 0
    pdf.fonts[FONT] = font
    pdf.set_font(FONT, size=10.5)
    return pdf


def warm_up() -> None:
    """Parse the font ahead of the first request (called at start-up)."""
    _parsed_font()
    _font_bytes()
