"""Demo seminars: two upcoming 国際協力人材セミナー (Tokyo, 220 seats in sessions A–H, full with a
waiting list; an online one with room left), one 国際協力団体セミナー with 出欠確認 answers of the
approved organizations, and one still 企画中. Every date follows the clock at load time; every
choice comes from `rng`. Rows are written directly (no mails: nobody really registered)."""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.clock import JST
from app.config import Settings
from features.accounts import api as accounts
from features.seminars import demo_after, registration
from features.seminars.models import (
    OrgAnswer,
    RegistrationStatus,
    Seminar,
    SeminarCounselor,
    SeminarKind,
    SeminarOrgAttendance,
    SeminarRegistration,
    SeminarRegistrationSession,
    SeminarSession,
    SeminarSpeaker,
    SeminarStatus,
    SpeakerKind,
    SpeakerRequestStatus,
)

SECRETARIAT_EMAIL = "admin@example.org"
FAMILY = [
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
    "松本",
    "井上",
    "木村",
]
GIVEN = [
    "陽菜",
    "結衣",
    "美咲",
    "さくら",
    "葵",
    "大翔",
    "蓮",
    "悠真",
    "湊",
    "颯太",
    "健一",
    "直子",
    "真由美",
    "翔",
    "彩",
]
OCCUPATIONS = [
    "会社員（メーカー）",
    "会社員（商社）",
    "大学生",
    "大学院生",
    "NGO職員",
    "公務員",
    "教員",
    "看護師",
    "医師",
    "自営業",
]
TRACKS = "ABCDEFGH"
MORNING = [
    "保健医療分野のキャリア",
    "教育協力の現場から",
    "農業・農村開発の仕事",
    "平和構築とガバナンス",
    "防災・復興支援",
    "ジェンダーと開発",
    "開発コンサルタントという働き方",
    "NGOで働く",
]
AFTERNOON = [
    "JICA海外協力隊経験をキャリアに生かす",
    "国際機関への道（JPO制度）",
    "応募書類の書き方",
    "語学力と専門性の磨き方",
    "民間企業と国際協力",
    "水・衛生分野の専門家",
    "ICTと開発",
    "帰国後のキャリア設計",
]
SPEAKERS = [
    ("中川 浩二", "JICA人事部", SpeakerKind.JICA, "基調講演「国際協力のキャリアパス」"),
    ("石田 真理", "JICA人間開発部", SpeakerKind.JICA, "保健医療分野のキャリア"),
    ("大野 慎一", "JICA地球環境部", SpeakerKind.JICA, "防災・復興支援"),
    ("森 香織", "特定非営利活動法人 アジア教育支援の会", SpeakerKind.EXTERNAL, "NGOで働く"),
    ("藤井 拓也", "株式会社 国際開発コンサルタンツ", SpeakerKind.EXTERNAL, "開発コンサルタントという働き方"),
    ("原田 由紀", "国連開発計画（UNDP）駐日代表事務所", SpeakerKind.EXTERNAL, "国際機関への道（JPO制度）"),
    ("清水 健", "JICA青年海外協力隊事務局", SpeakerKind.JICA, "JICA海外協力隊経験をキャリアに生かす"),
    ("村上 さやか", "PARTNERキャリア相談員", SpeakerKind.EXTERNAL, "応募書類の書き方"),
    ("後藤 聡", "JICA経済開発部", SpeakerKind.JICA, "農業・農村開発の仕事"),
    ("近藤 美穂", "ジェンダー平等推進ネットワーク", SpeakerKind.EXTERNAL, "ジェンダーと開発"),
]


def _at(day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=JST).astimezone(UTC)


def _saturday_after(now: datetime, days: int):
    day = clock.to_jst(now).date() + timedelta(days=days)
    return day + timedelta(days=(5 - day.weekday()) % 7)


def _token(seed: str) -> str:
    return hashlib.sha256(f"demo-{seed}".encode()).hexdigest()


def _seminar(now: datetime, creator: int | None, **values) -> Seminar:
    return Seminar(created_by=creator, created_at=now - timedelta(days=30), updated_at=now, **values)


