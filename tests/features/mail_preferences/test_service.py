"""メール配信設定 rules: defaults from settings per role, explicit choices, opted_out over many ids,
and tokens that name one person and one category only."""

from __future__ import annotations

from sqlalchemy import insert, select

from app import clock
from features.accounts.models import Role, UserAccount
from features.mail_preferences import api, service, tokens
from features.mail_preferences.models import Category, MailPreference
from tests.features.mail_preferences.helpers import OFFICE, ORG, OTHER, PERSON, people


async def test_defaults_come_from_settings_and_differ_by_role_for_news(database, settings):
    ids = await people(database)
    async with database.session(write=False) as db:
        person = await api.preferences_of(db, settings, ids[PERSON])
        org = await api.preferences_of(db, settings, ids[ORG])
    assert person == {Category.GUIDE: True, Category.NEWS: False, Category.ALERTS: True}
    assert org == {Category.GUIDE: True, Category.NEWS: True, Category.ALERTS: True}
    settings.mail_preferences.guide_default = False
    settings.mail_preferences.news_default_individual = True
    settings.mail_preferences.news_default_organization = False
    async with database.session(write=False) as db:
        assert await api.preferences_of(db, settings, ids[PERSON]) == {
            Category.GUIDE: False,
            Category.NEWS: True,
            Category.ALERTS: True,
        }
        assert (await api.preferences_of(db, settings, ids[ORG]))[Category.NEWS] is False


async def test_opted_out_follows_choices_then_defaults(database, settings):
    ids = await people(database)
    everyone = set(ids.values())
    async with database.session() as db:
        assert await api.set_preference(db, ids[PERSON], Category.NEWS, True)
        assert await api.set_preference(db, ids[OTHER], Category.GUIDE, False)
        assert not await api.set_preference(db, ids[OFFICE], Category.GUIDE, False)  # staff: no switches
    async with database.session(write=False) as db:
        # 案内メール: default on; OTHER switched it off.
        assert await api.opted_out(db, settings, everyone, Category.GUIDE) == {ids[OTHER]}
        # PARTNERニュース: off for 個人 (and staff) by default, on for 団体; PERSON chose it.
        assert await api.opted_out(db, settings, everyone, Category.NEWS) == {ids[OTHER], ids[OFFICE]}
        assert await api.opted_out(db, settings, everyone, Category.ALERTS) == set()
        assert await api.opted_out(db, settings, [], Category.NEWS) == set()
    settings.mail_preferences.alerts_default = False
    async with database.session(write=False) as db:
        assert await api.opted_out(db, settings, everyone, Category.ALERTS) == everyone


async def test_a_second_choice_overwrites_the_first(database, settings):
    ids = await people(database)
    async with database.session() as db:
        await api.set_preference(db, ids[PERSON], Category.GUIDE, False)
        await api.set_preference(db, ids[PERSON], Category.GUIDE, True)
        await api.set_preference(db, ids[PERSON], Category.ALERTS, False)
    async with database.session(write=False) as db:
        rows = list((await db.execute(select(MailPreference))).scalars())
        assert await api.preferences_of(db, settings, ids[PERSON]) == {
            Category.GUIDE: True,
            Category.NEWS: False,  # still the default: never chosen
            Category.ALERTS: False,
        }
    assert len(rows) == 1 and rows[0].news is None


async def test_opted_out_answers_for_a_hundred_thousand_ids(database, settings):
    """More ids than a statement may carry parameters: no chunk is lost, nobody extra comes back."""
    ids = await people(database)
    now = clock.now()
    async with database.session() as db:
        first = (await db.execute(select(UserAccount.id).order_by(UserAccount.id.desc()))).scalars().first() + 1
        accounts = [
            {
                "id": first + n,
                "email": f"bulk{n}@example.jp",
                "password_hash": "x",
                "role": Role.ORGANIZATION if n % 10 == 0 else Role.INDIVIDUAL,
                "status": "active",
                "display_name": "bulk",
                "created_at": now,
                "password_changed_at": now,
            }
            for n in range(100_000)
        ]
        for start in range(0, len(accounts), 5000):
            await db.execute(insert(UserAccount), accounts[start : start + 5000])
        await db.execute(
            insert(MailPreference),
            [{"user_id": first + n, "news": n % 3 == 0, "updated_at": now} for n in range(0, 100_000, 7)],
        )
    bulk = set(range(first, first + 100_000))
    expected = set()
    for n in range(100_000):
        if n % 7 == 0:
            off = n % 3 != 0
        else:
            off = n % 10 != 0  # 個人 default off, 団体 default on
        if off:
            expected.add(first + n)
    async with database.session(write=False) as db:
        assert await api.opted_out(db, settings, bulk, Category.NEWS) == expected
        assert await api.opted_out(db, settings, bulk | {ids[ORG]}, Category.GUIDE) == set()
        # A small set takes the other path (one IN list) and must agree.
        sample = set(sorted(bulk)[:200])
        assert await api.opted_out(db, settings, sample, Category.NEWS) == expected & sample


