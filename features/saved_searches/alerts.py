"""新着情報のお知らせ: the scheduled job that mails each due saved search its new matches.

When: 毎日 searches after each day's daily_time (Japan time), 毎週 searches and the 団体's
人材閲覧 digests after daily_time on weekly_weekday. The job runs every few minutes and works out
the latest of those moments (`boundaries`) from the settings at run time, so changing the
settings needs no new cron line, and a worker that was down at 07:00 catches up on its next run.

Exactly once: a search is claimed by moving its watermark with a conditional UPDATE
(`last_alerted_at < boundary` → boundary) that only one run — of two workers, or a retry — can
win; the mail also carries a Message-ID keyed by search and boundary (unique in the outbox).
The window is (previous watermark, boundary], so consecutive alerts neither overlap nor skip.

At send time: only active accounts; the 新着情報のお知らせ switch (mail_preferences) and the
bounce suppressions are asked then, not when the search was saved. Every alert carries the
one-click unsubscribe headers and the link in its body; the outbox campaign is "alert:daily",
"alert:weekly" or "alert:talent".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.mail import keyed_message_id, mail_queued, queue_mail, render_mail
from app.reference import SECTORS
from app.urls import absolute_url
from features.accounts import api as accounts
from features.bounces import api as bounces
from features.mail_preferences import api as mail_preferences
from features.postings import api as postings
from features.recruitment import api as recruitment
from features.saved_searches import service
from features.saved_searches.models import Frequency, SavedSearch
from features.saved_searches.scopes import SCOPES
from features.talent import api as talent

CAMPAIGN_LABELS = {
    "alert:daily": "新着情報のお知らせ（毎日）",
    "alert:weekly": "新着情報のお知らせ（毎週）",
    "alert:talent": "新着情報のお知らせ（人材閲覧）",
}
BATCH = 200
_POSTING_KINDS = {"jobs": postings.PostingKind.JOB, "events": postings.PostingKind.EVENT}


def _daily_time(settings: Settings) -> time:
    hour, _, minute = settings.saved_searches.daily_time.partition(":")
    return time(int(hour), int(minute or 0))


def boundaries(settings: Settings, now: datetime) -> dict[str, datetime]:
    """The latest daily and weekly sending moments at or before `now` (UTC), from the Japan-time
    settings daily_time and weekly_weekday (0 = Monday)."""
    local = now.astimezone(clock.JST)
    at = _daily_time(settings)
    today = datetime.combine(local.date(), at, tzinfo=clock.JST)
    daily = today if today <= local else today - timedelta(days=1)
    back = (daily.weekday() - settings.saved_searches.weekly_weekday) % 7
    weekly = daily - timedelta(days=back)
    return {Frequency.DAILY: daily.astimezone(UTC), Frequency.WEEKLY: weekly.astimezone(UTC)}


@dataclass(frozen=True)
class Item:
    """One line of an alert: a title (or a 登録コード) and what follows it, and the link."""

    title: str
    detail: str
    url: str


async def _due(db: AsyncSession, marks: dict[str, datetime]) -> list[SavedSearch]:
    rows = await db.execute(
        select(SavedSearch)
        .where(
            or_(
                and_(SavedSearch.frequency == Frequency.DAILY, SavedSearch.last_alerted_at < marks[Frequency.DAILY]),
                and_(SavedSearch.frequency == Frequency.WEEKLY, SavedSearch.last_alerted_at < marks[Frequency.WEEKLY]),
            )
        )
        .order_by(SavedSearch.id)
        .limit(BATCH)
    )
    return list(rows.scalars())


async def _claim(db: AsyncSession, search: SavedSearch, boundary: datetime) -> bool:
    """Move the watermark to `boundary`; False when another run already did."""
    claimed = await db.execute(
        update(SavedSearch)
        .where(SavedSearch.id == search.id, SavedSearch.last_alerted_at < boundary)
        .values(last_alerted_at=boundary)
        .execution_options(synchronize_session=False)
    )
    return claimed.rowcount == 1


async def _posting_items(db, settings, search: SavedSearch, since, until) -> tuple[list[Item], int]:
    limit = settings.saved_searches.max_items_per_mail
    if search.scope == "koubo":
        found = await recruitment.new_koubo_matches(db, search.query, since, until, limit=limit)
    else:
        jocv = await accounts.is_verified_jocv(db, search.user_id)
        found = await postings.new_matches(
            db, _POSTING_KINDS[search.scope], search.query, since, until, limit=limit, jocv_viewer=jocv
        )
    items = [Item(m.title, m.organization, absolute_url(settings, m.route, **dict(m.params))) for m in found.items]
    return items, found.total


async def _talent_items(db, settings, search: SavedSearch) -> tuple[list[Item], int]:
    """People the search finds now (the visibility rule at sending time) and did not last time."""
    organization = await accounts.organization_of(db, search.user_id)
    now_found = await talent.matching_user_ids(db, search.query)
    before = service.unpack_ids(search.reported_ids)
    await db.execute(
        update(SavedSearch)
        .where(SavedSearch.id == search.id)
        .values(reported_ids=service.pack_ids(now_found))
        .execution_options(synchronize_session=False)
    )
    if organization is None or not accounts.may_browse_talent(organization):
        return [], 0
    new = [user_id for user_id in reversed(now_found) if user_id not in before]  # the newest accounts first
    cards = await talent.talent_cards(db, new[: settings.saved_searches.max_items_per_mail])
    sectors = dict(SECTORS)
    items = []
    for card in cards:
        experience = "、".join(f"{sectors.get(code, code)} {years}年" for code, years in card.experience)
        detail = "・".join(part for part in (card.age_band, card.prefecture, "帰国隊員" if card.jocv else "") if part)
        items.append(
            Item(
                card.registration_code,
                detail + (f"（{experience}）" if experience else ""),
                absolute_url(settings, card.route, **dict(card.params)),
            )
        )
    return items, len(new)


async def send_alerts(db: AsyncSession, settings: Settings) -> int:
    """The scheduled job: mail every due saved search its new matches; the number of mails queued."""
    marks = boundaries(settings, clock.now())
    queued = 0
    while searches := await _due(db, marks):
        user_ids = {s.user_id for s in searches}
        emails = await accounts.active_emails_of_users(db, user_ids)
        opted_out = await mail_preferences.opted_out(db, settings, user_ids, mail_preferences.Category.ALERTS)
        suppressed = await bounces.suppressed_addresses(db, emails.values())
        for search in searches:
            boundary = marks[Frequency(search.frequency)]
            since = search.last_alerted_at
            if not await _claim(db, search, boundary):
                continue
            if search.scope == "talent":
                items, total = await _talent_items(db, settings, search)
            elif search.scope in SCOPES:
                items, total = await _posting_items(db, settings, search, since, boundary)
            else:
                continue
            address = emails.get(search.user_id)
            if not total or not items or address is None:
                continue
            if search.user_id in opted_out or address.lower() in suppressed:
                continue
            queued += await _queue(db, settings, search, address, boundary, items, total)
    return queued


async def _queue(db, settings, search: SavedSearch, address: str, boundary: datetime, items, total: int) -> int:
    message_id = keyed_message_id(settings, f"saved-search.{search.id}.{boundary:%Y%m%d%H%M}")
    if await mail_queued(db, message_id):
        return 0
    category = mail_preferences.Category.ALERTS
    scope = SCOPES[search.scope]
    mail = render_mail(
        "saved_searches/alert.txt.jinja",
        search=search,
        scope=scope,
        items=items,
        total=total,
        rest=total - len(items),
        search_url=settings.app.base_url.rstrip("/") + service.rerun_path(search),
        manage_url=absolute_url(settings, "saved_searches:list"),
        unsubscribe_url=mail_preferences.unsubscribe_url(settings, search.user_id, category),
        base_url=settings.app.base_url,
    )
    await queue_mail(
        db,
        settings,
        to=address,
        subject=mail.subject,
        body=mail.body,
        message_id=message_id,
        headers=mail_preferences.unsubscribe_headers(settings, search.user_id, category),
        campaign="alert:talent" if search.scope == "talent" else f"alert:{search.frequency}",
    )
    return 1


async def campaign_labels(db: AsyncSession, keys: list[str]) -> dict[str, str]:
    """The hook "campaign_labels" (bounces' rates per campaign): names for this slice's campaigns."""
    return {key: CAMPAIGN_LABELS[key] for key in keys if key in CAMPAIGN_LABELS}
