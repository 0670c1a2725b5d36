"""A message from PARTNER事務局 itself (messages api deliver_from_secretariat): in the person's
受信BOX under that name, with a notice mail that carries no content, and neither a reply nor a
block is possible."""

from __future__ import annotations

from features.accounts.models import Role
from features.messages import api
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, mails_to, make_user


async def test_secretariat_message_reaches_the_box_and_takes_no_reply_or_block(client, database, settings):
    person = await make_user(database, "person@example.jp", Role.INDIVIDUAL)
    async with database.session() as db:
        message_id = await api.deliver_from_secretariat(db, settings, person.id, "お知らせの件名", "秘密の本文です。")
    assert message_id
    notice = (await mails_to(database, "person@example.jp"))[-1]
    assert "秘密の本文です。" not in notice.body and "/mailbox/" in notice.body
    await log_in(client, database, "person@example.jp")
    box = await client.get("/mailbox")
    assert "お知らせの件名" in box.text and api.SECRETARIAT_NAME in box.text
    path = "/mailbox/" + notice.body.split("/mailbox/")[1].split()[0]
    page = await client.get(path)
    assert page.status_code == 200 and "秘密の本文です。" in page.text and "受け取らない" not in page.text
    for action in ("reply", "block"):
        response = await client.post(
            f"{path}/{action}",
            data={"body": "返信", "blocked": "1"},
            headers=csrf_headers(client),
            follow_redirects=False,
        )
        assert response.status_code == 403, action
