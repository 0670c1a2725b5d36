"""The report as an Excel workbook (openpyxl): one sheet per section, the figures as rows and the
three periods (当期・前期・前年同期) as columns of numbers, the unit beside them, the notes below."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

from app.exports import safe_cell
from features.reports.periods import Period
from features.reports.service import Section

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_title(section: Section, taken: set[str]) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet's name, each name once."""
    base = _SHEET_FORBIDDEN.sub("・", section.title)[:31] or section.key[:31]
    title, n = base, 2
    while title in taken:
        suffix = f"（{n}）"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


def build_xlsx(title: str, period: Period, sections: Sequence[Section]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    bold = Font(bold=True)
    for section in sections:
        sheet = book.create_sheet(sheet_title(section, taken))
        comparison = section.comparison
        sheet.append([f"{title} {period.label}：{section.title}"])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(
            [
                "項目",
                f"当期（{comparison.current.short_label}）",
                f"前期（{comparison.previous.short_label}）",
                f"前年同期（{comparison.year_ago.short_label}）",
                "単位",
            ]
        )
        for cell in sheet[2]:
            cell.font = bold
        for f in section.figures:
            sheet.append([safe_cell(f.label), f.current, f.previous, f.year_ago, f.unit])
        for note in section.notes:
            sheet.append([])
            sheet.append([safe_cell(note)])
        sheet.column_dimensions["A"].width = 40
        for column in "BCD":
            sheet.column_dimensions[column].width = 22
        sheet.freeze_panes = "B3"
    if not sections:
        book.create_sheet("報告").append([f"{title} {period.label}：数値はありません。"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
