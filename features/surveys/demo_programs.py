"""Demo 定期アンケート and 認知度アンケート: the five programs, each with its rounds about the two
last complete quarters (closed, with answers: the 満足度 a little better in the later quarter, so the
report's trend has a shape), and the public 認知度アンケート 実施中 with anonymous answers.

The rounds invite each program's real target list for its quarter; where the demo history has
nobody in it (a quarter without 求人 or 人材閲覧 in the demo data), the round invites the approved
organizations (or the demo registrants) instead, so every program has answers to show. Idempotent:
nothing is added once a round exists."""

from __future__ import annotations

import json
import random
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.browser_voter import new_token
from app.config import Settings
from features.accounts import api as accounts
from features.surveys import awareness, programs, service
from features.surveys import invitations as engine_invitations
from features.surveys.demo import seed_demo as seed_engine_demo
from features.surveys.models import SurveyInvitation, SurveyProgramRound
from features.surveys.service import Recipient

# 満足度 1–5: the earlier quarter, then the later one
WEIGHTS = ((1, 2, 5, 8, 4), (1, 1, 4, 8, 7))
COMMENTS = {
    "partner": (
        "登録団体向けの案内がわかりやすく、事務局の対応も丁寧でした。",
        "掲載の申請画面で入力項目が多く、もう少し簡単になるとありがたいです。",
        "マイページからの操作に慣れるまで少し時間がかかりました。",
        "国際協力分野に特化しているので、求める人材に届きやすいと感じます。",
    ),
    "jobs": (
        "掲載後すぐに応募があり、採用につながりました。",
        "承認までの日数がもう少し短いと助かります。",
        "応募者の履歴書をPDFで確認できるのが便利です。",
        "地方勤務の求人にも応募があり満足しています。",
    ),
    "events": (
        "セミナーの申込が想定より多く、告知効果を実感しました。",
        "オンライン開催の表示をもっと目立たせたいです。",
        "研修情報の掲載手続きがスムーズでした。",
    ),
    "talent": (
        "語学力と経験国で絞り込めるのが便利です。",
        "オファーメールへの返信率がもう少し上がるとよいです。",
        "気になるリストを団体内で共有できると助かります。",
        "専門家履歴書の形式で確認できる点が良いです。",
    ),
    "individuals": (
        "求人検索の条件が細かく指定できて使いやすいです。",
        "キャリア相談を利用して応募書類の書き方がわかりました。",
        "新着情報のお知らせメールで求人を見逃さなくなりました。",
        "スマートフォンからも見やすくしてほしいです。",
    ),
}
AWARENESS_TEXTS = (
    "国際協力の求人がまとまっていて便利だと思います。",
    "学生向けの情報も増えるとうれしいです。",
    "セミナーで初めて知りました。",
    "",
    "",
)


async def _fallback(db: AsyncSession, key: str) -> list[Recipient]:
    if key == "individuals":
        people = dict((await accounts.full_registrant_user_ids(db))[:40])
        emails = await accounts.active_emails_of_users(db, set(people))
        return [Recipient(email=emails[uid], name=people[uid], user_id=uid) for uid in people if uid in emails]
    return await programs.organization_recipients(db, None)


def _answers(rng: random.Random, key: str, questions, later: bool) -> dict[int, str]:
    answers: dict[int, str] = {}
    for question in questions:
        choices = json.loads(question.choices or "[]")
        if question.kind == "scale5":
            answers[question.id] = str(rng.choices((1, 2, 3, 4, 5), weights=WEIGHTS[int(later)])[0])
        elif question.kind == "single":
            answers[question.id] = rng.choice(choices)
        elif question.kind == "multiple":
            picked = [c for c in choices if rng.random() < 0.4]
            if picked:
                answers[question.id] = json.dumps(picked, ensure_ascii=False)
        elif rng.random() < 0.5:
            answers[question.id] = rng.choice(COMMENTS.get(key, COMMENTS["partner"]))
    return answers


async def _past_rounds(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    await programs.ensure_programs(db, settings)
    last = programs.previous_quarter(programs.quarter_start(clock.today_jst()))
    for later, first in enumerate((programs.previous_quarter(last), last)):
        for program in (await programs.programs(db)).values():
            people = await programs.recipients(db, program.key, first) or await _fallback(db, program.key)
            survey_id = await programs.open_round(db, settings, program, first, people)
            if survey_id is None:
                continue
            questions = await service.questions_of(db, survey_id)
            invitations = list(
                (await db.execute(select(SurveyInvitation).where(SurveyInvitation.survey_id == survey_id))).scalars()
            )
            share = rng.uniform(0.45, 0.75)
            for invitation in invitations[: round(len(invitations) * share)]:
                token = engine_invitations.invitation_token(settings, invitation)
                await engine_invitations.submit_answers(db, token, _answers(rng, program.key, questions, bool(later)))
            # the round ran after its quarter: dates moved back to its own window, then closed
            opens, closes = programs.round_window(program, first)
            survey = await service.get_survey(db, survey_id)
            survey.opens_at = survey.started_at = opens
            survey.closes_at = survey.closed_at = closes
            survey.status = "終了"
            for invitation in invitations:
                invitation.invited_at = invitation.last_mailed_at = opens
            await db.flush()


async def _awareness(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    survey_id = await awareness.create_draft(db, settings, None)
    survey = await service.get_survey(db, survey_id)
    survey.closes_at = clock.now() + timedelta(days=60)
    await awareness.publish(db, settings, survey_id)
    survey = await service.get_survey(db, survey_id)
    known, how, interest, age, text = await service.questions_of(db, survey_id)
    for _ in range(36):
        answer = {
            known.id: rng.choices(json.loads(known.choices), weights=(4, 3, 5))[0],
            interest.id: rng.choices(json.loads(interest.choices), weights=(5, 6, 2, 1))[0],
            age.id: rng.choices(json.loads(age.choices), weights=(1, 6, 5, 3, 2, 1))[0],
        }
        if answer[known.id] != "知らない":
            answer[how.id] = json.dumps(
                [c for c in json.loads(how.choices) if rng.random() < 0.3] or ["JICAのウェブサイト"], ensure_ascii=False
            )
        comment = rng.choice(AWARENESS_TEXTS)
        if comment:
            answer[text.id] = comment
        await awareness.submit(db, survey, awareness.VOTER.voter_of(settings, new_token()), answer)


async def seed_demo(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    """The surveys slice's demo: the engine's (template and a seminar run), then the programs'."""
    if await db.scalar(select(func.count()).select_from(SurveyProgramRound)):
        return
    await seed_engine_demo(db, rng, settings)
    await _past_rounds(db, rng, settings)
    await _awareness(db, rng, settings)
