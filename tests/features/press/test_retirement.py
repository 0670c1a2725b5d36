"""無効登録 confirmed: the organization's published and pending releases are withdrawn with it."""

from __future__ import annotations

from features.press import service
from features.press.models import ReleaseStatus
from tests.features.postings.helpers import organization_for
from tests.features.press.helpers import ORG_A, published_release, release, submitted_release


async def test_retiring_an_organization_withdraws_its_releases(client, database, settings, frozen_clock):
    published = await published_release(client, database)
    pending = await submitted_release(client, database, title="審査中")
    organization = await organization_for(database, ORG_A)
    async with database.session() as db:
        await service.retire_organization(db, settings, organization.user_id)
    assert (await release(database, published)).status == ReleaseStatus.WITHDRAWN
    assert (await release(database, pending)).status == ReleaseStatus.WITHDRAWN
    assert (await client.get(f"/press/{published}")).status_code == 404
