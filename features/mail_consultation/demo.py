"""Demo メール相談: a dozen cases in every state (one overdue), two 回答テンプレート, notes and a
差戻し, from 国際協力人材 registrants to the demo counselor and a JICA contact. Dates follow the
clock at load time; every choice comes from `rng`."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from features.accounts import api as accounts
from features.mail_consultation.models import CaseEvent, CaseNote, MailConsultation, ReplyTemplate
from features.mail_consultation.models import CaseStatus as S
from features.messages import api as messages

TEMPLATES = (
    (
        "応募書類の書き方（基本）",
        "{氏名} 様\n\nPARTNERのメール相談をご利用いただきありがとうございます。\n"
        "応募書類では、これまでの経験を「課題・取り組み・成果」の順に、数字を交えて具体的に書くことをお勧めします。\n"
        "専門家履歴書の職務経歴は新しい順に記入し、語学力は試験のスコアと取得年を添えてください。\n\n"
        "ご不明な点があれば、あらためてメール相談をご利用ください。\n\nPARTNER事務局",
    ),
    (
        "帰国後の進路（一般）",
        "{氏名} 様\n\nご相談ありがとうございます。\n"
        "帰国後の進路としては、国際協力機関・NGO・開発コンサルタント・自治体の国際交流部門などがあります。\n"
        "PARTNERの求人情報で「分野・課題」と「勤務地」を指定して検索し、気になる団体はお気に入りに登録しておくと便利です。\n"
        "対面でのキャリア相談（本部・オンライン）もご利用いただけます。\n\nPARTNER事務局",
    ),
)

# (相談区分, 件名, 本文)
QUESTIONS = (
    (
        "進路",
        "開発コンサルタントへの転職について",
        "青年海外協力隊でウガンダの村落開発に2年間携わりました。帰国後、開発コンサルタントとして働きたいと考えていますが、実務経験が浅くても応募できる職種はありますか。",
    ),
    (
        "応募書類",
        "専門家履歴書の職歴欄の書き方",
        "JICA専門家の公募に応募したいのですが、民間企業での経験をどのように書けば評価されるのかわかりません。プロジェクトマネジメントの経験は記載すべきでしょうか。",
    ),
    (
        "語学",
        "フランス語の必要レベルについて",
        "西アフリカの案件に興味があります。フランス語はDELF B1を持っていますが、"
        "公募の語学要件「B」はどの程度の水準でしょうか。",
    ),
    (
        "帰国後の進路",
        "帰国後の就職活動の時期",
        "来年3月に任期を終えて帰国します。帰国前から就職活動を始めるべきか、帰国後の研修を受けてからがよいのか迷っています。",
    ),
    (
        "その他",
        "国際協力人材登録の内容の更新",
        "登録情報の語学欄にスペイン語を追加したいのですが、資格の証明書はアップロードが必要でしょうか。",
    ),
    (
        "進路",
        "NGOと国際機関のどちらを目指すべきか",
        "保健分野で5年の臨床経験があります。将来的には国際機関で働きたいのですが、まずNGOで経験を積むべきか悩んでいます。",
    ),
    (
        "応募書類",
        "志望動機の分量について",
        "応募フォームの志望動機欄は何文字程度が適切でしょうか。また、過去の活動報告書を添付してもよいでしょうか。",
    ),
    (
        "語学",
        "英語のスコアの有効期限",
        "TOEFLのスコアが3年前のものですが、公募の応募に使えますか。再受験が必要でしょうか。",
    ),
    (
        "帰国後の進路",
        "地方自治体の国際交流員の仕事",
        "地元の自治体で国際交流の仕事をしたいと考えています。協力隊の経験を活かせる採用枠はありますか。",
    ),
    (
        "進路",
        "短期専門家の応募条件",
        "現在は会社員ですが、短期専門家として1〜3か月の派遣に参加したいと考えています。休職しながらの応募は可能でしょうか。",
    ),
    (
        "その他",
        "セミナーの資料について",
        "先日の国際協力人材セミナーで紹介された資料を入手したいのですが、どこから見られますか。",
    ),
    (
        "応募書類",
        "推薦状は必要ですか",
        "NGOの求人に応募する際、前職の上司からの推薦状を求められることはありますか。準備しておくべきでしょうか。",
    ),
)
# The state of each question above, in order: every state, one overdue 受付.
STATES = (
    S.RECEIVED,
    S.RECEIVED,
    S.ASSIGNED,
    S.ASSIGNED,
    S.DRAFTING,
    S.DRAFTING,
    S.REVIEW,
    S.REVIEW,
    S.SENT,
    S.SENT,
    S.CLOSED,
    S.CLOSED,
)


def _business_days_ago(days: int) -> datetime:
    """A receipt time `days` business days before today (10:00 Japan time)."""
    day = clock.today_jst()
    while days > 0:
        day -= timedelta(days=1)
        days -= clock.is_business_day(day)
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=clock.JST).astimezone(clock.now().tzinfo)


async def seed_demo(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    now = clock.now()
    for name, body in TEMPLATES:
        db.add(ReplyTemplate(name=name, body=body, created_at=now, updated_at=now))
    people = await accounts.full_registrant_user_ids(db)
    if not people:
        return
    talent = await accounts.user_by_email(db, "talent@example.org")
    counselors = await accounts.counselors(db)
    counselor_id, counselor_name = counselors[0] if counselors else (None, "")
    office = "PARTNER事務局 管理者"
    for index, ((category, subject, body), status) in enumerate(zip(QUESTIONS, STATES, strict=True)):
        user_id = talent.id if talent is not None and index in (0, 8) else rng.choice(people)[0]
        # The first 受付 is the overdue one: older than the target.
        target = settings.mail_consultation.target_business_days
        age = target + 3 if index == 0 else min(rng.randint(0, 4) + index // 3, target - 1)
        received = _business_days_ago(age)
        case = MailConsultation(
            user_id=user_id,
            category=category,
            subject=subject,
            body=body,
            status=status,
            received_at=received,
            updated_at=received,
        )
        events = [("受付", "相談者", "", received)]
        if status != S.RECEIVED:
            jica = index in (3, 7)
            if jica:
                case.jica_name, case.jica_email = "JICA 人事部 田村", "tamura.jica@example.org"
            else:
                case.assignee_user_id = counselor_id
            case.assigned_at = received + timedelta(hours=3)
            events.append(
                (
                    "担当割当",
                    office,
                    f"担当：{'JICA 人事部 田村（JICA）' if jica else counselor_name}",
                    case.assigned_at,
                )
            )
        if status in (S.DRAFTING, S.REVIEW, S.SENT, S.CLOSED):
            case.draft = TEMPLATES[index % 2][1].replace("{氏名}", "ご相談者")
            case.draft_updated_at = received + timedelta(days=1)
            events.append(("回答案作成", counselor_name or office, "", case.draft_updated_at))
        if status in (S.REVIEW, S.SENT, S.CLOSED):
            events.append(("事務局確認へ", counselor_name or office, "", received + timedelta(days=1, hours=2)))
        if index == 5:  # one loop through 差戻し
            events.append(
                ("差戻し", office, "具体的な団体名の例を2〜3挙げてください。", received + timedelta(days=1, hours=4))
            )
        if status in (S.SENT, S.CLOSED):
            case.answer = case.draft
            case.answered_at = min(received + timedelta(days=2), now)
            events.append(("回答送信", office, "", case.answered_at))
        if status == S.CLOSED:
            case.closed_at = case.answered_at + timedelta(days=1)
            events.append(("完了", office, "", case.closed_at))
        db.add(case)
        await db.flush()
        for move, actor, comment, at in events:
            db.add(CaseEvent(consultation_id=case.id, move=move, actor_name=actor, comment=comment, created_at=at))
        if index in (2, 5):
            db.add(
                CaseNote(
                    consultation_id=case.id,
                    author_user_id=None,
                    author_name=office,
                    created_at=received + timedelta(hours=1),
                    body="以前にも対面相談を利用された方です。前回の相談記録を参考にしてください。",
                )
            )
        if status in (S.SENT, S.CLOSED) and user_id == (talent.id if talent else None):
            case.mailbox_message_id = await messages.deliver_from_secretariat(
                db, settings, user_id, f"メール相談の回答：{subject}", case.answer, category="メール相談"
            )
    await db.flush()
