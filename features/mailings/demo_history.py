"""The demo's 18 months of メール配信 (issue 16 item 7): about three 案内メール a month (more in April
and October, fewer in August): セミナー and 相談会 for the registrants of a region, notices to
organizations, 本登録 for 簡易登録 — each written, approved by the other staff member and sent on
the calendar of app/demo_calendar.py to the history's people and organizations of its audience who
had registered by then: recipients, outbox rows (sent, campaign "mailing:<id>", what the bounce and
配信停止 rates are counted against) and about 1.5% bounces, handed to the bounces slice
(api.record_history_bounces: this slice's history runs after that one's). A hard bounce suppresses
the address in later mailings, and a few recipients are left out for their 配信停止 setting.
Bounces only ever reach the history's own people (never a demo account). No PARTNERニュース: the
partner_news slice sends those."""

from __future__ import annotations

import calendar
import itertools
import random
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.demo_calendar import MONTH_WEIGHT, at_jst, day_weight, history_days, insert_dicts, later
from app.mail import MailStatus, OutboxMail, keyed_message_id
from features.accounts import api as accounts
from features.bounces import api as bounces
from features.mailings.audience import Audience, describe, members
from features.mailings.engine import campaign
from features.mailings.models import AudienceKind, Mailing, MailingRecipient, MailingStatus, RecipientStatus

PER_MONTH = 3  # 案内メール in a month of weight 1 (app.demo_calendar.MONTH_WEIGHT)
BOUNCE_RATE = 0.015  # of the mails sent
HARD_SHARE = 0.35  # of the bounces
OPTED_OUT_RATE = 0.02  # recipients left out for their 配信停止 setting
_P = AudienceKind.INDIVIDUALS
AUDIENCES = (  # (weight, subject, body, audience)
    (
        3,
        "【PARTNER】国際協力キャリアセミナー（東京）のご案内",
        "国際協力の仕事に関心のある方を対象に、東京でキャリアセミナーを開催します。",
        Audience(kind=_P, prefectures=("東京都", "神奈川県", "埼玉県", "千葉県")),
    ),
    (
        2,
        "【PARTNER】国際協力キャリアセミナー（大阪）のご案内",
        "関西にお住まいの方を対象に、大阪でキャリアセミナーを開催します。",
        Audience(kind=_P, prefectures=("大阪府", "京都府", "兵庫県", "奈良県")),
    ),
    (
        2,
        "【PARTNER】九州・沖縄地域 キャリア相談会のご案内",
        "キャリア相談員が福岡に伺います。国際協力の仕事探しについてご相談ください。",
        Audience(
            kind=_P, prefectures=("福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県")
        ),
    ),
    (
        2,
        "【PARTNER】東海地域 国際協力人材セミナーのご案内",
        "名古屋で国際協力人材セミナーを開催します。オンラインでも参加いただけます。",
        Audience(kind=_P, prefectures=("愛知県", "岐阜県", "静岡県", "三重県")),
    ),
    (
        2,
        "【PARTNER】団体ご担当者さま向け 求人掲載説明会のご案内",
        "求人情報の掲載方法と、人材の探し方についての説明会を開催します。",
        Audience(kind=AudienceKind.ORGANIZATIONS),
    ),
    (
        1,
        "【PARTNER】本登録のおすすめ",
        "本登録（国際協力人材登録）をすると、団体からのオファーを受け取れるようになります。",
        Audience(kind=_P, kinds=(accounts.RegistrationKind.SIMPLE.value,)),
    ),
)


