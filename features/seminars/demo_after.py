"""Demo of the day and after: one past 国際協力人材セミナー (後処理完了) with 120 registrations, about 80%
of the confirmed ones marked 出席, the standard survey sent to the attendees with answers (through
the surveys api), a 当日配布資料 PDF, and a published セミナーレポート with a photo — so the analysis,
the check-in list, the results and the 報告書 PDF all have something to show. Dates follow the
clock; every choice comes from `rng`."""

from __future__ import annotations

import io
import json
import random
from datetime import UTC, datetime, time, timedelta

from PIL import Image, ImageDraw
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, uploads
from app.clock import JST
from app.config import Settings
from app.pdf import FONT, japanese_document
from features.seminars import followup, materials, registration, seminar_report
from features.seminars.models import (
    RegistrationStatus,
    Seminar,
    SeminarKind,
    SeminarRegistration,
    SeminarRegistrationSession,
    SeminarSession,
    SeminarStatus,
)
from features.seminars.models_after import ReportStatus, SeminarMaterial, SeminarReport, SeminarReportPhoto
from features.surveys import api as surveys

FAMILY = [
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "松本",
    "井上",
    "木村",
]
GIVEN = ["陽菜", "結衣", "美咲", "さくら", "葵", "大翔", "蓮", "悠真", "湊", "健太", "直子", "誠", "愛", "翼"]
OCCUPATIONS = ["会社員", "学生（大学・大学院）", "公務員", "NGO・NPO職員", "青年海外協力隊OB・OG", "教員", "医療従事者"]
SESSIONS = (
    ("A", "JICA海外協力隊経験をキャリアに生かす", 40),
    ("B", "保健医療分野のキャリア", 40),
    ("C", "開発コンサルタントという働き方", 40),
    ("D", "国際機関への道（JPO制度）", 40),
)
REPORT_BODY = """大阪で国際協力人材セミナーを開催し、社会人・学生あわせて多くの方にご参加いただきました。

午前の基調講演では、JICA人事部の講師が国際協力の多様なキャリアパスを紹介しました。午後は4つの分科会（A〜D）に分かれ、JICA海外協力隊の経験者、保健医療分野の専門家、開発コンサルタント、国際機関の職員が、それぞれの仕事の実際と必要な準備についてお話ししました。

会場ではキャリア相談員による個別相談も行い、応募書類の書き方や語学の準備について多くのご相談をいただきました。

アンケートでは「具体的な進路が見えた」「分科会をもっと長く聞きたかった」といった声が寄せられました。いただいたご意見は今後のセミナーに生かしてまいります。"""
COMMENTS = (
    "具体的な進路のイメージがつかめました。",
    "分科会の時間がもう少し長いとうれしいです。",
    "講師の方の体験談がとても参考になりました。",
    "次回はオンラインでも参加できるとありがたいです。",
    None,
    None,
)


def _at(day, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=JST).astimezone(UTC)


