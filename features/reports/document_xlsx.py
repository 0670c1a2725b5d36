"""The report as an Excel workbook (openpyxl): one sheet per section, the figures as rows and the
three periods (当期・前期・前年同期) as columns of numbers, the unit beside them, the notes below."""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.exports import Sheet, xlsx_bytes
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
    taken: set[str] = set()
    sheets = []
    for section in sections:
        comparison = section.comparison
        rows: list[list[object]] = [[f.label, f.current, f.previous, f.year_ago, f.unit] for f in section.figures]
        for note in section.notes:
            rows += [[], [note]]
        sheets.append(
            Sheet(
                name=sheet_title(section, taken),
                title=f"{title} {period.label}：{section.title}",
                header=(
                    "項目",
                    f"当期（{comparison.current.short_label}）",
                    f"前期（{comparison.previous.short_label}）",
                    f"前年同期（{comparison.year_ago.short_label}）",
                    "単位",
                ),
                rows=rows,
                widths={"A": 40, "B": 22, "C": 22, "D": 22},
            )
        )
    if not sections:
        sheets.append(Sheet(name="報告", title=f"{title} {period.label}：数値はありません。", header=(), rows=()))
    return xlsx_bytes(sheets)
