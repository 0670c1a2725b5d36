"""Personas for the メール配信設定 tests."""

from __future__ import annotations

from features.accounts.models import Role
from tests.features.accounts.helpers import make_user

PERSON = "person@example.jp"
OTHER = "other@example.jp"
ORG = "org@example.jp"
OFFICE = "office@example.jp"


async def people(database) -> dict[str, int]:
    ids = {}
    for email, role in (
        (PERSON, Role.INDIVIDUAL),
        (OTHER, Role.INDIVIDUAL),
        (ORG, Role.ORGANIZATION),
        (OFFICE, Role.SECRETARIAT),
    ):
        ids[email] = (await make_user(database, email, role)).id
    return ids