def test_a_token_names_one_person_and_one_category_only(settings):
    token = tokens.make_token(settings, 42, Category.NEWS)
    assert tokens.read_token(settings, token) == (42, Category.NEWS)
    assert tokens.read_token(settings, token.upper()) == (42, Category.NEWS)  # a case-folding MTA
    mac = token.split("-")[1]
    assert tokens.read_token(settings, f"n43-{mac}") is None  # another person
    assert tokens.read_token(settings, f"g42-{mac}") is None  # another category
    assert tokens.read_token(settings, f"n042-{mac}") is None  # the same number written differently
    flipped = mac[:-1] + ("a" if mac[-1] != "a" else "b")
    assert tokens.read_token(settings, f"n42-{flipped}") is None
    for junk in ("", "n42", "n42-", "x42-" + mac, "n-" + mac, token + "a", "n42-" + mac[:-1] + "!", "%00", "n" * 500):
        assert tokens.read_token(settings, junk) is None
    tokens_of = {tokens.make_token(settings, uid, c) for uid in (1, 2) for c in Category}
    assert len(tokens_of) == 6


def test_another_secret_key_makes_other_tokens(settings):
    token = tokens.make_token(settings, 42, Category.GUIDE)
    settings.app.secret_key = "another-secret-key-" + "y" * 32
    assert tokens.read_token(settings, token) is None


def test_unsubscribe_headers_follow_rfc_8058(settings):
    settings.app.base_url = "https://partner.example.jp"
    settings.mail.bounce_domain = "bounce.partner.example.jp"
    headers = api.unsubscribe_headers(settings, 42, Category.GUIDE)
    token = tokens.make_token(settings, 42, Category.GUIDE)
    assert headers == {
        "List-Unsubscribe": (
            f"<https://partner.example.jp/unsubscribe/{token}>, "
            f"<mailto:unsubscribe+{token}@bounce.partner.example.jp?subject=unsubscribe>"
        ),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    assert api.unsubscribe_url(settings, 42, Category.GUIDE) == f"https://partner.example.jp/unsubscribe/{token}"


async def test_unsubscribe_by_mail_switches_off_only_for_a_valid_token(database, settings):
    ids = await people(database)
    token = tokens.make_token(settings, ids[ORG], Category.NEWS)
    async with database.session() as db:
        assert not await service.unsubscribe_by_mail(db, settings, "unsubscribe+n1-aaaaaaaaaaaaaaaaaaaaaaaa")
        assert not await service.unsubscribe_by_mail(db, settings, token)  # not addressed to unsubscribe+
        assert await service.opted_out(db, settings, [ids[ORG]], Category.NEWS) == set()
        assert await service.unsubscribe_by_mail(db, settings, f"<UNSUBSCRIBE+{token.upper()}@partner.localhost>")
    async with database.session(write=False) as db:
        assert await service.opted_out(db, settings, [ids[ORG]], Category.NEWS) == {ids[ORG]}
        assert await service.opted_out(db, settings, [ids[ORG]], Category.GUIDE) == set()


async def test_the_hook_is_provided_to_the_bounce_mx(database, settings):
    from app import slices

    ids = await people(database)
    address = "unsubscribe+" + tokens.make_token(settings, ids[PERSON], Category.GUIDE)
    async with database.session() as db:
        assert await slices.ask("unsubscribe_by_mail", db, settings, address, default=None) is True
    async with database.session(write=False) as db:
        assert (await api.preferences_of(db, settings, ids[PERSON]))[Category.GUIDE] is False


async def test_erasing_a_person_removes_their_switches(database, settings):
    ids = await people(database)
    async with database.session() as db:
        await api.set_preference(db, ids[PERSON], Category.GUIDE, False)
        await service.erase_preferences(db, settings, ids[PERSON])
    async with database.session(write=False) as db:
        assert (await db.execute(select(MailPreference))).first() is None
