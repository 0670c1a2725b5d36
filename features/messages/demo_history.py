"""The demo's 18 months of オファーメール (issue 16 item 7): the history's organizations write to the
history's 国際協力人材登録 registrants on the seasonal calendar; most are read, about a third get a
reply within a few days (replies that would come after the clock have not come yet)."""

from __future__ import annotations

import bisect
import random

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.demo_calendar import insert_rows, later, spread
from features.accounts import api as accounts
from features.messages.models import Direction, MailMode, Message, MessageThread
from features.messages.service import MODE_CATEGORY, REPLY_CATEGORY

OFFERS = 1300
GREETING = "PARTNERでご登録の履歴書を拝見し、ご連絡いたしました。"
REPLY_SHARE = 0.35
OFFERS_TEXT = [
    ("{sector}分野の案件のご案内", "当団体の{sector}分野の事業で、現地スタッフを募集しています。"),
    ("プロジェクトオフィサー募集のご案内", "新しく始まるプロジェクトのオフィサーを探しています。"),
    ("業務調整員のポジションについて", "海外事務所の業務調整員として、ご経験を生かしていただけないでしょうか。"),
    ("短期専門家のご相談", "3か月程度の短期の技術支援について、ご相談させてください。"),
]
SECTORS = ["教育", "保健医療", "農業・農村開発", "水資源・衛生", "防災", "ジェンダー", "平和構築"]
REPLIES = [
    "ご連絡ありがとうございます。詳しいお話をうかがえればと思います。",
    "お声がけいただきありがとうございます。現在は別の案件に従事しており、今回は見送らせてください。",
    "ありがとうございます。募集要項を拝見し、応募を検討いたします。",
    "ご案内ありがとうございます。オンラインでの面談は可能でしょうか。",
]


async def seed_history(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    people = [p for p in await accounts.history_people(db) if p.kind == accounts.RegistrationKind.FULL]
    organizations = await accounts.history_organizations(db)
    if not people or not organizations:
        return
    names = await accounts.display_names(db, {p.user_id for p in people})
    people_since = [p.since for p in people]
    org_since = [o.since for o in organizations]
    now = clock.now()
    pairs: set[tuple[int, int]] = set()
    made: list[tuple[MessageThread, list[Message]]] = []
    for sent in spread(rng, OFFERS, hours=(9, 20)):
        known_people, known_orgs = bisect.bisect_left(people_since, sent), bisect.bisect_left(org_since, sent)
        if not known_people or not known_orgs:
            continue
        person, org = people[rng.randrange(known_people)], organizations[rng.randrange(known_orgs)]
        if (org.id, person.user_id) in pairs:
            continue
        pairs.add((org.id, person.user_id))
        subject, body = rng.choice(OFFERS_TEXT)
        subject, body = subject.format(sector=rng.choice(SECTORS)), body.format(sector=rng.choice(SECTORS))
        text = f"{{氏名}} 様\n\n{GREETING}\n{body}\nご関心があれば、このメールにご返信ください。"
        offer = Message(
            organization_id=org.id,
            user_id=person.user_id,
            direction=Direction.TO_PERSON,
            category=MODE_CATEGORY[MailMode.OFFER],
            subject=subject,
            body=text.replace("{氏名}", names[person.user_id]),
            sender_body=text,
            created_at=sent,
        )
        messages = [offer]
        read = later(sent, rng.choice([0, 0, 1, 1, 2, 4]), rng, now)
        if read is not None and rng.random() < 0.85:
            offer.read_at = read
            replied = later(read, rng.choice([0, 1, 1, 2, 3]), rng, now)
            if replied is not None and rng.random() < REPLY_SHARE / 0.85:
                reply = rng.choice(REPLIES)
                messages.append(
                    Message(
                        organization_id=org.id,
                        user_id=person.user_id,
                        direction=Direction.TO_ORGANIZATION,
                        category=REPLY_CATEGORY,
                        subject=f"Re: {subject}",
                        body=reply,
                        sender_body=reply,
                        created_at=replied,
                        read_at=later(replied, rng.choice([0, 1]), rng, now),
                    )
                )
        thread = MessageThread(
            organization_id=org.id,
            user_id=person.user_id,
            mode=MailMode.OFFER,
            subject=subject,
            created_at=sent,
            last_message_at=messages[-1].created_at,
        )
        made.append((thread, messages))
    await insert_rows(db, [thread for thread, _ in made])
    rows = await db.execute(
        select(MessageThread.id, MessageThread.organization_id, MessageThread.user_id).where(
            MessageThread.mode == MailMode.OFFER
        )
    )
    ids = {(org_id, user_id): id_ for id_, org_id, user_id in rows.all() if (org_id, user_id) in pairs}
    for thread, messages in made:
        for message in messages:
            message.thread_id = ids[(thread.organization_id, thread.user_id)]
    await insert_rows(db, [message for _, messages in made for message in messages])
