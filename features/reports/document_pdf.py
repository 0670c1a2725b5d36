"""The report as a PDF (fpdf2, the Japanese font of app/pdf.py): a title page heading, then each
section as the page shows it — a bar chart and its table. The chart is drawn with fpdf2's own
rectangles rather than the page's pygal SVG: turning SVG into an image needs cairo, which the
servers do not have, and rectangles keep the file small and the text extractable."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from fpdf import FPDF

from app import clock
from app.pdf import FONT, japanese_document
from features.reports.periods import Period
from features.reports.service import Figure, Section

# 当期・前期・前年同期: the page's chart colours (pygal's default style), darkest first.
COLOURS = ((242, 101, 34), (55, 123, 187), (110, 110, 110))
SERIES = ("当期", "前期", "前年同期")
HEADERS = ("項目", "当期", "前期", "前期比", "前年同期", "前年同期比")
WIDTHS = (70, 22, 22, 26, 22, 28)  # mm, 190 in all (A4 less 10 mm margins)
LABEL_WIDTH = 62
BAR_AREA = 110
BAR_HEIGHT = 3.2


def _number(value) -> float:
    return float(value) if value is not None else 0.0


def _fitted(pdf: FPDF, text: str, width: float, size: float) -> None:
    """Set a font size at which `text` fits `width` (long Japanese labels shrink, down to 5.5 pt)."""
    pdf.set_font(FONT, size=size)
    while size > 5.5 and pdf.get_string_width(text) > width - 1.5:
        size -= 0.5
        pdf.set_font(FONT, size=size)


def _chart(pdf: FPDF, section: Section) -> None:
    shown = [f for f in section.figures if f.charted]
    if not shown:
        return
    height = len(shown) * (3 * BAR_HEIGHT + 2.5) + 10
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()
    top = pdf.get_y()
    left = pdf.l_margin
    highest = max((_number(getattr(f, a)) for f in shown for a in ("current", "previous", "year_ago")), default=0)
    scale = BAR_AREA / highest if highest > 0 else 0
    pdf.set_font(FONT, size=7.5)
    # The legend, one swatch per period, above the bars.
    x = left
    for name, period, colour in zip(SERIES, section.comparison.periods, COLOURS, strict=True):
        pdf.set_fill_color(*colour)
        pdf.rect(x, top + 0.8, 3, 3, style="F")
        text = f"{name}（{period.short_label}）"
        pdf.set_xy(x + 4, top)
        pdf.cell(pdf.get_string_width(text) + 1, 4.5, text)
        x += pdf.get_string_width(text) + 9
    y = top + 6.5
    for f in shown:
        pdf.set_xy(left, y)
        _fitted(pdf, f.label, LABEL_WIDTH - 2, 7.5)
        pdf.cell(LABEL_WIDTH - 2, 3 * BAR_HEIGHT, f.label, align="R")
        pdf.set_font(FONT, size=7.5)
        for index, (attr, colour) in enumerate(zip(("current", "previous", "year_ago"), COLOURS, strict=True)):
            value = getattr(f, attr)
            bar_y = y + index * BAR_HEIGHT
            width = _number(value) * scale
            if width > 0:
                pdf.set_fill_color(*colour)
                pdf.rect(left + LABEL_WIDTH, bar_y + 0.3, max(width, 0.3), BAR_HEIGHT - 0.6, style="F")
            pdf.set_xy(left + LABEL_WIDTH + width + 1, bar_y)
            pdf.cell(18, BAR_HEIGHT, f.values[index])
        y += 3 * BAR_HEIGHT + 2.5
    pdf.set_draw_color(160, 160, 160)
    pdf.line(left + LABEL_WIDTH, top + 6, left + LABEL_WIDTH, y - 2)
    pdf.set_xy(left, y)
    pdf.set_font(FONT, size=9)


def _row(pdf: FPDF, cells: Sequence[str], *, header: bool = False) -> None:
    if pdf.get_y() + 6 > pdf.page_break_trigger:
        pdf.add_page()
    if header:
        pdf.set_fill_color(235, 238, 242)
    for index, (text, width) in enumerate(zip(cells, WIDTHS, strict=True)):
        align = "L" if index == 0 else "R"
        _fitted(pdf, text, width, 8)
        pdf.cell(width, 6, text, border=1, align="C" if header else align, fill=header)
    pdf.ln(6)


def _table(pdf: FPDF, section: Section) -> None:
    comparison = section.comparison
    pdf.set_font(FONT, size=7.5)
    pdf.cell(
        0,
        5,
        f"当期：{comparison.current.short_label}　前期：{comparison.previous.short_label}"
        f"　前年同期：{comparison.year_ago.short_label}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    _row(pdf, HEADERS, header=True)
    for f in section.figures:
        _row(pdf, figure_cells(f))


def figure_cells(f: Figure) -> tuple[str, str, str, str, str, str]:
    current, previous, year_ago = f.values
    return (f.label, current, previous, f.change_previous, year_ago, f.change_year)


def build_pdf(title: str, period: Period, sections: Sequence[Section], made_at: datetime | None = None) -> bytes:
    """The document's bytes."""
    made_at = clock.to_jst(made_at or clock.now())
    pdf = japanese_document()
    pdf.set_title(f"{title} {period.label}")
    pdf.set_author("PARTNER事務局")
    pdf.set_auto_page_break(True, margin=14)
    pdf.set_margins(10, 12, 10)
    pdf.add_page()
    pdf.set_font(FONT, size=16)
    pdf.cell(0, 10, f"{title}　{period.label}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=9)
    pdf.cell(
        0,
        6,
        f"期間：{period.first:%Y-%m-%d}〜{period.last:%Y-%m-%d}（日本時間）　作成：{made_at:%Y-%m-%d %H:%M}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.cell(0, 6, "各項目を前期・前年同期と並べて示します。", new_x="LMARGIN", new_y="NEXT")
    for section in sections:
        if pdf.get_y() + 30 > pdf.page_break_trigger:
            pdf.add_page()
        pdf.ln(3)
        pdf.set_font(FONT, size=12)
        pdf.cell(0, 8, section.title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, size=9)
        _chart(pdf, section)
        _table(pdf, section)
        pdf.set_font(FONT, size=8)
        for note in section.notes:
            pdf.multi_cell(0, 5, note, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
