"""Replies of inquirers by mail, through the real bounce MX (features/bounces/receiver.py) over SMTP:
a signed Reply-To reopens the case and lands in its history; a forged or unknown one is counted and
changes nothing; an automatic answer reopens nothing."""

from __future__ import annotations

from email.message import EmailMessage

import aiosmtplib
import pytest

from features.bounces import receiver
from features.inquiries import service, stats
from features.inquiries.models import CaseStatus as S
from features.inquiries.models import EventKind
from tests.features.inquiries.helpers import OFFICE, events, people, reload, replied_case


@pytest.fixture
async def mx(settings, database):
    settings.bounces.receiver_host = "127.0.0.1"
    server = await receiver.serve(settings, database, port=0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await server.wait_closed()


async def _send(port: int, to: str, body: str, **headers) -> None:
    message = EmailMessage()
    message["From"] = "国際 花子 <hanako@example.jp>"
    message["To"] = to
    message["Subject"] = "Re: 【PARTNER】お問い合わせへのご回答"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body, charset="utf-8")
    await aiosmtplib.send(message, hostname="127.0.0.1", port=port, sender="hanako@example.jp", recipients=[to])


async def test_a_reply_mail_to_the_signed_address_reopens_the_case(database, settings, mx):
    ids = await people(database)
    case = await replied_case(database, settings, ids[OFFICE])
    async with database.session() as db:
        await service.close(db, await service.case_by_id(db, case.id), ids[OFFICE], "事務局 太郎")
    await _send(mx, service.reply_address(settings, case.id), "ありがとうございます。でもまだ届きません。\n\n> 引用")
    case = await reload(database, case.id)
    assert case.status == S.IN_PROGRESS and case.closed_at is None
    last = (await events(database, case.id))[-1]
    assert last.kind == EventKind.RECEIVED and last.body.startswith("ありがとうございます。でもまだ届きません。")
    assert last.actor_name == "国際 花子（メールで受信）"


async def test_forged_and_unknown_addresses_are_counted_and_ignored(database, settings, mx):
    ids = await people(database)
    case = await replied_case(database, settings, ids[OFFICE])
    good = service.reply_address(settings, case.id)
    forged = good[: good.index(".") + 1] + "000000000000" + good[good.index("@") :]
    await _send(mx, forged, "偽物")
    await _send(mx, service.reply_address(settings, case.id + 999), "ない番号")
    assert (await reload(database, case.id)).status == S.ANSWERED
    assert [e.kind for e in await events(database, case.id)].count(EventKind.RECEIVED) == 1  # the inquiry only
    async with database.session(write=False) as db:
        assert await stats.forged_replies(db) == 2


async def test_an_out_of_office_answer_reopens_nothing(database, settings, mx):
    ids = await people(database)
    case = await replied_case(database, settings, ids[OFFICE])
    await _send(mx, service.reply_address(settings, case.id), "不在です。", Auto_Submitted="auto-replied")
    assert (await reload(database, case.id)).status == S.ANSWERED


async def test_other_addresses_are_still_refused_at_rcpt(settings, mx):
    with pytest.raises(aiosmtplib.SMTPRecipientsRefused):
        await _send(mx, "someone@partner.example.jp", "x")