async def seed_history(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    admin = await accounts.user_by_email(db, "admin@example.org")
    approver = await accounts.user_by_email(db, "admin2@example.org")
    if admin is None or approver is None:
        return
    people = {p.user_id: p.since for p in await accounts.history_people(db)}
    since = people | {o.user_id: o.since for o in await accounts.history_organizations(db)}
    found = {}  # the audience's members now, of the history's parties: user id → address
    for _weight, _subject, _body, audience in AUDIENCES:
        found[audience] = {
            m.user_id: m.email for m in await members(db, audience) if not m.excluded and m.user_id in since
        }
    weights = [a[0] for a in AUDIENCES]
    hard_bounced: set[str] = set()
    recipients, mails, bounced = [], [], []
    owners: list[tuple[int, int]] = []  # each mail's (user id, recipient row index)
    now = clock.now()
    message_id = keyed_message_id(settings, "{}")  # the domain parsed once, not per mail
    for sent in _send_times(rng):
        _weight, subject, body, audience = rng.choices(AUDIENCES, weights)[0]
        mailing = Mailing(
            subject=subject,
            body=f"{{氏名}} 様\n\n{body}\n詳しくはPARTNERをご覧ください。",
            category="guide",
            audience_kind=audience.kind,
            audience_filters=audience.to_json(),
            audience_description=describe(audience),
            status=MailingStatus.DONE,
            created_by=admin.id,
            submitted_by=admin.id,
            author_ids=str(admin.id),
            approved_by=approver.id,
            approved_at=sent - timedelta(hours=rng.randint(2, 26)),
            send_at=sent,
            started_at=sent,
            finished_at=sent + timedelta(minutes=rng.randint(2, 9)),
            created_at=sent - timedelta(days=rng.randint(2, 6)),
            updated_at=sent + timedelta(minutes=10),
        )
        db.add(mailing)
        await db.flush()
        for user_id, address in sorted(found[audience].items()):
            if since[user_id] >= sent - timedelta(days=1):
                continue  # not yet registered then
            reason = (
                "bounced" if address.lower() in hard_bounced else "opted_out" if rng.random() < OPTED_OUT_RATE else ""
            )
            recipients.append(
                dict(
                    mailing_id=mailing.id,
                    user_id=user_id,
                    email=address,
                    status=RecipientStatus.SUPPRESSED if reason else RecipientStatus.QUEUED,
                    reason=reason,
                    queued_at=None if reason else sent,
                )
            )
            if reason:
                continue
            mails.append(
                dict(
                    to_address=address,
                    subject=subject,
                    body=mailing.body.replace("{氏名}", "ご登録者"),
                    message_id=message_id.format(f"history-mailing.{mailing.id}.{user_id}"),
                    status=MailStatus.SENT,
                    attempts=1,
                    created_at=sent,
                    sent_at=sent + timedelta(minutes=rng.randint(1, 8)),
                    campaign=campaign(mailing.id),
                )
            )
            owners.append((user_id, len(recipients) - 1))
            if user_id in people and rng.random() < BOUNCE_RATE:
                hard = rng.random() < HARD_SHARE
                at = later(sent, 0, rng, now) if rng.random() < 0.3 else sent + timedelta(minutes=rng.randint(3, 90))
                if at is not None and at < now:
                    bounced.append((len(mails) - 1, len(recipients) - 1, hard, at))
                    if hard:
                        hard_bounced.add(address.lower())
    bounced += _a_bounce_every_month(mails, owners, bounced, set(people), now)
    # One executemany, then the ids by Message-ID (an INSERT … RETURNING of thousands is slower).
    await insert_dicts(db, OutboxMail, mails)
    by_message = dict(
        (
            await db.execute(
                select(OutboxMail.message_id, OutboxMail.id).where(OutboxMail.message_id.like("<history-mailing.%"))
            )
        ).all()
    )
    ids = [by_message[mail["message_id"]] for mail in mails]
    queued = iter(ids)
    for row in recipients:
        row["outbox_id"] = None if row["status"] == RecipientStatus.SUPPRESSED else next(queued)
    await insert_dicts(db, MailingRecipient, recipients)
    await bounces.record_history_bounces(
        db,
        settings,
        [
            bounces.HistoryBounce(ids[mail], recipients[recipient]["email"], hard, at)
            for mail, recipient, hard, at in bounced
        ],
    )
    await db.flush()


def _a_bounce_every_month(
    mails: list[dict], owners: list[tuple[int, int]], bounced: list[tuple], people: set[int], now: datetime
) -> list[tuple]:
    """One soft bounce more in each month whose mail the draw left without one, so that the report's
    不達率 has a point every month: about 1.5 % of a quiet month's few hundred mails can come out
    as none. A mail of a history registrant that month, drawn apart from the history's `rng` (what
    the other histories draw stays as it was); a month with a bounce is left alone."""
    months = [clock.to_jst(mail["created_at"]).strftime("%Y-%m") for mail in mails]
    with_bounce = {months[index] for index, *_ in bounced}
    candidates: dict[str, list[int]] = {}
    for index, (user_id, _row) in enumerate(owners):
        if user_id in people and months[index] not in with_bounce:
            candidates.setdefault(months[index], []).append(index)
    draw = random.Random(len(mails))
    added = []
    for _month, indexes in sorted(candidates.items()):
        index = draw.choice(indexes)
        at = mails[index]["created_at"] + timedelta(minutes=draw.randint(3, 90))
        if at < now:
            added.append((index, owners[index][1], False, at))
    return added


def _send_times(rng: random.Random) -> list[datetime]:
    """Each month of the history gets its share of PER_MONTH by the month's weight (a part month a
    part of it, rounded at random), on days chosen by their weight, between 10:00 and 16:00."""
    days = history_days()
    times = []
    for (year, month), group in itertools.groupby(days, key=lambda d: (d.year, d.month)):
        month_days = list(group)
        expected = PER_MONTH * MONTH_WEIGHT[month] * len(month_days) / calendar.monthrange(year, month)[1]
        weights = [day_weight(d, days[0], len(days)) for d in month_days]
        for day in rng.choices(month_days, weights=weights, k=int(expected + rng.random())):
            times.append(at_jst(day, rng.randint(10 * 60, 16 * 60 - 1)))
    return sorted(times)
