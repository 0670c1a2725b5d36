"""The PDFs of the day and after: 受付名簿 (the reception's list with a tick box per person) and the
報告書 (overview, registration and attendance figures, the attribute analysis as tables with bars,
the survey's results). Built from plain values only, so they are tested without a database."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fpdf.fonts import FontFace

from app.clock import to_jst
from app.pdf import FONT, japanese_document

if TYPE_CHECKING:  # analysis reads the rows through checkin, which builds the 受付名簿 here
    from features.seminars.analysis import Analysis, AttributeCount


@dataclass(frozen=True)
class RosterLine:
    receipt_no: str
    name: str
    affiliation: str
    sessions: str
    attended: bool = False


@dataclass(frozen=True)
class Overview:
    """The seminar as the 報告書 opens with it."""

    title: str
    kind_label: str  # 国際協力人材セミナー | 国際協力団体セミナー
    theme: str
    when: str  # 2026年11月14日（土）13:00〜17:00
    venue: str
    capacity: int
    audience: str
    fee: str
    programme: tuple[str, ...] = ()  # "13:00〜14:00 A 国際協力のキャリア（講師：…）"
    report_text: str = ""  # the published セミナーレポート, if any


class _Doc:
    def __init__(self, title: str, subtitle: str) -> None:
        self.pdf = japanese_document()
        self.title = title
        self.subtitle = subtitle
        pdf = self.pdf
        pdf.set_auto_page_break(auto=True, margin=18)
        pdf.set_title(f"{title} {subtitle}")
        pdf.set_author("PARTNER事務局")
        pdf.header = self._header
        pdf.footer = self._footer
        pdf.add_page()

    def _header(self) -> None:
        pdf = self.pdf
        pdf.set_font(FONT, size=8.5)
        pdf.cell(0, 5, f"PARTNER　{self.title}　{self.subtitle}", align="R")
        pdf.ln(7)
        pdf.set_font(FONT, size=10.5)

    def _footer(self) -> None:
        pdf = self.pdf
        pdf.set_y(-14)
        pdf.set_font(FONT, size=8.5)
        pdf.cell(0, 6, f"{pdf.page_no()} / {{nb}}", align="C")

    def big_title(self, text: str) -> None:
        pdf = self.pdf
        pdf.set_font(FONT, size=16)
        pdf.multi_cell(0, 9, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, size=10.5)
        pdf.ln(2)

    def heading(self, text: str) -> None:
        pdf = self.pdf
        if pdf.get_y() > pdf.h - 50:
            pdf.add_page()
        pdf.ln(3)
        pdf.set_font(FONT, size=12.5)
        pdf.set_fill_color(232, 240, 249)
        pdf.cell(0, 8, text, fill=True, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, size=10.5)
        pdf.ln(1)

    def subheading(self, text: str) -> None:
        pdf = self.pdf
        if pdf.get_y() > pdf.h - 40:
            pdf.add_page()
        pdf.ln(1.5)
        pdf.set_font(FONT, size=11)
        pdf.multi_cell(0, 6.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, size=10.5)

    def line(self, label: str, value: str) -> None:
        pdf = self.pdf
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(0, 6.2, f"{label}：{value}" if label else value, new_x="LMARGIN", new_y="NEXT")

    def bars(self, rows: Sequence[tuple[str, int, str]]) -> None:
        """A table of label / count / percent with a bar drawn to scale: the chart on paper."""
        pdf = self.pdf
        width = pdf.w - pdf.l_margin - pdf.r_margin
        label_w, count_w, percent_w = width * 0.36, width * 0.1, width * 0.12
        bar_w = width - label_w - count_w - percent_w - 2
        most = max((count for _, count, _ in rows), default=0) or 1
        pdf.set_font(FONT, size=9.5)
        for label, count, percent in rows:
            if pdf.get_y() > pdf.h - 24:
                pdf.add_page()
            y = pdf.get_y()
            pdf.set_x(pdf.l_margin)
            pdf.cell(label_w, 6, _fit(pdf, label, label_w - 1))
            pdf.cell(count_w, 6, f"{count}", align="R")
            pdf.cell(percent_w, 6, percent, align="R")
            pdf.set_fill_color(31, 95, 168)
            if count:
                pdf.rect(pdf.get_x() + 2, y + 1.3, max(0.6, bar_w * count / most), 3.4, style="F")
            pdf.ln(6)
        pdf.set_font(FONT, size=10.5)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def _fit(pdf, text: str, width: float) -> str:
    """Shorten a label to the cell's width (the table keeps one line per row)."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


# -- 受付名簿 --------------------------------------------------------------------------------


