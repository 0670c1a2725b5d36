"""認知度アンケート over HTTP, anonymous: one answer per browser, a honeypot, a signed form timestamp
with a minimum fill time, a per-address limit — each refusal a 4xx with a Japanese message and
nothing stored — and no personal data in what is kept."""

from __future__ import annotations

import re

from sqlalchemy import func, inspect, select

from app.browser_voter import valid_token
from features.surveys import awareness, service
from features.surveys.models import SurveyAnswer, SurveyPublicVoter, SurveyResponse
from tests.conftest import csrf_headers

URL = "/survey/awareness"


async def _published(database, settings) -> int:
    async with database.session() as db:
        survey_id = await awareness.create_draft(db, settings, None)
        await awareness.publish(db, settings, survey_id)
    return survey_id


async def _form(client) -> tuple[str, dict[str, str]]:
    page = await client.get(URL)
    assert page.status_code == 200 and "PARTNER認知度アンケート" in page.text
    stamp = re.search(r'name="stamp" value="([^"]+)"', page.text)[1]
    ids = re.findall(r'name="(q\d+)"', page.text)
    names = list(dict.fromkeys(ids))
    return stamp, {"known": names[0], "how": names[1], "interest": names[2], "age": names[3], "text": names[4]}


def _answers(stamp: str, q: dict[str, str], **extra) -> dict:
    return {
        "stamp": stamp,
        q["known"]: "知っている",
        q["how"]: ["SNS", "セミナー・イベント"],
        q["interest"]: "とても関心がある",
        q["text"]: "求人がまとまっていて便利です。",
        **extra,
    }


async def _post(client, data):
    return await client.post(URL, data=data, headers=csrf_headers(client), follow_redirects=False)


async def _stored(database) -> int:
    async with database.session(write=False) as db:
        return await db.scalar(select(func.count()).select_from(SurveyResponse))


async def test_a_browser_answers_once_and_nothing_personal_is_kept(client, app, database, settings, frozen_clock):
    survey_id = await _published(database, settings)
    stamp, q = await _form(client)
    frozen_clock.advance(seconds=30)
    sent = await _post(client, _answers(stamp, q))
    assert sent.status_code == 303
    cookie = client.cookies.get(awareness.COOKIE)
    assert cookie and valid_token(cookie)
    thanks = await client.get(URL)
    assert "ご回答ありがとうございました。" in thanks.text and "回答済みです" in thanks.text
    again = await _post(client, _answers(stamp, q))
    assert again.status_code == 409 and "すでにご回答いただいています" in again.text
    async with database.session(write=False) as db:
        response = (await db.execute(select(SurveyResponse))).scalar_one()
        voters = list((await db.execute(select(SurveyPublicVoter))).scalars())
        answers = dict((await db.execute(select(SurveyAnswer.question_id, SurveyAnswer.value))).all())
    assert response.invitation_id is None and response.attributes == "{}" and len(response.id) == 32
    assert [v.voter for v in voters] == [awareness.VOTER.voter_of(settings, cookie)] and cookie not in voters[0].voter
    assert {c.key for c in inspect(SurveyPublicVoter).columns} == {"survey_id", "voter"}  # no time, no address
    assert answers[int(q["known"][1:])] == "知っている" and '"SNS"' in answers[int(q["how"][1:])]
    # another browser (no cookie) may answer too
    client.cookies.delete(awareness.COOKIE)
    stamp, q = await _form(client)
    frozen_clock.advance(seconds=30)
    assert (await _post(client, _answers(stamp, q))).status_code == 303
    assert await _stored(database) == 2
    async with database.session(write=False) as db:
        results = await service.get_survey(db, survey_id)
    assert results.anonymous


async def test_bots_are_refused_with_a_japanese_message_and_nothing_stored(client, database, settings, frozen_clock):
    await _published(database, settings)
    stamp, q = await _form(client)
    too_fast = await _post(client, _answers(stamp, q))
    assert too_fast.status_code == 400 and "送信が早すぎます" in too_fast.text
    assert 'id="error-summary"' in too_fast.text and "求人がまとまっていて便利です。" in too_fast.text  # values kept
    assert f'value="{stamp}"' in too_fast.text  # the time already taken keeps counting
    frozen_clock.advance(seconds=30)
    honeypot = await _post(client, _answers(stamp, q, website="http://spam.example"))
    assert honeypot.status_code == 400 and "入力欄以外に値が入っています" in honeypot.text
    forged = await _post(client, _answers(stamp.split(".")[0] + ".AAAA", q))
    assert forged.status_code == 400 and "フォームを確認できませんでした" in forged.text
    no_stamp = await _post(client, {q["known"]: "知っている"})
    assert no_stamp.status_code == 400
    frozen_clock.advance(hours=13)
    expired = await _post(client, _answers(stamp, q))
    assert expired.status_code == 400 and "有効期限が切れました" in expired.text
    assert await _stored(database) == 0 and client.cookies.get(awareness.COOKIE) is None


async def test_missing_answers_rerender_422_and_the_address_limit_is_429(client, database, settings, frozen_clock):
    settings.surveys.awareness_per_ip_per_hour = 2
    await _published(database, settings)
    stamp, q = await _form(client)
    frozen_clock.advance(seconds=30)
    missing = await _post(client, {"stamp": stamp, q["how"]: "SNS"})
    assert missing.status_code == 422 and "問1：選択してください。" in missing.text
    assert 'aria-invalid' not in missing.text or "aria-describedby" in missing.text
    assert (await _post(client, _answers(stamp, q))).status_code == 303
    limited = await _post(client, _answers(stamp, q))
    assert limited.status_code == 429 and "しばらく待ってから" in limited.text
    assert await _stored(database) == 1


async def test_no_open_awareness_survey_is_a_404_in_japanese(client, database, settings):
    page = await client.get(URL)
    assert page.status_code == 404 and "現在、認知度アンケートは実施していません。" in page.text
    async with database.session() as db:
        await awareness.create_draft(db, settings, None)  # a draft is not public
    assert (await client.get(URL)).status_code == 404
