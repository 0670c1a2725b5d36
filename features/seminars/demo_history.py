"""The demo's 18 months of seminars (issue 16 item 7): the secretariat's past 国際協力人材セミナー — more
in the busy months (app/demo_calendar.py), none over the New Year — each 後処理完了 with its
registrations (a few cancelled, a waiting list when demand passed the seats) and about four in five
of the confirmed participants marked 出席. Rows only: no sessions, mails or survey."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.demo_calendar import MONTH_WEIGHT, at_jst, history_days, insert_dicts
from features.seminars import registration
from features.seminars.demo import FAMILY, GIVEN, OCCUPATIONS
from features.seminars.models import RegistrationStatus, Seminar, SeminarKind, SeminarRegistration, SeminarStatus

PLACES = [
    ("東京", "JICA市ヶ谷ビル 2階 国際会議場", "東京都新宿区市谷本村町10-5"),
    ("大阪", "JICA関西 2階 ホール", "兵庫県神戸市中央区脇浜海岸通1-5-2"),
    ("名古屋", "JICA中部 なごや地球ひろば", "愛知県名古屋市中村区平池町4-60-7"),
    ("福岡", "JICA九州 国際会議場", "福岡県北九州市八幡東区平野2-2-1"),
    ("札幌", "JICA北海道（札幌）セミナールーム", "北海道札幌市白石区本郷通3丁目南2-1"),
    ("オンライン", "オンライン（Zoom）", ""),
]
THEMES = [
    "国際協力の仕事を知る ― NGO・開発コンサルタント・国際機関",
    "海外協力隊経験をキャリアに生かす",
    "保健医療分野で働く",
    "教育分野の国際協力",
    "開発コンサルタントという仕事",
    "国際機関で働くには",
    "はじめての国際協力キャリア",
]


async def seed_history(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    now = clock.now()
    days = history_days(now)
    months = sorted({(d.year, d.month) for d in days})
    seminars: list[tuple[Seminar, int]] = []
    for year, month in months:
        saturdays = [d for d in days if (d.year, d.month) == (year, month) and d.weekday() == 5 and d.day > 3]
        held = min(len(saturdays), max(0, round(MONTH_WEIGHT[month] * 1.6 + rng.uniform(-0.4, 0.4))))
        for day in sorted(rng.sample(saturdays, held)):
            seminars.append(_seminar(rng, settings, day, month))
    db.add_all([seminar for seminar, _ in seminars])
    await db.flush()
    rows = []
    for seminar, demand in seminars:
        rows += _registrations(rng, seminar, demand)
    await insert_dicts(db, SeminarRegistration, rows)


def _seminar(rng: random.Random, settings: Settings, day: date, month: int) -> tuple[Seminar, int]:
    city, venue, address = rng.choice(PLACES)
    capacity = rng.choice([60, 80, 100, 120, 150]) if city != "オンライン" else 300
    demand = round(capacity * MONTH_WEIGHT[month] * rng.uniform(0.55, 0.95))
    opens = day - timedelta(days=42)
    seminar = Seminar(
        kind=SeminarKind.TALENT,
        title=f"{month}月の国際協力人材セミナー（{city}）",
        theme=rng.choice(THEMES),
        description="国際協力の仕事に関心のある方を対象に、現場で働く講師がキャリアの築き方をお話ししました。",
        starts_at=at_jst(day, 13 * 60),
        ends_at=at_jst(day, 17 * 60),
        venue_name=venue,
        venue_address=address,
        capacity=capacity,
        audience="国際協力の仕事に関心のある社会人・学生",
        fee="無料",
        apply_from=at_jst(opens, 10 * 60),
        apply_until=at_jst(day - timedelta(days=2), 17 * 60),
        status=SeminarStatus.DONE,
        reminder_days=settings.seminars.reminder_days,
        created_at=at_jst(opens - timedelta(days=14), 10 * 60),
        updated_at=at_jst(day + timedelta(days=7), 15 * 60),
        announced_at=at_jst(opens, 10 * 60),
    )
    return seminar, demand


def _registrations(rng: random.Random, seminar: Seminar, demand: int) -> list[dict]:
    rows, confirmed, waiting = [], 0, 0
    day = clock.to_jst(seminar.starts_at).date()
    for number in range(1, demand + 1):
        created = at_jst(day - timedelta(days=rng.choices(range(3, 42), weights=[4] * 10 + [2] * 29)[0]), 9 * 60)
        created += timedelta(minutes=rng.randint(0, 720))
        email = f"seminar{seminar.id}-{number:04d}@example.org"
        if rng.random() < 0.07:
            status = RegistrationStatus.CANCELLED
        elif confirmed < seminar.capacity:
            status, confirmed = RegistrationStatus.CONFIRMED, confirmed + 1
        else:
            status, waiting = RegistrationStatus.WAITING, waiting + 1
        attended = status == RegistrationStatus.CONFIRMED and rng.random() < 0.8
        rows.append(
            dict(
                seminar_id=seminar.id,
                receipt_no=f"S{seminar.id}-{number:04d}",
                name=f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}",
                email=email,
                active_email=None if status == RegistrationStatus.CANCELLED else email,
                age_band=rng.choices(registration.AGE_BANDS, weights=(2, 30, 28, 18, 12, 7, 3))[0],
                occupation=rng.choice(OCCUPATIONS),
                interests=",".join(rng.sample(registration.INTERESTS[:12], rng.choice((1, 2, 3)))),
                experience=rng.choice(registration.EXPERIENCES),
                source=rng.choice(registration.SOURCES),
                status=status,
                waiting_position=waiting if status == RegistrationStatus.WAITING else None,
                attended=attended,
                checked_in_at=seminar.starts_at - timedelta(minutes=rng.randint(0, 40)) if attended else None,
                cancel_token_hash="",
                created_at=created,
                confirmed_at=created,
                cancelled_at=created + timedelta(days=2) if status == RegistrationStatus.CANCELLED else None,
            )
        )
    seminar.receipt_seq, seminar.waiting_seq = demand, waiting
    return rows
