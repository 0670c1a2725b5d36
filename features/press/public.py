"""The public プレスルーム: approved releases, newest 発表日 first (then the approval time), by
organization and by month; one release's page; the Atom feed; what the 登録団体一覧 shows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import urls
from app.atom import FeedEntry, build_feed
from app.config import Settings
from app.pagination import Page
from app.richtext import plain_text
from features.accounts import api as accounts
from features.press.models import PressRelease
from features.press.service import published_condition

PER_PAGE = 10
FEED_SIZE = 30
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Filters:
    organization: int | None = None
    month: str = ""  # "2026-11"
    page: int = 1

    def query(self) -> dict[str, object]:
        return {"organization": self.organization or "", "month": self.month}


def parse_filters(organization: str | None, month: str | None, page: int) -> Filters:
    """Nonsense in the query string is ignored rather than refused (a shared link keeps working)."""
    organization_id = int(organization) if organization and organization.strip().isdigit() else None
    match = _MONTH.match((month or "").strip())
    valid_month = bool(match) and 1 <= int(match.group(2)) <= 12 and 1900 < int(match.group(1)) < 3000
    return Filters(organization_id, (month or "").strip() if valid_month else "", page)


def _month_range(month: str) -> tuple[date, date]:
    year, number = (int(part) for part in month.split("-"))
    start = date(year, number, 1)
    end = date(year + (number == 12), number % 12 + 1, 1)
    return start, end


def _ordered(statement):
    return statement.order_by(PressRelease.announced_on.desc(), PressRelease.approved_at.desc(), PressRelease.id.desc())


async def releases_page(db: AsyncSession, filters: Filters) -> Page[PressRelease]:
    conditions = [published_condition()]
    if filters.organization:
        conditions.append(PressRelease.organization_id == filters.organization)
    if filters.month:
        start, end = _month_range(filters.month)
        conditions += [PressRelease.announced_on >= start, PressRelease.announced_on < end]
    total = await db.scalar(select(func.count()).select_from(PressRelease).where(*conditions)) or 0
    rows = await db.scalars(
        _ordered(select(PressRelease).where(*conditions)).offset((filters.page - 1) * PER_PAGE).limit(PER_PAGE)
    )
    return Page(items=list(rows), page=filters.page, per_page=PER_PAGE, total=total)


async def organization_choices(db: AsyncSession) -> list[tuple[str, str]]:
    """(id, name) of the organizations with a published release, by name."""
    ids = set(await db.scalars(select(PressRelease.organization_id).where(published_condition()).distinct()))
    organizations = await accounts.organizations_by_ids(db, ids)
    return sorted(((str(o.id), o.name) for o in organizations.values()), key=lambda pair: pair[1])


async def month_choices(db: AsyncSession) -> list[tuple[str, str]]:
    """("2026-11", "2026年11月") from the newest 発表日 back to the oldest (at most ten years)."""
    row = (
        await db.execute(
            select(func.min(PressRelease.announced_on), func.max(PressRelease.announced_on)).where(
                published_condition()
            )
        )
    ).one()
    oldest, newest = row
    if oldest is None or newest is None:
        return []
    choices = []
    year, month = newest.year, newest.month
    while (year, month) >= (oldest.year, oldest.month) and len(choices) < 120:
        choices.append((f"{year:04d}-{month:02d}", f"{year}年{month}月"))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return choices


async def public_release(db: AsyncSession, release_id: int) -> PressRelease | None:
    return await db.scalar(select(PressRelease).where(PressRelease.id == release_id, published_condition()))


async def feed(db: AsyncSession, settings: Settings) -> bytes:
    rows = list(await db.scalars(_ordered(select(PressRelease).where(published_condition())).limit(FEED_SIZE)))
    names = await accounts.organizations_by_ids(db, {r.organization_id for r in rows})
    base = settings.app.base_url.rstrip("/")
    entries = []
    for release in rows:
        url = urls.absolute_url(settings, "press:release", release_id=release.id)
        organization = names.get(release.organization_id)
        entries.append(
            FeedEntry(
                id=url,
                title=release.title,
                url=url,
                updated=release.approved_at or release.updated_at,
                summary=plain_text(release.body, 300),
                author=organization.name if organization else "",
            )
        )
    return build_feed(
        feed_id=base + urls.path_for("press:list"),
        title="PARTNER プレスルーム",
        site_url=base + urls.path_for("press:list"),
        self_url=base + urls.path_for("press:feed"),
        entries=entries,
    )


# -- for the 登録団体一覧 (features/accounts asks "organization_press_releases") -------------


@dataclass(frozen=True)
class ReleaseLink:
    title: str
    announced_on: date
    path: str


@dataclass(frozen=True)
class OrganizationReleases:
    total: int
    latest: tuple[ReleaseLink, ...]  # newest first, at most LATEST
    list_path: str  # the プレスルーム filtered to this organization


LATEST = 3


async def organization_press_releases(db: AsyncSession, organization_ids: list[int]) -> dict[int, OrganizationReleases]:
    """For a page of organizations, in two queries: how many releases each has published and its
    newest few. Organizations without any are left out."""
    if not organization_ids:
        return {}
    in_list = PressRelease.organization_id.in_(list(organization_ids))
    totals = dict(
        (
            await db.execute(
                select(PressRelease.organization_id, func.count())
                .where(in_list, published_condition())
                .group_by(PressRelease.organization_id)
            )
        ).all()
    )
    if not totals:
        return {}
    ranked = (
        select(
            PressRelease.id,
            PressRelease.organization_id,
            PressRelease.title,
            PressRelease.announced_on,
            func.row_number()
            .over(
                partition_by=PressRelease.organization_id,
                order_by=(PressRelease.announced_on.desc(), PressRelease.approved_at.desc(), PressRelease.id.desc()),
            )
            .label("rank"),
        )
        .where(in_list, published_condition())
        .subquery()
    )
    rows = await db.execute(
        select(ranked.c.id, ranked.c.organization_id, ranked.c.title, ranked.c.announced_on)
        .where(ranked.c.rank <= LATEST)
        .order_by(ranked.c.organization_id, ranked.c.rank)
    )
    latest: dict[int, list[ReleaseLink]] = {}
    for release_id, organization_id, title, announced_on in rows:
        latest.setdefault(organization_id, []).append(
            ReleaseLink(title, announced_on, urls.path_for("press:release", release_id=release_id))
        )
    return {
        organization_id: OrganizationReleases(
            total=total,
            latest=tuple(latest.get(organization_id, ())),
            list_path=urls.path_for("press:list", {"organization": organization_id}),
        )
        for organization_id, total in totals.items()
    }
