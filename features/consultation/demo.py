"""Demo 対面相談: three counselors with a month of slots (本部 on weekday afternoons, some Saturdays
and online evenings), about a third booked by demo registrants, past ones with 相談記録 and one
無断欠席. Times follow the clock at load time; every choice comes from `rng`."""

from __future__ import annotations

import random
from datetime import time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from features.accounts import api as accounts
from features.consultation.basics import CATEGORIES, jst_datetime
from features.consultation.models import (
    BookingStatus,
    ConsultationBooking,
    ConsultationRecord,
    ConsultationSlot,
    Place,
    SlotStatus,
)

COUNSELORS = (
    ("counselor@example.org", "キャリア相談員 小野寺"),  # made by the accounts demo
    ("counselor2@example.org", "キャリア相談員 宮本"),
    ("counselor3@example.org", "キャリア相談員 アフマド"),
)
SHEETS = {
    "進路": "青年海外協力隊から帰国して半年です。国際協力の仕事を続けたいのですが、どんな進路があるか相談したいです。",
    "応募書類": "JICA専門家の公募に応募予定です。専門家履歴書の業務経験の書き方を見ていただきたいです。",
    "語学": "フランス語圏の案件に関心があります。必要な語学レベルと勉強方法について教えてください。",
    "帰国後の進路": "来年3月に任期を終えて帰国します。帰国後の就職活動をいつから始めればよいか知りたいです。",
    "その他": "NGOと開発コンサルタントの働き方の違いについて話を聞きたいです。",
}
RECORDS = (
    (
        "民間企業での経験を活かせる開発コンサルタントを中心に、公募情報の見方を説明した。",
        "公募情報の「お知らせを受け取る」を設定する。次回は応募書類の確認。",
    ),
    (
        "専門家履歴書の業務経験欄を一緒に確認。成果を数字で書くよう助言した。",
        "修正版をPARTNERで更新し、2週間後に再相談。",
    ),
    ("語学要件（仏語B以上）と学習計画について相談。", "DELF B2の受験を検討する。"),
)


async def _counselor_ids(db: AsyncSession, settings: Settings) -> list[int]:
    ids = []
    for email, name in COUNSELORS:
        user = await accounts.user_by_email(db, email)
        if user is None:
            user = await accounts.create_staff(
                db, settings, email, name, accounts.Role.COUNSELOR, password=accounts.DEMO_PASSWORD
            )
        ids.append(user.id)
    return ids


async def seed_demo(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    counselors = await _counselor_ids(db, settings)
    people = [user_id for user_id, _ in await accounts.full_registrant_user_ids(db)]
    if not people:
        return
    now = clock.now()
    today = clock.today_jst()
    slots: list[ConsultationSlot] = []
    for offset in range(-14, 29):  # two weeks back (for records) and four weeks ahead
        day = today + timedelta(days=offset)
        if day.weekday() < 5 and clock.is_business_day(day):
            for index, counselor in enumerate(counselors[:2]):
                for hour in (13, 14, 15, 16):
                    if rng.random() < 0.8:
                        start = jst_datetime(day, time(hour, 30 if index else 0))
                        slots.append(_slot(counselor, start, 60, Place.HQ, now))
            if day.weekday() in (1, 3):  # online evenings with the third counselor
                slots.append(_slot(counselors[2], jst_datetime(day, time(19, 0)), 45, Place.ONLINE, now))
        elif day.weekday() == 5 and rng.random() < 0.6:  # a Saturday at a regional seminar's day
            for hour in (10, 11, 13):
                slots.append(_slot(counselors[2], jst_datetime(day, time(hour, 0)), 60, Place.HQ, now))
    db.add_all(slots)
    await db.flush()
    busy: dict[int, list] = {}
    no_show_done = False
    held: dict[int, int] = {}  # per counselor: every fourth past consultation still waits for its record
    for slot in slots:
        if rng.random() >= 0.33:
            continue
        person = rng.choice(people)
        if any(s < slot.ends_at and e > slot.starts_at for s, e in busy.get(person, [])):
            continue
        busy.setdefault(person, []).append((slot.starts_at, slot.ends_at))
        category = rng.choice(CATEGORIES)
        past = slot.ends_at <= now
        status = BookingStatus.BOOKED
        if past and not no_show_done:
            status, no_show_done = BookingStatus.NO_SHOW, True
        slot.status = SlotStatus.BOOKED
        booking = ConsultationBooking(
            slot_id=slot.id,
            active_slot_id=slot.id,
            user_id=person,
            counselor_user_id=slot.counselor_user_id,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            place=slot.place,
            category=category,
            sheet=SHEETS[category],
            share_resume=rng.random() < 0.6,
            status=status,
            created_at=slot.starts_at - timedelta(days=rng.randint(2, 10)),
            updated_at=now,
            reminder_sent_at=slot.starts_at - timedelta(days=1) if past else None,
        )
        db.add(booking)
        await db.flush()
        if past and status == BookingStatus.BOOKED:
            held[slot.counselor_user_id] = held.get(slot.counselor_user_id, 0) + 1
        if past and status == BookingStatus.BOOKED and held[slot.counselor_user_id] % 4 != 1:
            content, next_steps = rng.choice(RECORDS)
            db.add(
                ConsultationRecord(
                    booking_id=booking.id,
                    counselor_user_id=slot.counselor_user_id,
                    category=category,
                    content=content,
                    next_steps=next_steps,
                    created_at=slot.ends_at,
                    updated_at=slot.ends_at,
                )
            )
    await db.flush()


def _slot(counselor: int, start, minutes: int, place: str, now) -> ConsultationSlot:
    return ConsultationSlot(
        counselor_user_id=counselor,
        starts_at=start,
        ends_at=start + timedelta(minutes=minutes),
        place=place,
        status=SlotStatus.FREE,
        created_at=now,
    )