async def seed_demo(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    now = clock.now()
    admin = await accounts.user_by_email(db, SECRETARIAT_EMAIL)
    creator = admin.id if admin else None
    people = [user_id for user_id, _ in await accounts.full_registrant_user_ids(db)][:40]
    emails = await accounts.emails_of_users(db, set(people))

    # 1. Tokyo, 220 seats, full with a waiting list, plenary + A–H twice + networking.
    tokyo_day = _saturday_after(now, 24)
    tokyo = _seminar(
        now,
        creator,
        kind=SeminarKind.TALENT,
        title="国際協力人材セミナー東京",
        theme="国際協力のキャリアをひらく ― 分野別セッションと個別キャリア相談",
        description=(
            "国際協力の仕事に関心のある社会人・学生の方を対象に、JICA・NGO・開発コンサルタント・国際機関で"
            "働く方々が仕事の実際をお話しします。午前・午後に分野別のセッション（A〜H）を並行して行い、"
            "最後に講師・参加者の交流会があります。会場ではキャリア相談員による個別相談も受け付けます。"
        ),
        starts_at=_at(tokyo_day, 10),
        ends_at=_at(tokyo_day, 17),
        venue_name="JICA市ヶ谷ビル 2階 国際会議場",
        venue_address="東京都新宿区市谷本村町10-5",
        venue_map_url="https://www.openstreetmap.org/search?query=JICA%E5%B8%82%E3%83%B6%E8%B0%B7%E3%83%93%E3%83%AB",
        online_url=None,
        capacity=220,
        audience="国際協力の仕事に関心のある社会人・学生",
        fee="無料",
        apply_from=now - timedelta(days=14),
        apply_until=_at(tokyo_day - timedelta(days=2), 17),
        status=SeminarStatus.ANNOUNCED,
        announced_at=now - timedelta(days=14),
        reminder_days=settings.seminars.reminder_days,
    )
    online = _seminar(
        now,
        creator,
        kind=SeminarKind.TALENT,
        title="国際協力人材セミナー（オンライン）",
        theme="はじめての国際協力 ― 働き方と必要な準備",
        description="地方にお住まいの方も参加しやすいオンライン開催です。後半は質疑応答の時間を設けます。",
        starts_at=_at(_saturday_after(now, 38), 14),
        ends_at=_at(_saturday_after(now, 38), 16, 30),
        online_url="https://meet.example.org/partner-seminar-online",
        capacity=100,
        audience="国際協力に関心のある方（学生・社会人）",
        fee="無料",
        apply_from=now - timedelta(days=3),
        apply_until=_at(_saturday_after(now, 38) - timedelta(days=1), 17),
        status=SeminarStatus.ANNOUNCED,
        announced_at=now - timedelta(days=3),
        reminder_days=settings.seminars.reminder_days,
    )
    org_day = clock.to_jst(now).date() + timedelta(days=30)
    org_seminar = _seminar(
        now,
        creator,
        kind=SeminarKind.ORGANIZATION,
        title="国際協力団体セミナー 人材募集と広報のコツ",
        theme="PARTNERを活用した人材募集",
        description="国際協力に携わる団体の皆さまを対象に、PARTNERでの求人・研修情報の掲載と人材募集の工夫を紹介します。",
        starts_at=_at(org_day, 14),
        ends_at=_at(org_day, 16),
        venue_name="JICA本部 会議室",
        venue_address="東京都千代田区二番町5-25",
        online_url="https://meet.example.org/partner-org-seminar",
        capacity=80,
        audience="PARTNERに登録している国際協力団体のご担当者",
        fee="無料",
        apply_from=now - timedelta(days=7),
        apply_until=_at(org_day - timedelta(days=3), 17),
        status=SeminarStatus.ANNOUNCED,
        announced_at=now - timedelta(days=7),
        reminder_days="3",
    )
    planning = _seminar(
        now,
        creator,
        kind=SeminarKind.TALENT,
        title="国際協力人材セミナー福岡",
        theme="九州から世界へ",
        venue_name="JICA九州",
        capacity=0,
        reminder_days=settings.seminars.reminder_days,
    )
    db.add_all([tokyo, online, org_seminar, planning])
    await db.flush()

    # Speakers and the Tokyo programme.
    speakers = []
    for i, (name, affiliation, kind, topic) in enumerate(SPEAKERS):
        status = (
            SpeakerRequestStatus.ACCEPTED
            if i < 8
            else (SpeakerRequestStatus.REQUESTED if i == 8 else SpeakerRequestStatus.DECLINED)
        )
        speakers.append(
            SeminarSpeaker(
                seminar_id=tokyo.id,
                name=name,
                affiliation=affiliation,
                kind=kind,
                email=f"speaker{i + 1}@example.org",
                topic=topic,
                request_status=status,
                requested_at=now - timedelta(days=40 - i),
                answered_at=None if status == SpeakerRequestStatus.REQUESTED else now - timedelta(days=30 - i),
            )
        )
    db.add_all(speakers)
    await db.flush()
    by_topic = {s.topic: s.id for s in speakers if s.request_status == SpeakerRequestStatus.ACCEPTED}
    sessions = [
        SeminarSession(
            seminar_id=tokyo.id,
            starts_at=_at(tokyo_day, 10),
            ends_at=_at(tokyo_day, 11),
            track="",
            title="基調講演「国際協力のキャリアパス」",
            speaker_id=speakers[0].id,
            position=1,
        )
    ]
    for block, (start, end, titles) in enumerate(((11, 12, MORNING), (13, 14, AFTERNOON))):
        for i, title in enumerate(titles):
            sessions.append(
                SeminarSession(
                    seminar_id=tokyo.id,
                    starts_at=_at(tokyo_day, start, 15 if block == 0 else 30),
                    ends_at=_at(tokyo_day, end, 30 if block == 0 else 45),
                    track=TRACKS[i],
                    title=f"分科会{TRACKS[i]}：{title}",
                    speaker_id=by_topic.get(title),
                    capacity=30,
                    position=10 * (block + 1) + i,
                )
            )
    sessions.append(
        SeminarSession(
            seminar_id=tokyo.id,
            starts_at=_at(tokyo_day, 15),
            ends_at=_at(tokyo_day, 17),
            track="",
            title="交流会（講師・参加者のネットワーキング）",
            position=90,
        )
    )
    online_sessions = [
        SeminarSession(
            seminar_id=online.id,
            starts_at=online.starts_at,
            ends_at=online.starts_at + timedelta(hours=1),
            title="国際協力の仕事の全体像",
            position=1,
        ),
        SeminarSession(
            seminar_id=online.id,
            starts_at=online.starts_at + timedelta(hours=1, minutes=10),
            ends_at=online.ends_at,
            title="質疑応答",
            position=2,
        ),
    ]
    db.add_all(sessions + online_sessions)
    await db.flush()

    for i, (user_id, _name) in enumerate((await accounts.counselors(db))[:3]):
        for hour in (11, 13):
            db.add(
                SeminarCounselor(
                    seminar_id=tokyo.id,
                    counselor_user_id=user_id,
                    starts_at=_at(tokyo_day, hour),
                    ends_at=_at(tokyo_day, hour + 2),
                    booth=f"キャリア相談ブース{i + 1}",
                )
            )

    # Registrations: Tokyo full (220) with 9 on the waiting list; 37 for the online one.
    morning = [s for s in sessions if s.capacity and s.starts_at.hour == _at(tokyo_day, 11, 15).hour]
    afternoon = [s for s in sessions if s.capacity and s not in morning]
    seats: dict[int, int] = {}
    serial = 0

    def person(n: int):
        nonlocal serial
        serial += 1
        user_id = people[n] if n < len(people) and n % 3 == 0 else None
        email = emails.get(user_id) if user_id else None
        return user_id, f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}", email or f"seminar-demo-{serial}@example.net"

    async def add(seminar: Seminar, count: int, confirmed: int, choose) -> None:
        used: set[int] = set()
        for n in range(count):
            user_id, name, email = person(n)
            if user_id in used:
                user_id, email = None, f"seminar-demo-{serial}-b@example.net"
            if user_id:
                used.add(user_id)
            seminar.receipt_seq += 1
            waiting = n >= confirmed
            if waiting:
                seminar.waiting_seq += 1
            created = seminar.apply_from + timedelta(
                minutes=rng.randint(0, int((now - seminar.apply_from).total_seconds() // 60))
            )
            reg = SeminarRegistration(
                seminar_id=seminar.id,
                receipt_no=f"S{seminar.id}-{seminar.receipt_seq:04d}",
                user_id=user_id,
                name=name,
                email=email,
                active_email=email,
                age_band=rng.choices(registration.AGE_BANDS, weights=[2, 30, 28, 18, 12, 7, 3])[0],
                occupation=rng.choice(OCCUPATIONS),
                interests=",".join(rng.sample(registration.INTERESTS, rng.randint(1, 3))),
                experience=rng.choice(registration.EXPERIENCES),
                source=rng.choice(registration.SOURCES),
                status=RegistrationStatus.WAITING if waiting else RegistrationStatus.CONFIRMED,
                waiting_position=seminar.waiting_seq if waiting else None,
                cancel_token_hash=_token(f"{seminar.id}-{n}"),
                created_at=created,
                confirmed_at=created,
            )
            db.add(reg)
            await db.flush()
            for session in choose(waiting):
                taken = seats.get(session.id, 0)
                if not waiting and (session.capacity is None or taken < session.capacity):
                    seats[session.id] = taken + 1
                    db.add(
                        SeminarRegistrationSession(registration_id=reg.id, session_id=session.id, status="confirmed")
                    )
                else:
                    seminar.waiting_seq += 1
                    db.add(
                        SeminarRegistrationSession(
                            registration_id=reg.id,
                            session_id=session.id,
                            status="waiting",
                            waiting_position=None if waiting else seminar.waiting_seq,
                        )
                    )

    # Popular tracks fill first (A and G): their waiting lists are real.
    weights = [5, 3, 2, 3, 2, 2, 4, 3]
    await add(
        tokyo,
        229,
        220,
        lambda waiting: [rng.choices(morning, weights=weights)[0], rng.choices(afternoon, weights=weights)[0]],
    )
    await add(online, 37, 37, lambda waiting: online_sessions)

    # 団体セミナー: a dozen organizations registered, answers for most of them from the phone calls.
    organizations = await accounts.approved_organizations(db)
    for i, organization in enumerate(organizations[:12]):
        user = await accounts.user_by_id(db, organization.user_id)
        org_seminar.receipt_seq += 1
        db.add(
            SeminarRegistration(
                seminar_id=org_seminar.id,
                receipt_no=f"S{org_seminar.id}-{org_seminar.receipt_seq:04d}",
                user_id=organization.user_id,
                organization_id=organization.id,
                name=organization.contact_name,
                email=user.email,
                active_email=user.email,
                age_band=rng.choice(registration.AGE_BANDS[2:5]),
                occupation=organization.name,
                interests=",".join(rng.sample(registration.INTERESTS, 2)),
                experience=registration.EXPERIENCES[-1],
                source=registration.SOURCES[1],
                status=RegistrationStatus.CONFIRMED,
                cancel_token_hash=_token(f"org-{i}"),
                created_at=now - timedelta(days=rng.randint(1, 6)),
                confirmed_at=now - timedelta(days=rng.randint(0, 1)),
            )
        )
    answers = [OrgAnswer.ATTEND] * 5 + [OrgAnswer.ABSENT] * 2 + [OrgAnswer.CONSIDERING] * 2
    memos = {
        OrgAnswer.ATTEND: ["2名で参加予定", "担当者1名が参加", "オンラインで参加"],
        OrgAnswer.ABSENT: ["当日は別イベントのため欠席", "今回は見送り"],
        OrgAnswer.CONSIDERING: ["来週折り返し連絡あり", "上長に確認中"],
    }
    for i, organization in enumerate(organizations[: int(len(organizations) * 0.7)]):
        answer = answers[i % len(answers)]
        db.add(
            SeminarOrgAttendance(
                seminar_id=org_seminar.id,
                organization_id=organization.id,
                answer=answer,
                memo=rng.choice(memos[answer]),
                recorded_by=creator,
                recorded_at=now - timedelta(days=rng.randint(0, 5), hours=rng.randint(0, 8)),
            )
        )
    await db.flush()

    # The past seminar, its day and after (demo_after).
    await demo_after.seed_past_seminar(db, rng, settings, creator)
