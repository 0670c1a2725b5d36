"""Demo アンケート: the template 「セミナー参加者アンケート」 (下書き, 5 questions) the secretariat copies
for each seminar, and one run of it 実施中 with invitations to demo registrants, most of them
answered (talent@example.org has not answered yet: its link is in /dev/mail). Every choice comes
from `rng`; dates follow the clock at load time."""

from __future__ import annotations

import json
import random
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from features.accounts import api as accounts
from features.surveys import invitations as engine_invitations
from features.surveys import service
from features.surveys.models import SurveyInvitation
from features.surveys.service import QuestionSpec, Recipient

SECRETARIAT_EMAIL = "admin@example.org"
TALENT_EMAIL = "talent@example.org"
TEMPLATE_OWNER = "template:seminar"
RUN_OWNER = "demo:seminar-2026-autumn"

KNEW_FROM = ("PARTNERのメールマガジン", "JICAのウェブサイト", "SNS", "知人・友人の紹介", "その他")
SATISFACTION = ("満足", "やや満足", "ふつう", "やや不満", "不満")
THEMES = ("国際協力の仕事の探し方", "応募書類の書き方", "語学力の活かし方", "帰国後のキャリア", "NGO・NPOでの働き方")
QUESTIONS = (
    QuestionSpec("single", "このセミナーを何で知りましたか。", KNEW_FROM, section="参加のきっかけ"),
    QuestionSpec("single", "セミナー全体の満足度を教えてください。", SATISFACTION, section="セミナーについて"),
    QuestionSpec("scale5", "講師の説明はわかりやすかった。", section="セミナーについて"),
    QuestionSpec("multiple", "今後参加したいテーマを選んでください。", THEMES, required=False, section="今後について"),
    QuestionSpec("text", "ご意見・ご感想をお聞かせください。", required=False, section="今後について"),
)
AGE_BANDS = ("20代", "30代", "40代", "50代以上")
OCCUPATIONS = ("会社員", "学生", "NGO・NPO職員", "公務員", "JOCV経験者", "その他")
COMMENTS = (
    "現地での経験談が具体的で、とても参考になりました。",
    "応募書類の書き方をもう少し詳しく聞きたかったです。",
    "個別相談の時間がもっと長いとうれしいです。",
    "オンラインでも参加できるようにしてほしいです。",
    "同じ関心を持つ参加者と話せてよかったです。",
    "",
    "",
)


async def seed_demo(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    admin = await accounts.user_by_email(db, SECRETARIAT_EMAIL)
    created_by = admin.id if admin else None
    template_id = await service.create_survey(
        db,
        settings,
        title="セミナー参加者アンケート",
        description="本日はご参加いただきありがとうございました。今後のセミナーの企画に活かすため、アンケートへのご協力をお願いします（所要時間：約3分）。",
        questions=QUESTIONS,
        owner=TEMPLATE_OWNER,
        anonymous=True,
        max_reminders=2,
        reminder_gap_days=3,
        created_by=created_by,
    )
    run_id = await service.copy_survey(
        db, settings, template_id, owner=RUN_OWNER, title="国際協力人材セミナー（秋・東京）参加者アンケート"
    )
    survey = await service.get_survey(db, run_id)
    survey.closes_at = clock.now() + timedelta(days=7)

    registrants = dict((await accounts.full_registrant_user_ids(db))[:40])  # user id → family name
    emails = await accounts.active_emails_of_users(db, set(registrants))
    talent = await accounts.user_by_email(db, TALENT_EMAIL)
    recipients = [
        Recipient(
            email=emails[user_id],
            name=registrants[user_id],
            user_id=user_id,
            attributes={"年齢帯": rng.choice(AGE_BANDS), "職業・所属": rng.choice(OCCUPATIONS)},
        )
        for user_id in registrants
        if user_id in emails and (talent is None or user_id != talent.id)
    ]
    if talent is not None:
        recipients.append(
            Recipient(
                email=talent.email,
                name="",
                user_id=talent.id,
                attributes={"年齢帯": "30代", "職業・所属": "JOCV経験者"},
            )
        )
    await engine_invitations.start_survey(db, settings, run_id, recipients)

    questions = await service.questions_of(db, run_id)
    invitations = [
        i
        for i in (
            await db.execute(SurveyInvitation.__table__.select().where(SurveyInvitation.survey_id == run_id))
        ).all()
        if talent is None or i.user_id != talent.id
    ]
    for invitation in invitations[: max(0, len(invitations) * 2 // 3)]:
        token = engine_invitations.invitation_token(settings, invitation)  # the link mailed to them
        await engine_invitations.submit_answers(db, token, _answers(rng, questions))


def _answers(rng: random.Random, questions) -> dict[int, str]:
    knew, satisfaction, scale, themes, comment = questions
    answers = {
        knew.id: rng.choices(KNEW_FROM, weights=(5, 3, 2, 3, 1))[0],
        satisfaction.id: rng.choices(SATISFACTION, weights=(6, 5, 2, 1, 1))[0],
        scale.id: str(rng.choices((1, 2, 3, 4, 5), weights=(1, 1, 3, 6, 5))[0]),
    }
    picked = [t for t in THEMES if rng.random() < 0.4]
    if picked:
        answers[themes.id] = json.dumps(picked, ensure_ascii=False)
    text = rng.choice(COMMENTS)
    if text:
        answers[comment.id] = text
    return answers
