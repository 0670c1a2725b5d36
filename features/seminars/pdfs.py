"""講師依頼状 and チラシ: A4 PDFs from the seminar's own data (fpdf2, Japanese font)."""

from __future__ import annotations

from app import clock
from app.pdf import FONT, japanese_document
from features.seminars.models import KIND_LABELS, Seminar, SeminarSession, SeminarSpeaker
from features.seminars.service import place_text, when_text

SENDER = "PARTNER事務局（国際協力キャリア総合情報サイト）"


def _wrap(pdf, text: str, height: float = 6.5, size: float = 10.5) -> None:
    pdf.set_font(FONT, size=size)
    pdf.set_x(pdf.l_margin)
    pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")


def request_letter(seminar: Seminar, speaker: SeminarSpeaker, sessions: list[SeminarSession]) -> bytes:
    """講師依頼状: date, addressee, the seminar, the speaker's sessions, time, venue, sign-off."""
    pdf = japanese_document()
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_title(f"講師ご依頼 {seminar.title}")
    pdf.add_page()
    today = clock.today_jst()
    pdf.set_font(FONT, size=10.5)
    pdf.cell(0, 7, f"{today.year}年{today.month}月{today.day}日", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    addressee = f"{speaker.affiliation}\n{speaker.name} 様" if speaker.affiliation else f"{speaker.name} 様"
    _wrap(pdf, addressee, size=12)
    pdf.ln(2)
    pdf.cell(0, 7, SENDER, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font(FONT, size=15)
    pdf.cell(0, 10, "講師ご依頼について", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    _wrap(
        pdf,
        "拝啓　時下ますますご清祥のこととお慶び申し上げます。平素より国際協力人材の育成にご理解とご協力を"
        "賜り、厚く御礼申し上げます。\n"
        f"さて、このたび下記のとおり「{seminar.title}」を開催いたします。つきましては、ご多用中誠に恐縮"
        "ではございますが、講師としてご登壇いただきたく、ご依頼申し上げます。\n"
        "ご承諾いただけます場合は、事務局までご連絡くださいますようお願い申し上げます。",
    )
    _wrap(pdf, "敬具", size=10.5)
    pdf.ln(4)
    pdf.set_font(FONT, size=12)
    pdf.cell(0, 8, "記", align="C", new_x="LMARGIN", new_y="NEXT")
    lines = [
        ("セミナー名", seminar.title),
        ("種別", KIND_LABELS.get(seminar.kind, "")),  # type: ignore[call-overload]
        ("テーマ", seminar.theme),
        ("開催日時", when_text(seminar.starts_at, seminar.ends_at)),
        ("会場", place_text(seminar)),
        ("ご依頼内容", speaker.topic or "ご講演"),
    ]
    for session in sessions:
        track = f"［{session.track}］" if session.track else ""
        lines.append(("ご担当セッション", f"{when_text(session.starts_at, session.ends_at)} {track}{session.title}"))
    if seminar.audience:
        lines.append(("対象", seminar.audience))
    if seminar.capacity:
        lines.append(("定員", f"{seminar.capacity}名"))
    for label, value in lines:
        _wrap(pdf, f"{label}：{value}")
    pdf.ln(6)
    _wrap(pdf, "以上", size=10.5)
    pdf.ln(4)
    _wrap(pdf, f"お問い合わせ先：{SENDER}", size=9.5)
    return bytes(pdf.output())


def flyer(
    seminar: Seminar, sessions: list[SeminarSession], speakers: dict[int, SeminarSpeaker], apply_url: str
) -> bytes:
    """チラシ: title, theme, date, venue, programme, how to apply and the URL."""
    pdf = japanese_document()
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(seminar.title)
    pdf.add_page()
    pdf.set_fill_color(0, 82, 155)
    pdf.set_text_color(255, 255, 255)
    pdf.set_font(FONT, size=11)
    pdf.cell(0, 9, f"  {KIND_LABELS.get(seminar.kind, '')}", fill=True, new_x="LMARGIN", new_y="NEXT")  # type: ignore[call-overload]
    pdf.set_text_color(0, 0, 0)
    pdf.ln(4)
    pdf.set_font(FONT, size=22)
    pdf.multi_cell(0, 12, seminar.title, align="C", new_x="LMARGIN", new_y="NEXT")
    if seminar.theme:
        pdf.set_font(FONT, size=14)
        pdf.multi_cell(0, 9, f"テーマ：{seminar.theme}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    if seminar.description:
        _wrap(pdf, seminar.description)
        pdf.ln(2)
    pdf.set_font(FONT, size=12)
    for label, value in (
        ("日時", when_text(seminar.starts_at, seminar.ends_at)),
        ("会場", place_text(seminar)),
        ("対象", seminar.audience),
        ("定員", f"{seminar.capacity}名（先着順・定員を超えた場合はキャンセル待ち）" if seminar.capacity else ""),
        ("参加費", seminar.fee),
    ):
        if value:
            _wrap(pdf, f"■ {label}：{value}", height=7.5, size=12)
    if sessions:
        pdf.ln(3)
        pdf.set_font(FONT, size=13)
        pdf.set_fill_color(232, 240, 249)
        pdf.cell(0, 8, "プログラム", fill=True, new_x="LMARGIN", new_y="NEXT")
        for session in sessions:
            speaker = speakers.get(session.speaker_id) if session.speaker_id else None
            who = (
                f"（講師：{speaker.name}{'・' + speaker.affiliation if speaker.affiliation else ''}）"
                if speaker
                else ""
            )
            track = f"［{session.track}］" if session.track else ""
            start, end = clock.to_jst(session.starts_at), clock.to_jst(session.ends_at)
            _wrap(pdf, f"{start:%H:%M}〜{end:%H:%M} {track}{session.title}{who}", height=6.2, size=10)
    pdf.ln(4)
    pdf.set_font(FONT, size=13)
    pdf.set_fill_color(232, 240, 249)
    pdf.cell(0, 8, "お申し込み方法", fill=True, new_x="LMARGIN", new_y="NEXT")
    until = (
        f"{clock.to_jst(seminar.apply_until):%Y年%m月%d日 %H:%M}まで"
        if seminar.apply_until is not None
        else "開催前日まで"
    )
    _wrap(
        pdf,
        f"PARTNERのセミナーページの申込フォームからお申し込みください（{until}）。\n"
        "PARTNERに登録済みの方はログインすると入力が簡単になります。\n"
        f"申込URL：{apply_url}",
        size=11,
    )
    pdf.ln(6)
    _wrap(pdf, f"主催：{SENDER}", size=9.5)
    return bytes(pdf.output())
