"""Audience queries against hand-counted people and organizations (both engines): each filter of
the compose form, the live count (active only) and the members resolved at send time (with why
an inactive one is left out)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app import clock
from features.accounts.models import AccountStatus, OrganizationStatus, OrganizationType, RegistrationKind
from features.mailings.audience import Audience, count, describe, members
from features.mailings.models import AudienceKind
from tests.features.mailings.helpers import born, organization, person

PEOPLE, ORGS = AudienceKind.INDIVIDUALS, AudienceKind.ORGANIZATIONS


@pytest.fixture
async def crowd(database, frozen_clock):
    past = clock.now() - timedelta(days=1)
    await person(
        database,
        "a@example.jp",
        birth_date=born(36),
        jocv_verified_at=past,
        facets=[("sector", "health", 5), ("lang", "en", 3)],
        resume={"wish_location": "海外", "wish_employment": "正職員,契約職員", "wish_flexible": "remote,side_job"},
    )
    await person(database, "b@example.jp", prefecture="大阪府", birth_date=born(25), kind=RegistrationKind.SIMPLE)
    await person(
        database,
        "c@example.jp",
        prefecture="海外",
        birth_date=born(62),
        facets=[("sector", "health", 2), ("lang", "fr", 4)],
        resume={"wish_location": "どちらでも", "wish_employment": "業務委託", "wish_flexible": "remote"},
    )
    await person(database, "d@example.jp", status=AccountStatus.DECEASED, birth_date=born(45))
    await person(database, "e@example.jp", birth_date=born(30), expires_at=past)
    await organization(database, "o1@example.jp", activity_fields="education,health")
    await organization(database, "o2@example.jp", org_type=OrganizationType.PUBLIC, activity_fields="health")
    await organization(
        database, "o3@example.jp", org_type=OrganizationType.NON_CORPORATE, activity_fields="education,public_health"
    )
    await organization(database, "o4@example.jp", status=AccountStatus.PENDING, activity_fields="health")
    await organization(database, "o5@example.jp", activity_fields="health", org_status=OrganizationStatus.DISABLED)


CASES = [
    (Audience(kind=PEOPLE), 3),
    (Audience(kind=PEOPLE, kinds=(RegistrationKind.SIMPLE,)), 1),
    (Audience(kind=PEOPLE, prefectures=("東京都",)), 1),
    (Audience(kind=PEOPLE, prefectures=("東京都", "海外")), 2),
    (Audience(kind=PEOPLE, age_bands=("30",)), 1),
    (Audience(kind=PEOPLE, age_bands=("60",)), 1),
    (Audience(kind=PEOPLE, age_bands=("20", "60")), 2),
    (Audience(kind=PEOPLE, jocv=True), 1),
    (Audience(kind=PEOPLE, sector="health"), 2),
    (Audience(kind=PEOPLE, sector="health", min_years=3), 1),
    (Audience(kind=PEOPLE, language="en", min_level="A"), 1),
    (Audience(kind=PEOPLE, language="fr", min_level="S"), 1),
    (Audience(kind=PEOPLE, language="en", min_level="S"), 0),
    (Audience(kind=PEOPLE, wish_location="海外"), 2),
    (Audience(kind=PEOPLE, wish_location="国内"), 1),
    (Audience(kind=PEOPLE, employment="業務委託"), 1),
    (Audience(kind=PEOPLE, flexible=("remote", "side_job")), 1),
    (Audience(kind=PEOPLE, flexible=("remote",)), 2),
    (Audience(kind=PEOPLE, prefectures=("東京都",), sector="health"), 1),
    (Audience(kind=PEOPLE, prefectures=("大阪府",), sector="health"), 0),
    (Audience(kind=ORGS), 3),
    (Audience(kind=ORGS, org_types=(OrganizationType.CORPORATE,)), 1),
    (Audience(kind=ORGS, activity_fields=("health",)), 2),  # whole codes: public_health is not health
    (Audience(kind=ORGS, activity_fields=("health", "education")), 3),
    (Audience(kind=ORGS, org_types=(OrganizationType.PUBLIC,), activity_fields=("education",)), 0),
    (Audience(kind=AudienceKind.NEWS_SUBSCRIBERS), 6),
]


async def test_counts_match_the_hand_count(database, crowd):
    async with database.session(write=False) as db:
        found = [(audience, await count(db, audience)) for audience, _ in CASES]
    assert [n for _, n in found] == [n for _, n in CASES], [describe(a) for a, _ in found]


async def test_members_carry_why_an_inactive_account_is_left_out(database, crowd):
    async with database.session(write=False) as db:
        people = {m.email: m.excluded for m in await members(db, Audience(kind=PEOPLE))}
        organizations = {m.email: m.excluded for m in await members(db, Audience(kind=ORGS))}
    assert people == {
        "a@example.jp": "",
        "b@example.jp": "",
        "c@example.jp": "",
        "d@example.jp": "deceased",
        "e@example.jp": "expired",
    }
    assert organizations == {
        "o1@example.jp": "",
        "o2@example.jp": "",
        "o3@example.jp": "",
        "o4@example.jp": "pending",
        "o5@example.jp": "disabled",
    }


def test_the_audience_is_described_in_japanese_words():
    audience = Audience(
        kind=PEOPLE,
        prefectures=("東京都", "海外"),
        sector="health",
        min_years=3,
        language="en",
        min_level="A",
        jocv=True,
    )
    assert describe(audience) == (
        "個人：分野・課題：保健医療（経験3年以上）、語学：英語（レベルA以上）、居住地：東京都・海外在住、帰国隊員（JOCV確認済み）"
    )
    assert describe(Audience(kind=ORGS, org_types=(OrganizationType.PUBLIC,))) == (
        "団体：団体種別：JICA・政府機関・学校法人・地方自治体"
    )
    assert Audience.from_json(audience.to_json()) == audience
