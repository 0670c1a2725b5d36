"""The mypage menu: the 公募・公示 entries are JICA's only (JICA指定), not every organization's."""

from __future__ import annotations

from tests.features.accounts.helpers import log_in
from tests.features.recruitment.helpers import JICA_EMAIL, PUBLIC_BODY_EMAIL, make_jica, make_organization


async def test_only_the_jica_organization_sees_the_entry_of_koubo(client, database):
    await make_jica(database)
    await make_organization(database, PUBLIC_BODY_EMAIL)  # the same 団体種別, without the flag
    await log_in(client, database, JICA_EMAIL)
    jica_menu = (await client.get("/mypage")).text
    assert "公募案件登録" in jica_menu and "公募一覧" in jica_menu
    client.cookies.clear()
    await log_in(client, database, PUBLIC_BODY_EMAIL)
    other_menu = (await client.get("/mypage")).text
    assert "公募案件登録" not in other_menu and "公募一覧" not in other_menu
    assert "求人情報掲載" in other_menu  # the organization's own menu is still there
