"""履歴書PDF: 一般履歴書 or 専門家履歴書, A4, 登録コード and page numbers on every page."""

from __future__ import annotations

from app.pdf import FONT, japanese_document
from app.reference import COUNTRIES, LANGUAGE_LEVELS, LANGUAGES, SECTORS
from features.talent.forms import PROFILE_LABELS, SECTIONS

LOOKUP = {
    "country": dict(COUNTRIES),
    "sector": dict(SECTORS),
    "language": dict(LANGUAGES),
    "level": dict(LANGUAGE_LEVELS),
}


class _Resume:
    def __init__(self, title: str, registration_code: str) -> None:
        self.pdf = japanese_document()
        self.title = title
        self.code = registration_code
        pdf = self.pdf
        pdf.set_auto_page_break(auto=True, margin=18)
        pdf.set_title(f"{title} {registration_code}")
        pdf.header = self._header  # fpdf2 calls these on every page
        pdf.footer = self._footer
        pdf.add_page()

    def _header(self) -> None:
        pdf = self.pdf
        pdf.set_font(FONT, size=9)
        pdf.cell(0, 6, f"PARTNER {self.title}　登録コード：{self.code}", align="R")
        pdf.ln(8)

    def _footer(self) -> None:
        pdf = self.pdf
        pdf.set_y(-14)
        pdf.set_font(FONT, size=9)
        pdf.cell(0, 6, f"{pdf.page_no()} / {{nb}}", align="C")

    def heading(self, text: str) -> None:
        pdf = self.pdf
        pdf.ln(2)
        pdf.set_font(FONT, size=12)
        pdf.set_fill_color(232, 240, 249)
        pdf.cell(0, 8, text, fill=True, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, size=10.5)

    def line(self, label: str, value: str) -> None:
        pdf = self.pdf
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(0, 6.5, f"{label}：{value}" if label else value, new_x="LMARGIN", new_y="NEXT")

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def _shown(name: str, value: str) -> str:
    for key, table in LOOKUP.items():
        if name == key or name.endswith(key):
            return table.get(value, value)
    return value


def render(person: dict, resume, rows: dict[str, list[dict]], *, expert: bool) -> bytes:
    """person: 氏名 and registration data the person (or an allowed organization) may see."""
    doc = _Resume("専門家履歴書" if expert else "一般履歴書", person["registration_code"])
    doc.pdf.set_font(FONT, size=16)
    doc.pdf.cell(0, 10, doc.title, new_x="LMARGIN", new_y="NEXT")
    doc.pdf.set_font(FONT, size=10.5)
    for label, value in person["lines"]:
        doc.line(label, value)
    doc.heading("希望条件・専門分野")
    for name in (
        "specialty_main",
        "specialty_sub",
        "education_level",
        "wish_location",
        "wish_term",
        "wish_employment",
        "available_from",
    ):
        value = getattr(resume, name, "") if resume else ""
        if value:
            doc.line(PROFILE_LABELS[name], _shown("sector" if name.startswith("specialty") else name, value))
    for section in SECTIONS:
        if section.expert_only and not expert:
            continue
        section_rows = rows.get(section.key, [])
        if not section_rows:
            continue
        doc.heading(section.label)
        for row in section_rows:
            parts = [
                f"{spec.label}：{_shown(spec.name, row.get(spec.name, ''))}"
                for spec in section.fields
                if row.get(spec.name)
            ]
            doc.line("", "　".join(parts))
    if resume and resume.self_pr:
        doc.heading("自己PR")
        doc.line("", resume.self_pr)
    return doc.output()
