"""不達メールアドレス rules: a notification is tied to its outbox row by the signed VERP address,
recorded as a BounceEvent, and folded into the address's BouncedAddress — a hard bounce
suppresses at once; a soft one adds `soft_score_per_day` at most once per address and day
(JST), and at `soft_threshold` the address is suppressed. Forged notifications (bad signature,
unknown row) are kept as events of kind "forged" and change nothing else."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, mail_addresses, slices
from app.config import Settings
from app.mail import MailStatus, OutboxMail
from features.accounts.api import MypageNotice
from features.bounces import parsing
from features.bounces.models import BouncedAddress, BounceEvent, BounceKind

RAW_LIMIT = 64 * 1024  # characters of a notification kept for the secretariat to read
CHUNK = 500  # addresses per IN (…) list


def _now() -> datetime:
    return clock.now()


def bounce_domain(settings: Settings) -> str:
    return mail_addresses.verp_sender(settings, 0).rpartition("@")[2].lower()


@dataclass(frozen=True)
class Outcome:
    kind: str  # hard | soft | forged | ignored (an auto-reply or anything without a failure)
    outbox_id: int | None = None
    address: str = ""
    status: str = ""
    suppressed: bool = False


def _raw_text(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace")
    return text if len(text) <= RAW_LIMIT else text[:RAW_LIMIT] + "\n…（以下省略）"


async def process_message(
    db: AsyncSession, settings: Settings, raw: bytes, recipients: Collection[str] = ()
) -> Outcome:
    """One bounce notification: `recipients` are the SMTP envelope's (RCPT TO); from a maildir
    the delivery headers (Delivered-To, X-Original-To, To) stand in for them."""
    msg = parsing.message_from_bytes(raw)
    candidates = [r for r in recipients if r] or parsing.envelope_candidates(msg)
    verp = [c for c in candidates if c.lower().startswith("bounce+")] or candidates
    outbox_id = None
    for candidate in verp:
        outbox_id = mail_addresses.parse_verp(settings, candidate)
        if outbox_id is not None:
            break
    row = await db.get(OutboxMail, outbox_id) if outbox_id is not None else None
    recipient = (verp[0] if verp else "")[:320]
    if row is None:
        db.add(
            BounceEvent(
                outbox_id=outbox_id, recipient=recipient, kind=BounceKind.FORGED, raw=_raw_text(raw), received_at=_now()
            )
        )
        await db.flush()
        return Outcome(BounceKind.FORGED, outbox_id)
    found = parsing.failures(msg, raw)
    if not found:
        return Outcome("ignored", row.id)
    address = row.to_address.strip().lower()
    # The row's own address is the one we sent to; a failure naming it (or the only one) tells how.
    failure = next((f for f in found if f.address == address), None) or min(found, key=lambda f: f.kind != "hard")
    event = BounceEvent(
        outbox_id=row.id,
        recipient=recipient,
        address=address[:320],
        kind=failure.kind,
        status=failure.status,
        diagnostic=failure.diagnostic[:1000],
        raw=_raw_text(raw),
        received_at=_now(),
    )
    db.add(event)
    await db.flush()
    state = await _record(db, settings, event)
    return Outcome(failure.kind, row.id, address, failure.status, state.suppressed_at is not None)


async def _address_row(db: AsyncSession, address: str, now: datetime, kind: str) -> BouncedAddress:
    row = await db.scalar(select(BouncedAddress).where(BouncedAddress.address == address))
    if row is not None:
        return row
    try:
        async with db.begin_nested():
            row = BouncedAddress(address=address, kind=kind, first_seen=now, last_seen=now)
            db.add(row)
        return row
    except IntegrityError:  # another receiver recorded the same address first
        return await db.scalar(select(BouncedAddress).where(BouncedAddress.address == address))


async def _record(db: AsyncSession, settings: Settings, event: BounceEvent) -> BouncedAddress:
    now = event.received_at
    row = await _address_row(db, event.address, now, event.kind)
    row.count += 1
    row.last_seen = now
    row.last_status = event.status
    row.diagnostic = event.diagnostic
    row.last_event_id = event.id
    if event.kind == BounceKind.HARD:
        row.kind = BounceKind.HARD
        if row.suppressed_at is None:
            row.suppressed_at = now
    else:
        if row.kind != BounceKind.HARD:
            row.kind = BounceKind.SOFT
        today = clock.to_jst(now).date()
        if row.last_scored_on != today:
            row.score += settings.bounces.soft_score_per_day
            row.last_scored_on = today
        if row.suppressed_at is None and row.score >= settings.bounces.soft_threshold:
            row.suppressed_at = now
    await db.flush()
    return row


# -- the secretariat -----------------------------------------------------------------------


class ReleaseError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


async def release(db: AsyncSession, row: BouncedAddress, staff_user_id: int, reason: str) -> None:
    """解除: mail goes to the address again; the score starts over."""
    if row.suppressed_at is None:
        raise ReleaseError("このアドレスは配信停止になっていません。")
    row.suppressed_at = None
    row.score = 0
    row.last_scored_on = None
    row.released_at = _now()
    row.released_by = staff_user_id
    row.release_reason = reason[:500]
    await db.flush()


async def address_by_id(db: AsyncSession, address_id: int) -> BouncedAddress | None:
    return await db.get(BouncedAddress, address_id)


async def addresses(db: AsyncSession, *, kind: str = "", state: str = "", contains: str = "", limit: int = 500):
    query = select(BouncedAddress).order_by(BouncedAddress.last_seen.desc(), BouncedAddress.id.desc())
    if kind in (BounceKind.HARD, BounceKind.SOFT):
        query = query.where(BouncedAddress.kind == kind)
    if state == "suppressed":
        query = query.where(BouncedAddress.suppressed_at.is_not(None))
    elif state == "active":
        query = query.where(BouncedAddress.suppressed_at.is_(None))
    if contains:
        escaped = contains.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(BouncedAddress.address.like(f"%{escaped}%", escape="\\"))
    return list(await db.scalars(query.limit(limit)))


async def events_of(db: AsyncSession, address: str, limit: int = 20) -> list[BounceEvent]:
    query = (
        select(BounceEvent)
        .where(BounceEvent.address == address)
        .order_by(BounceEvent.received_at.desc(), BounceEvent.id.desc())
        .limit(limit)
    )
    return list(await db.scalars(query))


async def forged_count(db: AsyncSession) -> int:
    return await db.scalar(select(func.count()).select_from(BounceEvent).where(BounceEvent.kind == BounceKind.FORGED))


# -- the public face's bodies ------------------------------------------------------------------


async def suppressed_addresses(db: AsyncSession, addresses: Collection[str]) -> set[str]:
    wanted = sorted({a.strip().lower() for a in addresses if a and a.strip()})
    out: set[str] = set()
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        out.update(
            await db.scalars(
                select(BouncedAddress.address).where(
                    BouncedAddress.address.in_(chunk), BouncedAddress.suppressed_at.is_not(None)
                )
            )
        )
    return out


@dataclass(frozen=True)
class CampaignBounceRate:
    campaign: str  # the outbox key, e.g. "mailing:12"
    label: str  # what the sending slice calls it (the key itself when no slice names it)
    sent: int
    bounced: int  # outbox rows of the campaign with a hard or soft bounce
    hard: int

    @property
    def rate(self) -> float:
        return self.bounced / self.sent if self.sent else 0.0


async def bounce_rates(db: AsyncSession, campaigns: list[str] | None = None) -> list[CampaignBounceRate]:
    """Every campaign's rates, or only those of `campaigns` (a page of mailings, one mailing's
    progress poll: the outbox's campaign index, not a scan of every mail ever sent)."""
    only = [OutboxMail.campaign.in_(campaigns)] if campaigns is not None else []
    sent = dict(
        (
            await db.execute(
                select(OutboxMail.campaign, func.count(OutboxMail.id))
                .where(OutboxMail.campaign.is_not(None), OutboxMail.status == MailStatus.SENT, *only)
                .group_by(OutboxMail.campaign)
            )
        ).all()
    )
    bounced_rows = (
        await db.execute(
            select(
                OutboxMail.campaign,
                func.count(func.distinct(BounceEvent.outbox_id)),
                func.count(func.distinct(BounceEvent.outbox_id)).filter(BounceEvent.kind == BounceKind.HARD),
            )
            .join(OutboxMail, OutboxMail.id == BounceEvent.outbox_id)
            .where(OutboxMail.campaign.is_not(None), BounceEvent.kind != BounceKind.FORGED, *only)
            .group_by(OutboxMail.campaign)
        )
    ).all()
    bounced = {campaign: (total, hard) for campaign, total, hard in bounced_rows}
    keys = sorted(set(sent) | set(bounced))
    labels: dict[str, str] = {}
    for answer in await slices.ask_all("campaign_labels", db, keys):
        labels.update(answer or {})
    return [
        CampaignBounceRate(key, labels.get(key, key), sent.get(key, 0), *bounced.get(key, (0, 0)))
        for key in sorted(keys, reverse=True)
    ]


async def has_bounced(db: AsyncSession, address: str) -> bool:
    """For the person's mypage: suppressed, or bounced since the last 解除."""
    row = await db.scalar(select(BouncedAddress).where(BouncedAddress.address == address.strip().lower()))
    if row is None:
        return False
    return row.suppressed_at is not None or row.released_at is None or row.last_seen > row.released_at


BANNER = "ご登録のメールアドレスにメールが届きませんでした。アドレスをご確認ください。"


async def mypage_notice(db: AsyncSession, user) -> MypageNotice | None:
    """The hook "mypage_notices": a banner when the person's address is suppressed or has bounced."""
    if not getattr(user, "email", "") or not await has_bounced(db, user.email):
        return None
    return MypageNotice(BANNER, "accounts:profile", "メールアドレスを確認・変更する")
