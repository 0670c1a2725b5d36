"""Demo 公募・公示 for the JICA demo organization (jica@example.org).

About forty 公募 in every state (one closing today at 12:00 Japan time, a 再公募 chain of three,
fifteen in the archive), applicants with their selection history, six プレ公募 (one already turned
into a 公募 draft) with followers, twenty 公示 each with a real PDF 説明書, and sixty Japan-time
days of access counts. Every date follows the clock at load time; every choice comes from `rng`.

The material (posts, accounts, date helpers) is in demo_posts.py, the applicants and access counts in
demo_applications.py, the 公示 in demo_koji.py; seed_demo here loads the 公募 and プレ公募 and calls them.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.clock import JST
from app.config import Settings
from app.reference import PREFECTURES, country_name, sector_label
from features.accounts import api as accounts
from features.recruitment import koubo_views
from features.recruitment.demo_applications import (
    seed_applications,
    seed_daily_counts,
)
from features.recruitment.demo_koji import (
    build_kojis,
    seed_koji_files,
)
from features.recruitment.demo_posts import (
    CONTACT,
    JICA_EMAIL,
    LONG_TYPES,
    NUMBER_CODES,
    POSTS,
    PREFERRED_QUALIFICATIONS,
    REQUIRED_QUALIFICATIONS,
    RETURN_REASONS,
    SECRETARIAT_EMAIL,
    STOP_REASONS,
    TALENT_EMAIL,
    Post,
    first_of_month,
    is_long_term,
    jst_hour,
)
from features.recruitment.models import (
    Koubo,
    KouboType,
    NoticeStatus,
    PreKoubo,
    PreKouboFollower,
)


def _place(post: Post) -> str:
    return f"国内 {post.where}" if post.where in PREFECTURES else country_name(post.where) or ""


def _title(post: Post) -> str:
    return post.title if post.where in PREFECTURES else f"{country_name(post.where)} {post.title}"


class Numbers:
    """公募番号 (2026-JE-0123), never twice."""

    def __init__(self, rng: random.Random) -> None:
        self.serial = rng.randint(80, 140)

    def next(self, koubo_type: str, when: datetime) -> str:
        self.serial += 1
        return f"{when.astimezone(JST).year}-{NUMBER_CODES.get(koubo_type, 'OT')}-{self.serial:04d}"


def _koubo(
    rng: random.Random, org_id: int, post: Post, numbers: Numbers, state: str, now: datetime, **when: int
) -> Koubo:
    """One 公募 of `post` in `state` (a Phase-like label), its dates following now:
    `deadline` and `publish` in days from today (Japan time)."""
    today = now.astimezone(JST).date()
    deadline = jst_hour(today + timedelta(days=when["deadline"]), when.get("hour", 12))
    publish = jst_hour(today + timedelta(days=when.get("publish", when["deadline"] - 30)), 10)
    start = first_of_month(deadline.astimezone(JST).date(), rng.randint(2, 4))
    if post.koubo_type in LONG_TYPES:
        end = first_of_month(start, rng.choice([12, 24, 24, 36])) - timedelta(days=1)
    else:
        end = start + timedelta(days=rng.choice([30, 45, 60, 90, 150]))
    languages = [
        {
            "language": code,
            "level": rng.choice("AB") if i == 0 else rng.choice("BC"),
            "need": "必須" if i == 0 else "望ましい",
        }
        for i, code in enumerate(post.languages)
    ]
    required_documents = ["業務企画書"] if post.koubo_type in ("長期専門家", "企画調査員") else []
    optional_documents = rng.sample(["語学証明書", "顔写真", "海外居住状況確認書", "推薦書"], rng.randint(1, 2))
    title = _title(post)
    koubo = Koubo(
        organization_id=org_id,
        koubo_type=post.koubo_type,
        title=title,
        domestic=post.where in PREFECTURES,
        country="" if post.where in PREFECTURES else post.where,
        prefecture=post.where if post.where in PREFECTURES else "",
        assignment=post.assignment,
        sector=post.sector,
        duties=f"{post.duties}。\n{sector_label(post.sector)}分野の関係機関との協議、活動計画の作成、"
        "進捗報告書の作成を行う。",
        period_start=start,
        period_end=end,
        long_term=is_long_term(start, end),
        languages=json.dumps(languages, ensure_ascii=False),
        language_codes=f" {' '.join(post.languages)} " if post.languages else "",
        required_qualifications=json.dumps(REQUIRED_QUALIFICATIONS[post.koubo_type], ensure_ascii=False),
        preferred_qualifications=json.dumps(rng.sample(PREFERRED_QUALIFICATIONS, 2), ensure_ascii=False),
        selection_method="書類選考の上、合格者のみ面接（オンライン）を行います。結果は応募者全員に通知します。",
        screening_on=deadline.astimezone(JST).date() + timedelta(days=7),
        interview_on=deadline.astimezone(JST).date() + timedelta(days=14),
        result_on=deadline.astimezone(JST).date() + timedelta(days=24),
        required_documents=json.dumps(required_documents, ensure_ascii=False),
        optional_documents=json.dumps(optional_documents, ensure_ascii=False),
        deadline_at=deadline,
        contact=CONTACT,
        publish_at=publish,
        created_at=now,
        updated_at=now,
    )
    _life(koubo, state, now, numbers, rng)
    koubo.search_text = koubo_views.search_text_of(koubo)
    return koubo


def _life(koubo: Koubo, state: str, now: datetime, numbers: Numbers, rng: random.Random) -> None:
    """Status and history stamps for `state`; nothing after now."""
    publish, deadline = koubo.publish_at, koubo.deadline_at
    koubo.status = {
        "draft": NoticeStatus.DRAFT,
        "pending": NoticeStatus.PENDING,
        "returned": NoticeStatus.RETURNED,
        "screening": NoticeStatus.SCREENING,
        "finished": NoticeStatus.CLOSED,
        "archived": NoticeStatus.ARCHIVED,
        "stopped": NoticeStatus.STOPPED,
        "stopped_pending": NoticeStatus.STOPPED,
    }.get(state, NoticeStatus.APPROVED)
    if state in ("draft", "pending", "returned", "stopped_pending"):
        koubo.submitted_at = None if state == "draft" else now - timedelta(hours=rng.randint(5, 70))
        koubo.updated_at = koubo.submitted_at or now - timedelta(hours=rng.randint(2, 48))
        if state == "returned":  # sent back the day after it was sent
            koubo.submitted_at = now - timedelta(hours=rng.randint(30, 90))
            koubo.updated_at = koubo.submitted_at + timedelta(hours=20)
            koubo.return_reason = rng.choice(RETURN_REASONS)
    else:
        koubo.approved_at = min(publish, now) - timedelta(days=1)
        koubo.submitted_at = koubo.approved_at - timedelta(days=2)
        koubo.published_at = publish if publish <= now else None
        koubo.updated_at = koubo.approved_at
        if state in ("finished", "archived"):
            koubo.closed_at = min(deadline + timedelta(days=20), now - timedelta(hours=3))
            koubo.updated_at = koubo.closed_at
        if state == "archived":
            koubo.archived_at = min(deadline + timedelta(days=30), now)
            koubo.updated_at = koubo.archived_at
    if state in ("stopped", "stopped_pending"):
        koubo.stopped_at = koubo.updated_at = now - timedelta(hours=rng.randint(3, 30))
        koubo.stop_reason = rng.choice(STOP_REASONS)
    koubo.created_at = (koubo.submitted_at or koubo.updated_at) - timedelta(days=rng.randint(1, 5))
    if state != "draft" or rng.random() < 0.5:
        koubo.number = numbers.next(koubo.koubo_type, koubo.created_at)


# (state, days to the deadline, days to the 掲載開始日時, deadline hour). The first 公募中 closes
# today at 12:00 Japan time.
PLAN: list[tuple[str, int, int | None, int]] = [
    ("draft", 45, 10, 12),
    ("draft", 60, 20, 17),
    ("pending", 35, 4, 12),
    ("pending", 40, 6, 12),
    ("returned", 38, 5, 17),
    ("returned", 50, 12, 12),
    ("scheduled", 34, 3, 12),
    ("scheduled", 42, 7, 17),
    ("open", 0, -28, 12),
    ("open", 2, -26, 17),
    ("open", 6, -20, 12),
    ("open", 13, -14, 12),
    ("open", 20, -9, 17),
    ("open", 27, -3, 12),
    ("open", 41, -1, 12),
    ("closed", -2, -32, 12),
    ("closed", -6, -36, 17),
    ("closed", -11, -41, 12),
    ("screening", -9, -40, 12),
    ("screening", -16, -47, 12),
    ("screening", -24, -55, 17),
    ("finished", -22, -52, 12),
    ("finished", -27, -58, 12),
    ("stopped", 9, -15, 12),
    ("stopped_pending", 30, 5, 12),
    *[("archived", -days, None, 12) for days in (38, 52, 75, 96, 130, 170, 205, 240, 290, 330, 400, 480, 560)],
]
PRE_KOUBO = [  # (post, months ahead or None, quarter ahead or None, 想定期間, 概要)
    (
        Post("長期専門家", "保健財政アドバイザー", "KE", "", "health", (), ""),
        3,
        None,
        "2年",
        "ユニバーサル・ヘルス・カバレッジの達成に向けた保健財政制度の改善を支援する専門家を公募予定です。",
    ),
    (
        Post("企画調査員", "企画調査員（防災）", "PH", "", "disaster_risk", (), ""),
        None,
        1,
        "2年",
        "台風・洪水被害の多い地域の防災案件の形成と実施監理を担う企画調査員を公募予定です。",
    ),
    (
        Post("短期専門家", "職業訓練カリキュラム開発", "RW", "", "education", (), ""),
        4,
        None,
        "3か月程度",
        "職業訓練校の自動車整備コースのカリキュラム改訂を支援する短期専門家を公募予定です。",
    ),
    (
        Post("国際協力推進員", "国際協力推進員（熊本県）", "熊本県", "", "civic_engagement", (), ""),
        2,
        None,
        "1年（更新の可能性あり）",
        "熊本県内の国際協力の推進と、地域の国際化を支える推進員を公募予定です。",
    ),
    (
        Post("長期専門家", "再生可能エネルギー導入アドバイザー", "FJ", "", "energy", (), ""),
        None,
        2,
        "2年",
        "離島の電化に向けた太陽光発電の導入計画と運営体制づくりを支援する専門家を公募予定です。",
    ),
    (
        Post("長期専門家", "水産資源管理アドバイザー", "SN", "", "fisheries", (), ""),
        5,
        None,
        "3年",
        "沿岸零細漁業の資源管理と、水産物の付加価値向上を支援する専門家を公募予定です。",
    ),
]


async def seed_demo(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    jica_user = await accounts.user_by_email(db, JICA_EMAIL)
    org = await accounts.organization_of(db, jica_user.id) if jica_user else None
    if org is None:
        return  # no JICA demo organization: nothing to recruit for
    admin = await accounts.user_by_email(db, SECRETARIAT_EMAIL)
    talent = await accounts.user_by_email(db, TALENT_EMAIL)
    applicants = [user_id for user_id, _ in await accounts.full_registrant_user_ids(db)]
    types = set((await db.execute(select(KouboType.name))).scalars())
    now = clock.now()
    numbers = Numbers(rng)

    posts = [p for p in POSTS if p.koubo_type in types]
    rng.shuffle(posts)
    # Every 公募種別 appears whatever the random sequence: one post of each is popped first.
    firsts: dict[str, Post] = {}
    for post in posts:
        firsts.setdefault(post.koubo_type, post)
    posts = [p for p in posts if firsts[p.koubo_type] is not p] + list(reversed(firsts.values()))
    koubo_by_state: dict[str, list[Koubo]] = {}
    for state, deadline, publish, hour in PLAN:
        post = posts.pop()
        days = {"deadline": deadline, "hour": hour} | ({} if publish is None else {"publish": publish})
        koubo_by_state.setdefault(state, []).append(_koubo(rng, org.id, post, numbers, state, now, **days))
    archived = koubo_by_state["archived"]
    archived[-1].hidden = True  # the secretariat took it off the archive
    # 再公募: nobody suitable twice, so the same post is recruited a third time, now open.
    chain_post = posts.pop()
    chain = [
        _koubo(rng, org.id, chain_post, numbers, "archived", now, deadline=-110),
        _koubo(rng, org.id, chain_post, numbers, "archived", now, deadline=-45),
        _koubo(rng, org.id, chain_post, numbers, "open", now, deadline=16, publish=-5, hour=12),
    ]
    archived.extend(chain[:2])
    koubo_by_state["open"].append(chain[2])
    # 代理登録: the secretariat entered and published one itself.
    proxy = koubo_by_state["open"][3]
    proxy.proxy_user_id = admin.id if admin else None
    proxy.submitted_at = None
    pre_koubo = _pre_koubo(rng, org.id, now)
    converted = pre_koubo[0]
    converted_post = PRE_KOUBO[0][0]
    draft = _koubo(rng, org.id, converted_post, numbers, "draft", now, deadline=70, publish=25)
    draft.number = None
    draft.assignment = "ケニア保健省 保健財政局"
    draft.duties = f"{converted.summary}\n保健財政制度の改善に関する助言と、関係機関との協議を行う。"
    draft.search_text = koubo_views.search_text_of(draft)
    koubo_by_state["draft"].append(draft)
    kojis = build_kojis(rng, org.id, now)
    every_koubo = [k for rows in koubo_by_state.values() for k in rows]
    db.add_all([*every_koubo, *pre_koubo, *kojis])
    await db.flush()

    chain[1].repeat_of_id, chain[2].repeat_of_id = chain[0].id, chain[1].id
    converted.koubo_id, draft.pre_koubo_id = draft.id, converted.id
    _followers(db, rng, pre_koubo, applicants, talent.id if talent else None, now)
    seed_koji_files(db, settings, kojis, now)
    await seed_applications(db, rng, koubo_by_state, applicants, talent.id if talent else None, jica_user.id, now)
    seen = (NoticeStatus.APPROVED, NoticeStatus.SCREENING, NoticeStatus.CLOSED, NoticeStatus.ARCHIVED)
    await seed_daily_counts(db, rng, [k for k in every_koubo if k.status in seen and k.published_at is not None], now)


def _pre_koubo(rng: random.Random, org_id: int, now: datetime) -> list[PreKoubo]:
    today = now.astimezone(JST).date()
    rows = []
    for post, months, quarters, duration, summary in PRE_KOUBO:
        approved = now - timedelta(days=rng.randint(3, 40))
        row = PreKoubo(
            organization_id=org_id,
            koubo_type=post.koubo_type,
            title=_title(post),
            domestic=post.where in PREFECTURES,
            country="" if post.where in PREFECTURES else post.where,
            prefecture=post.where if post.where in PREFECTURES else "",
            sector=post.sector,
            expected_duration=duration,
            summary=summary,
            status=NoticeStatus.APPROVED,
            created_at=approved - timedelta(days=4),
            submitted_at=approved - timedelta(days=2),
            approved_at=approved,
            updated_at=approved,
        )
        if months is not None:
            planned = first_of_month(today, months)
            row.planned_year, row.planned_month = planned.year, planned.month
        else:
            planned = first_of_month(today, 3 * quarters)
            row.planned_year, row.planned_quarter = planned.year, (planned.month - 1) // 3 + 1
        rows.append(row)
    return rows


def _followers(db, rng: random.Random, pre_koubo: list[PreKoubo], people: list[int], talent_id, now) -> None:
    for i, row in enumerate(pre_koubo):
        followers = set(rng.sample(people, min(len(people), rng.randint(2, 6))))
        if talent_id is not None and i in (0, 2):
            followers.add(talent_id)  # the demo talent waits for two of them
        db.add_all(
            PreKouboFollower(
                pre_koubo_id=row.id,
                user_id=user_id,
                created_at=max(row.approved_at, now - timedelta(days=rng.randint(0, 20))),
            )
            for user_id in sorted(followers)
        )
