"""New public postings for PARTNERニュース: 求人情報, 研修・イベント・セミナー情報 and 団体からのお知らせ
that appeared in a time window, as app.newsfeed.NewsfeedItem (never a row of this slice)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import urls
from app.newsfeed import NewsfeedItem
from features.accounts import api as accounts
from features.postings.kinds import KINDS
from features.postings.models import Posting
from features.postings.service import visible


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


async def appeared_between(db: AsyncSession, kind: str, since: datetime | None, until: datetime) -> list[NewsfeedItem]:
    """Postings of `kind` public now (to everyone: 帰国隊員向け ones are left out of a newsletter)
    that appeared in [since, until): when the publication task first saw them public, or — before
    it has — the later of 掲載開始 and approval (one approved late is still news; an approved
    revision of an old one is not). Oldest first."""
    window = Posting.publish_at < until
    if since is not None:
        window = and_(
            window,
            or_(
                Posting.published_at >= since,
                and_(Posting.published_at.is_(None), or_(Posting.publish_at >= since, Posting.approved_at >= since)),
            ),
        )
    rows = list(
        (await db.scalars(select(Posting).where(Posting.kind == kind, visible(jocv_viewer=False), window))).all()
    )
    spec = KINDS[kind]
    names = {
        o.id: o.name for o in (await accounts.organizations_by_ids(db, {p.organization_id for p in rows})).values()
    }
    items = []
    for posting in rows:
        appeared = _aware(
            posting.published_at or max(_aware(posting.publish_at), _aware(posting.approved_at or posting.publish_at))
        )
        if (since is None or appeared >= since) and appeared < until:
            items.append(
                NewsfeedItem(
                    title=posting.title,
                    organization=names.get(posting.organization_id, ""),
                    path=urls.path_for(spec.public_route, posting_id=posting.id),
                    published_at=appeared,
                    source=f"postings:{kind}:{posting.id}",
                )
            )
    return sorted(items, key=lambda i: (i.published_at, i.source))