def roster_pdf(seminar_title: str, when: str, lines: Sequence[RosterLine], *, order_label: str) -> bytes:
    """One row per confirmed participant: 受付 (a box to tick by hand, 済 when already checked in),
    受付番号, 氏名, 所属, 参加セッション; the header repeats on every page."""
    doc = _Doc("受付名簿", seminar_title)
    pdf = doc.pdf
    doc.big_title(f"受付名簿　{seminar_title}")
    doc.line("開催日時", when)
    doc.line("", f"参加確定 {len(lines)}名（{order_label}）")
    pdf.ln(2)
    pdf.set_font(FONT, size=9.5)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    with pdf.table(
        col_widths=(width * 0.07, width * 0.14, width * 0.22, width * 0.25, width * 0.32),
        line_height=6.5,
        first_row_as_headings=True,
        repeat_headings=1,
        headings_style=FontFace(emphasis=None, fill_color=(232, 240, 249)),
    ) as table:
        header = table.row()
        for text in ("受付", "受付番号", "氏名", "所属", "参加セッション"):
            header.cell(text)
        for line in lines:
            row = table.row()
            row.cell("済" if line.attended else "□", align="C")
            row.cell(line.receipt_no)
            row.cell(line.name)
            row.cell(line.affiliation)
            row.cell(line.sessions)
    if not lines:
        doc.line("", "参加確定の申込はまだありません。")
    return doc.output()


# -- 報告書 ----------------------------------------------------------------------------------


def _attribute_rows(attribute: AttributeCount) -> list[tuple[str, int, str]]:
    """On paper only the answers somebody gave (the page lists every choice)."""
    return [(row.label, row.count, row.percent_text) for row in attribute.rows if row.count]


def report_pdf(overview: Overview, analysis: Analysis, survey: Any | None, survey_title: str = "") -> bytes:
    """The 報告書. `survey` is the surveys slice's SurveyResults (or None when none was sent):
    .questions, each with .text, .kind, .answered, .options ((label, count, percent), …),
    .average and .free_texts."""
    doc = _Doc("報告書", overview.title)
    doc.big_title(f"{overview.title}　報告書")

    doc.heading("1. 開催概要")
    doc.line("種別", overview.kind_label)
    if overview.theme:
        doc.line("テーマ", overview.theme)
    doc.line("開催日時", overview.when)
    doc.line("会場", overview.venue or "—")
    doc.line("定員", f"{overview.capacity}名")
    doc.line("対象", overview.audience or "—")
    doc.line("参加費", overview.fee or "—")
    if overview.programme:
        doc.subheading("プログラム")
        for item in overview.programme:
            doc.line("", f"・{item}")

    doc.heading("2. 申込・出席状況")
    a = analysis.attendance
    doc.line("申込者数（キャンセルを除く）", f"{analysis.total}名")
    doc.line("参加確定", f"{a.confirmed}名")
    doc.line("キャンセル待ち", f"{a.waiting}名")
    doc.line("キャンセル", f"{a.cancelled}名")
    doc.line("出席", f"{a.attended}名（欠席 {a.absent}名）")
    doc.line("出席率（出席／参加確定）", a.rate_text)
    if analysis.sessions:
        doc.subheading("セッション別（参加確定／定員、キャンセル待ち、出席）")
        for s in analysis.sessions:
            capacity = f"{s.capacity}" if s.capacity else "—"
            doc.line("", f"・{s.label}：{s.confirmed}／{capacity}名、待ち {s.waiting}名、出席 {s.attended}名")
    if analysis.days:
        doc.subheading("申込の推移")
        first, last = analysis.days[0], analysis.days[-1]
        peak = max(analysis.days, key=lambda d: d.count)
        doc.line(
            "",
            f"{first.day:%Y年%m月%d日}〜{last.day:%Y年%m月%d日}、"
            f"最多は{peak.day:%m月%d日}の{peak.count}件、累計{last.cumulative}件",
        )

    doc.heading("3. 申込者の属性")
    for attribute in analysis.attributes:
        note = "（複数回答）" if attribute.multiple else ""
        doc.subheading(f"{attribute.title}{note}　n={attribute.total}")
        rows = _attribute_rows(attribute)
        doc.bars(rows)
        if len(rows) < len(attribute.rows):
            doc.line("", f"（回答のなかった選択肢{len(attribute.rows) - len(rows)}件は省略）")

    doc.heading("4. アンケート結果")
    if survey is None:
        doc.line("", "アンケートは実施していません。")
    else:
        if survey_title:
            doc.line("アンケート", survey_title)
        for number, question in enumerate(survey.questions, start=1):
            doc.subheading(f"問{number}　{question.text}（回答 {question.answered}件）")
            if question.kind == "text":
                texts = list(question.free_texts)
                for text in texts[:30]:
                    doc.line("", f"・{text}")
                if len(texts) > 30:
                    doc.line("", f"ほか {len(texts) - 30}件")
                if not texts:
                    doc.line("", "回答なし")
                continue
            doc.bars([(label, count, f"{percent:.1f}%") for label, count, percent in question.options])
            if question.average is not None:
                doc.line("平均", f"{question.average:.2f}（5段階）")

    if overview.report_text:
        doc.heading("5. セミナーレポート")
        doc.line("", overview.report_text)
    return doc.output()


def when_text(starts_at, ends_at) -> str:
    """2026年11月14日（土） 13:00〜17:00 (Japan time)."""
    if starts_at is None:
        return "未定"
    start = to_jst(starts_at)
    weekday = "月火水木金土日"[start.weekday()]
    text = f"{start.year}年{start.month}月{start.day}日（{weekday}） {start:%H:%M}"
    if ends_at is None:
        return text
    end = to_jst(ends_at)
    if end.date() == start.date():
        return f"{text}〜{end:%H:%M}"
    return f"{text}〜{end.year}年{end.month}月{end.day}日 {end:%H:%M}"
