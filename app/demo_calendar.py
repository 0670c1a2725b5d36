"""The calendar of the demo's history (issue 16 item 7): the 18 months before the clock (back to
the last complete fiscal year's April when that is earlier), with the seasons a registration office
sees — busy in April (the new fiscal year) and October (autumn recruiting), quiet in August (お盆)
and over the New Year, little at weekends and on holidays — and slow growth. Each slice's
`demo_history` draws its own rows' dates from here, so every chart of the reports has the same
shape and no date lies after the clock."""

from __future__ import annotations

import functools
import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.clock import JST

HISTORY_MONTHS = 18
HISTORY_DAYS = 549  # 18 months, counted back from the clock's day
MONTH_WEIGHT = {1: 0.8, 2: 0.95, 3: 1.1, 4: 1.65, 5: 1.25, 6: 1.0, 7: 0.9, 8: 0.5, 9: 0.95, 10: 1.5, 11: 1.1, 12: 0.85}


@functools.cache
def _business(day: date) -> bool:  # jpholiday takes ~50 µs a call; the history asks tens of thousands
    return clock.is_business_day(day)


def day_weight(day: date, start: date, days: int) -> float:
    """How busy `day` is: the month's weight, weekends and holidays low, the New Year almost idle,
    and a growth of a fifth from the first day of the history to the last."""
    weight = MONTH_WEIGHT[day.month] * (0.9 + 0.2 * (day - start).days / days)
    if (day.month, day.day) >= (12, 28) or (day.month, day.day) <= (1, 4):
        weight *= 0.2
    elif not _business(day):
        weight *= 0.35
    return weight


def history_start(today: date) -> date:
    """18 months back — or, when earlier, the start of the last complete fiscal year (April), so the
    report's default 年度 view is a whole year of history."""
    last_fiscal_year = today.year - (2 if today.month < 4 else 1)
    return min(today - timedelta(days=HISTORY_DAYS), date(last_fiscal_year, 4, 1))


def history_days(now: datetime | None = None) -> list[date]:
    """Every Japan-time day of the history, oldest first, ending yesterday."""
    today = clock.to_jst(now or clock.now()).date()
    first = history_start(today)
    return [first + timedelta(days=n) for n in range((today - first).days)]


def spread(
    rng: random.Random, total: int, *, hours: tuple[int, int] = (9, 18), now: datetime | None = None
) -> list[datetime]:
    """`total` instants (aware UTC, oldest first) over the history's days in proportion to their
    weight, each at a random minute between `hours` Japan time."""
    days = history_days(now)
    weights = [day_weight(d, days[0], len(days)) for d in days]
    chosen = rng.choices(days, weights=weights, k=total)
    return sorted(at_jst(d, rng.randint(hours[0] * 60, hours[1] * 60 - 1)) for d in chosen)


def at_jst(day: date, minute_of_day: int) -> datetime:
    """That minute of that Japan-time day, as an aware UTC instant."""
    return datetime.combine(day, time(minute_of_day // 60, minute_of_day % 60), JST).astimezone(UTC)


def add_business_days(day: date, count: int) -> date:
    """The `count`th business day after `day` (`day` itself when count is 0)."""
    while count > 0:
        day += timedelta(days=1)
        count -= _business(day)
    return day


def later(instant: datetime, business_days: int, rng: random.Random, now: datetime | None = None) -> datetime | None:
    """An office-hours instant `business_days` business days after `instant` (the same day when 0,
    at least a few minutes after it), or None when that lies after the clock."""
    day = add_business_days(clock.to_jst(instant).date(), business_days)
    result = at_jst(day, rng.randint(9 * 60 + 30, 18 * 60 - 1))
    if result <= instant:
        result = instant + timedelta(minutes=rng.randint(20, 180))
    return result if result < (now or clock.now()) else None


async def insert_rows(db: AsyncSession, objects: list) -> None:
    """Insert many new rows of one table in one executemany: the unit of work would send one
    statement per row (on aiosqlite, one thread hop each), which for the history's tens of thousands
    of rows is most of the load's time. The objects stay outside the session; read ids back by a
    natural key when they are needed."""
    if not objects:
        return
    model = type(objects[0])
    keys = [column.key for column in model.__table__.columns if column.key != "id"]
    await db.execute(insert(model), [{key: getattr(o, key) for key in keys} for o in objects])


async def insert_dicts(db: AsyncSession, model: type, rows: list[dict]) -> None:
    """`insert_rows` for plain dicts (column → value; the same keys in every row): for the largest
    tables, building tens of thousands of model instances first costs more than the insert."""
    if rows:
        await db.execute(insert(model), rows)
