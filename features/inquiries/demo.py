"""Demo cases of the desk (issue 15 item 7): 30 inquiries in every state — some overdue, some from
the logged-in demo accounts, some with replies, a reply of the inquirer and notes, two made into
FAQ — and three 定型文. Ages are business days back from app.clock's now. Idempotent."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from features.accounts import api as accounts
from features.faq import api as faq
from features.inquiries import service
from features.inquiries.models import CaseStatus as S
from features.inquiries.models import EventKind, InquiryCase, InquiryEvent, ReplyTemplate

TEMPLATES = [
    (
        "受付のお礼",
        "{氏名} 様\n\nPARTNERへのお問い合わせありがとうございます。\n内容を確認し、担当者から改めてご連絡いたします。",
    ),
    (
        "ログインできない場合",
        "{氏名} 様\n\nログイン画面の「パスワードをお忘れの方」から再設定してください。"
        "ワンタイムパスワードのメールが届かない場合は、迷惑メールフォルダもご確認ください。",
    ),
    (
        "求人掲載の承認について",
        "{氏名} 様\n\n求人情報は、事務局の確認後に掲載されます。通常2営業日以内に承認の可否をメールでお知らせします。",
    ),
]

# (name, email, category, question, answer or "")
QUESTIONS = [
    (
        "佐藤 美咲",
        "misaki.sato@example.jp",
        "登録",
        "登録したメールアドレスを変更したいのですが、手続きを教えてください。",
        "マイページの「登録情報の変更」から変更できます。",
    ),
    (
        "鈴木 一郎",
        "suzuki@asia-edu.example.org",
        "求人掲載",
        "求人情報の掲載承認までに何日ほどかかりますか。",
        "通常2営業日以内に承認の可否をお知らせします。",
    ),
    (
        "高橋 健一",
        "k.takahashi@example.ne.jp",
        "相談",
        "青年海外協力隊から帰国後のキャリアについて相談したいです。",
        "キャリア相談の予約ページから対面相談をお申し込みください。",
    ),
    (
        "田中 陽子",
        "yoko.tanaka@example.com",
        "その他",
        "メールマガジンの配信を停止したいです。",
        "マイページの「メール配信設定」で停止できます。",
    ),
    (
        "伊藤 翔",
        "sho.ito@example.jp",
        "ログイン",
        "ワンタイムパスワードのメールが届きません。",
        "迷惑メールフォルダをご確認のうえ、再送信をお試しください。",
    ),
    (
        "渡辺 真理",
        "mari.watanabe@example.jp",
        "応募",
        "応募した求人の選考状況はどこで確認できますか。",
        "マイページの「応募一覧」で確認できます。",
    ),
    (
        "山本 大輔",
        "d.yamamoto@example.org",
        "人材閲覧",
        "人材閲覧で履歴書をダウンロードできません。",
        "人材閲覧の利用には団体登録の承認が必要です。",
    ),
    (
        "中村 さくら",
        "sakura.n@example.jp",
        "セミナー",
        "セミナーの申込をキャンセルしたいです。",
        "マイページのセミナー申込からキャンセルできます。",
    ),
    ("小林 拓也", "takuya.k@example.jp", "登録", "簡易登録から国際協力人材登録に切り替えられますか。", ""),
    ("加藤 由美", "yumi.kato@example.jp", "求人掲載", "掲載中の求人の締切を延長できますか。", ""),
    ("吉田 健", "ken.yoshida@example.jp", "ログイン", "パスワードを何度か間違えてログインできなくなりました。", ""),
    ("山田 花子", "hanako.y@example.jp", "応募", "応募書類を差し替えたいです。", ""),
    ("佐々木 誠", "makoto.sasaki@example.jp", "相談", "海外の大学院進学について相談できますか。", ""),
    ("山口 直樹", "naoki.y@example.jp", "セミナー", "オンラインセミナーの視聴URLが届きません。", ""),
    ("松本 亜紀", "aki.matsumoto@example.jp", "人材閲覧", "人材検索の条件を保存できますか。", ""),
]


def _business_days_ago(days: int, hour: int) -> datetime:
    day = clock.today_jst()
    while days > 0:
        day -= timedelta(days=1)
        days -= clock.is_business_day(day)
    return datetime.combine(day, time(hour), tzinfo=clock.JST).astimezone(UTC)


async def seed_demo(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    if await db.scalar(select(func.count()).select_from(InquiryCase)):
        return
    now = clock.now()
    for name, body in TEMPLATES:
        db.add(ReplyTemplate(name=name, body=body, created_at=now, updated_at=now))
    staff = [u for u in [await accounts.user_by_email(db, e) for e in ("admin@example.org", "admin2@example.org")] if u]
    talent = await accounts.user_by_email(db, "talent@example.org")
    org = await accounts.user_by_email(db, "org@example.org")
    # (state, business days ago, question index, account)
    plan = [(S.NEW, d, i, None) for i, d in enumerate((0, 0, 1, 2, 4, 6, 8))]
    plan += [(S.IN_PROGRESS, d, 7 + i, None) for i, d in enumerate((1, 2, 3, 5, 7, 9, 12))]
    plan += [(S.ANSWERED, d, i, None) for i, d in enumerate((3, 5, 8, 10, 12, 15, 18, 20))]
    plan += [(S.CLOSED, d, 3 + i, None) for i, d in enumerate((20, 25, 30, 35, 40, 45, 50, 60))]
    # Some from the logged-in demo accounts (their name and address as the form prefills them).
    for index, user in ((0, talent), (8, talent), (15, org), (23, org)):
        if user is not None:
            plan[index] = (*plan[index][:3], user)
    faq_made = 0
    for number, (status, days, q, user) in enumerate(plan):
        name, email, category, question, answer = QUESTIONS[q % len(QUESTIONS)]
        if user is not None:
            name, email = user.display_name, user.email
        received = _business_days_ago(days, 9 + number % 8)
        case = await service.open_case(
            db, name=name, email=email, category=category, body=question, user_id=user.id if user else None
        )
        case.created_at = case.waiting_since = case.updated_at = received
        await db.execute(
            InquiryEvent.__table__.update().where(InquiryEvent.case_id == case.id).values(created_at=received)
        )
        assignee = staff[number % len(staff)] if staff and status != S.NEW else None
        events = []
        if assignee is not None:
            case.assignee_id = assignee.id
            events.append((EventKind.ASSIGN, assignee, f"担当者：{assignee.display_name}", 1))
        if status != S.NEW:
            events.append((EventKind.STATE, assignee, "新規 → 対応中", 1))
        if number % 3 == 0:
            events.append((EventKind.NOTE, assignee, "過去にも同様のお問い合わせあり。FAQの記載を確認中。", 2))
        if status in (S.ANSWERED, S.CLOSED):
            reply_day = min(days, rng.randint(1, 4))
            case.first_replied_at = received + timedelta(days=reply_day, hours=2)
            text = f"{name} 様\n\nお問い合わせありがとうございます。\n{answer or '担当者からご案内いたします。'}"
            events.append((EventKind.REPLY, assignee, text, reply_day * 24 + 2))
            events.append((EventKind.STATE, assignee, "対応中 → 回答済", reply_day * 24 + 2))
            if number % 4 == 1:
                events.append(
                    (
                        EventKind.RECEIVED,
                        None,
                        f"{name}（メールで受信）\nご回答ありがとうございました。解決しました。",
                        reply_day * 24 + 30,
                    )
                )
        if status == S.CLOSED:
            case.closed_at = received + timedelta(days=days - 1 if days > 1 else 1)
            events.append((EventKind.STATE, assignee, "回答済 → クローズ", (days - 1) * 24 if days > 1 else 30))
        for kind, actor, body, hours in events:
            actor_name = actor.display_name if actor is not None else name
            if kind == EventKind.RECEIVED:
                actor_name, body = body.split("\n", 1)
            db.add(
                InquiryEvent(
                    case_id=case.id,
                    kind=kind,
                    actor_user_id=actor.id if actor is not None else None,
                    actor_name=actor_name,
                    body=body,
                    created_at=min(received + timedelta(hours=hours), now),
                )
            )
        case.status = status
        await db.flush()
        if status == S.CLOSED and faq_made < 2 and staff:
            entry_id = await faq.create_draft_from_inquiry(
                db,
                question=question,
                answer=answer,
                category=category,
                audience="both",
                inquiry_id=case.id,
                actor_id=staff[0].id,
            )
            case.faq_entry_id = entry_id
            db.add(
                InquiryEvent(
                    case_id=case.id,
                    kind=EventKind.FAQ,
                    actor_user_id=staff[0].id,
                    actor_name=staff[0].display_name,
                    body=f"FAQの下書き（No.{entry_id}）を作成",
                    created_at=now,
                )
            )
            faq_made += 1
    await db.flush()
