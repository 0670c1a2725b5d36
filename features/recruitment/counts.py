"""公募案件アクセス数: per 公募 per Japan-time day, how often its detail was viewed, この案件に応募する
pressed, an application started and one submitted. Counts only: nothing about who, and nothing
for a known crawler (a crawler would otherwise make up most of the views of a public page)."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from features.recruitment.models import KouboDailyCount


class Measure(StrEnum):
    VIEWS = "views"  # 詳細表示
    APPLY_CLICKS = "apply_clicks"  # この案件に応募する
    STARTED = "started"  # 応募開始
    SUBMITTED = "submitted"  # 応募完了


MEASURE_LABELS = {
    Measure.VIEWS: "詳細表示数",
    Measure.APPLY_CLICKS: "「この案件に応募する」クリック数",
    Measure.STARTED: "応募開始数",
    Measure.SUBMITTED: "応募完了数",
}

# Known crawlers and link previewers, and anything announcing itself as a bot or a script.
_CRAWLER = re.compile(
    r"bot\b|bot/|crawler|spider|slurp|bingpreview|facebookexternalhit|embedly|quora link preview|"
    r"python-requests|python-httpx|aiohttp|curl/|wget/|go-http-client|okhttp|java/|libwww|httpclient|"
    r"headlesschrome|phantomjs|lighthouse|pingdom|uptimerobot|semrush|ahrefs|yandex|baidu|petalbot|"
    r"applebot|duckduckbot|googlebot|bingbot|gptbot|claudebot|ccbot|bytespider",
    re.IGNORECASE,
)


def is_crawler(user_agent: str | None) -> bool:
    """No user agent at all counts as a script too: every browser sends one."""
    return not user_agent or bool(_CRAWLER.search(user_agent))


async def record(db: AsyncSession, koubo_id: int, measure: Measure, user_agent: str | None) -> bool:
    """Add one to today's count (Japan time); False when the request came from a crawler."""
    if is_crawler(user_agent):
        return False
    await add_count(db, koubo_id, clock.today_jst(), measure)
    return True


async def add_count(db: AsyncSession, koubo_id: int, day: date, measure: Measure, amount: int = 1) -> None:
    """Add `amount` to one 公募's count of one Japan-time day: one upserted row per 公募 and day,
    never a row per view (the demo history writes past days through this too)."""
    dialect = db.bind.dialect.name if db.bind else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = KouboDailyCount.__table__
    column = table.c[Measure(measure).value]
    statement = insert(table).values(koubo_id=koubo_id, day=day, **{column.name: amount})
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.koubo_id, table.c.day], set_={column.name: column + amount}
    )
    await db.execute(statement)