def _handout() -> bytes:
    pdf = japanese_document()
    pdf.add_page()
    pdf.set_font(FONT, size=16)
    pdf.cell(0, 12, "国際協力人材セミナー大阪　当日配布資料", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=11)
    for line in (
        "プログラム",
        "10:00 基調講演「国際協力のキャリアパス」",
        "13:00 分科会 A〜D",
        "15:30 個別キャリア相談",
    ):
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _photo(rng: random.Random) -> bytes:
    """A plain drawn picture (rows of seats and a screen) standing in for a photo of the venue."""
    image = Image.new("RGB", (640, 400), (236, 240, 245))
    draw = ImageDraw.Draw(image)
    draw.rectangle((170, 30, 470, 130), fill=(40, 90, 150))
    for row in range(5):
        for seat in range(10):
            x, y = 60 + seat * 54, 170 + row * 44
            tone = rng.randint(60, 140)
            draw.ellipse((x, y, x + 30, y + 30), fill=(tone, tone, 90 + tone // 2))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _pick(rng: random.Random):
    def pick(spec: surveys.QuestionSpec) -> str | None:
        if spec.kind == "scale5":
            return str(rng.choices((1, 2, 3, 4, 5), weights=(1, 1, 3, 7, 6))[0])
        if spec.kind == "single":
            return rng.choices(spec.choices, weights=[5, 8, 3, 1][: len(spec.choices)])[0]
        if spec.kind == "multiple":
            chosen = [c for c in spec.choices if rng.random() < 0.4]
            return json.dumps(chosen, ensure_ascii=False) if chosen else None
        return rng.choice(COMMENTS)

    return pick


async def seed_past_seminar(db: AsyncSession, rng: random.Random, settings: Settings, creator: int | None) -> Seminar:
    now = clock.now()
    day = clock.to_jst(now).date() - timedelta(days=10)
    seminar = Seminar(
        kind=SeminarKind.TALENT,
        title="国際協力人材セミナー大阪",
        theme="国際協力の仕事を知る ― 分科会と個別キャリア相談",
        description="関西で国際協力の仕事に関心のある方を対象に、JICA・NGO・開発コンサルタント・国際機関の講師がお話ししました。",
        starts_at=_at(day, 10),
        ends_at=_at(day, 17),
        venue_name="JICA関西 2階 ホール",
        venue_address="兵庫県神戸市中央区脇浜海岸通1-5-2",
        capacity=150,
        audience="国際協力の仕事に関心のある社会人・学生",
        fee="無料",
        apply_from=_at(day - timedelta(days=40), 10),
        apply_until=_at(day - timedelta(days=2), 17),
        status=SeminarStatus.HELD,
        reminder_days=settings.seminars.reminder_days,
        created_by=creator,
        created_at=now - timedelta(days=60),
        updated_at=now - timedelta(days=9),
        announced_at=_at(day - timedelta(days=40), 10),
    )
    db.add(seminar)
    await db.flush()
    sessions = [
        SeminarSession(
            seminar_id=seminar.id,
            starts_at=_at(day, 13),
            ends_at=_at(day, 15),
            track=track,
            title=title,
            capacity=capacity,
            position=i,
        )
        for i, (track, title, capacity) in enumerate(SESSIONS)
    ]
    db.add_all(sessions)
    await db.flush()

    registrations = []
    for number in range(1, 121):
        cancelled = rng.random() < 0.07
        created = _at(day - timedelta(days=rng.choices(range(3, 40), weights=[3] * 7 + [2] * 10 + [1] * 20)[0]), 9)
        created += timedelta(minutes=rng.randint(0, 600))
        email = f"osaka-guest{number:03d}@example.org"
        attended = not cancelled and rng.random() < 0.8
        interests = rng.sample(registration.INTERESTS[:12], rng.choice((1, 1, 2, 3)))
        registrations.append(
            SeminarRegistration(
                seminar_id=seminar.id,
                receipt_no=f"S{seminar.id}-{number:04d}",
                name=f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}",
                email=email,
                active_email=None if cancelled else email,
                age_band=rng.choices(registration.AGE_BANDS, weights=(2, 30, 28, 18, 12, 7, 3))[0],
                occupation=rng.choices(OCCUPATIONS, weights=(30, 25, 10, 10, 12, 8, 5))[0],
                interests=",".join(interests),
                experience=rng.choices(registration.EXPERIENCES, weights=(35, 25, 20, 12, 8))[0],
                source=rng.choices(registration.SOURCES, weights=(20, 25, 15, 10, 8, 10, 8, 4))[0],
                status=RegistrationStatus.CANCELLED if cancelled else RegistrationStatus.CONFIRMED,
                attended=attended,
                checked_in_at=_at(day, 9) + timedelta(minutes=rng.randint(20, 80)) if attended else None,
                cancel_token_hash="",
                created_at=created,
                confirmed_at=created,
                cancelled_at=created + timedelta(days=2) if cancelled else None,
            )
        )
    db.add_all(registrations)
    seminar.receipt_seq = 120
    await db.flush()
    confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
    for i, r in enumerate(confirmed):  # one 分科会 each, in turn: no session over its seats
        db.add(
            SeminarRegistrationSession(
                registration_id=r.id, session_id=sessions[i % len(sessions)].id, status="confirmed"
            )
        )
    await db.flush()

    # 当日配布資料
    stored = uploads.store(settings, _handout(), "当日配布資料_大阪.pdf", materials.AREA, kinds=materials.KINDS)
    db.add(
        SeminarMaterial(
            seminar_id=seminar.id,
            title="当日配布資料（プログラムと分科会の概要）",
            original_name=stored.original_name,
            stored_name=stored.stored_name,
            content_type=stored.content_type,
            size=stored.size,
            position=1,
            uploaded_by=creator,
            uploaded_at=now - timedelta(days=12),
        )
    )

    # The survey to the attendees (the same path as 開催済), and answers from about 60% of them.
    await followup.attach_standard_survey(db, settings, seminar, actor_user_id=creator)
    await followup.send_to_attendees(db, settings, seminar)
    await surveys.answer_for_demo(db, settings, seminar.survey_id, _pick(rng), 0.6)

    # The published report, with one picture of the venue.
    report = SeminarReport(
        seminar_id=seminar.id,
        title="国際協力人材セミナー大阪 開催レポート",
        body=REPORT_BODY,
        status=ReportStatus.PUBLISHED,
        written_by=creator,
        submitted_by=creator,
        submitted_at=now - timedelta(days=6),
        published_by=creator,
        published_at=now - timedelta(days=5),
        created_at=now - timedelta(days=8),
        updated_at=now - timedelta(days=5),
    )
    db.add(report)
    await db.flush()
    photo = uploads.store(
        settings, _photo(rng), "会場の様子.png", seminar_report.AREA, kinds=seminar_report.PHOTO_KINDS
    )
    db.add(
        SeminarReportPhoto(
            report_id=report.id,
            alt_text="スクリーンの前に参加者が並んで座り、基調講演を聞いている会場の様子",
            caption="基調講演の会場（JICA関西）",
            stored_name=photo.stored_name,
            content_type=photo.content_type,
            size=photo.size,
            position=1,
            uploaded_at=now - timedelta(days=7),
        )
    )
    seminar.status = SeminarStatus.DONE  # 後処理完了: the report is published
    await db.flush()
    return seminar
