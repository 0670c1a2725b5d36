"""The bounces slice's public face: all that other slices may use of it."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy.ext.asyncio import AsyncSession

from features.bounces import service
from features.bounces.counters import count_bulk_bounces  # the reports
from features.bounces.demo_history import HistoryBounce, record_history_bounces  # the mailings' demo history
from features.bounces.service import CampaignBounceRate


async def suppressed_addresses(db: AsyncSession, addresses: Collection[str]) -> set[str]:
    """Of these addresses (as stored on accounts, compared lower-cased), those suppressed for bulk
    mail (mailings, PARTNERニュース, alerts; transactional mail is still attempted). The answer is
    lower-cased; one query per 500 addresses."""
    return await service.suppressed_addresses(db, addresses)


async def bounce_rates(db: AsyncSession, campaigns: list[str] | None = None) -> list[CampaignBounceRate]:
    """Per outbox campaign ("mailing:12" …): mails sent, of them bounced (hard / all), newest key first.
    Labels come from the hook "campaign_labels"(db, keys) -> {key: label} of the sending slices.
    With `campaigns`, only those (a list page's, a progress poll's)."""
    return await service.bounce_rates(db, campaigns)


__all__ = [
    "CampaignBounceRate",
    "HistoryBounce",
    "bounce_rates",
    "count_bulk_bounces",
    "record_history_bounces",
    "suppressed_addresses",
]
