"""Persona helpers for account tests: create users directly, log in through the real flow."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from app import clock
from app.forms import normalize_email
from app.mail import OutboxMail
from features.accounts import passwords, service
from features.accounts.models import (
    AccountStatus,
    Individual,
    Organization,
    OrganizationStatus,
    OrganizationType,
    Role,
    UserAccount,
)
from tests.conftest import csrf_headers

PASSWORD = "correct horse battery staple"


async def make_user(
    database,
    email: str,
    role: str = Role.INDIVIDUAL,
    *,
    status: str = AccountStatus.ACTIVE,
    password: str = PASSWORD,
    password_hash: str | None = None,
) -> UserAccount:
    now = clock.now()
    async with database.session() as db:
        user = UserAccount(
            email=email,
            password_hash=password_hash or await passwords.hash_password(password),
            role=role,
            status=status,
            display_name=f"{email.split('@')[0]} テスト",
            created_at=now,
            password_changed_at=now - timedelta(seconds=1),
        )
        db.add(user)
        await db.flush()
        if role == Role.INDIVIDUAL:
            db.add(
                Individual(
                    user_id=user.id,
                    registration_code=await service.new_registration_code(db),
                    kind="国際協力人材登録",
                    family_name="山田",
                    given_name="太郎",
                    family_name_kana="ヤマダ",
                    given_name_kana="タロウ",
                    family_name_roman="YAMADA",
                    given_name_roman="Taro",
                    birth_date=date(1990, 4, 1),
                    nationality="JP",
                    prefecture="東京都",
                    phone="090-1234-5678",
                    registered_at=now,
                    expires_at=now + timedelta(days=730),
                )
            )
        if role == Role.ORGANIZATION:
            approved = status == AccountStatus.ACTIVE
            db.add(
                Organization(
                    user_id=user.id,
                    org_type=OrganizationType.CORPORATE,
                    name=f"{email} の団体",
                    name_kana="テストダンタイ",
                    status=OrganizationStatus.APPROVED if approved else OrganizationStatus.PENDING,
                    org_code=await service.new_org_code(db) if approved else None,
                    address="千代田区",
                    contact_name="担当 一郎",
                    contact_phone="03-1234-5678",
                    activity_fields="education",
                    submitted_at=now,
                    updated_at=now,
                )
            )
    return user


async def mails_to(database, email: str) -> list[OutboxMail]:
    async with database.session(write=False) as db:
        rows = await db.execute(select(OutboxMail).where(OutboxMail.to_address == email).order_by(OutboxMail.id))
        return list(rows.scalars())


async def latest_code(database, email: str) -> str:
    mail = (await mails_to(database, email))[-1]
    return re.search(r"ワンタイムパスワード：(\d{6})", mail.body).group(1)


def link_in(mail: OutboxMail) -> str:
    return re.search(r"https?://\S+", mail.body).group(0)


async def submit_password(client, email: str, password: str = PASSWORD, **extra):
    await client.get("/login")
    return await client.post(
        "/login",
        data={"email": email, "password": password, **extra},
        headers=csrf_headers(client),
        follow_redirects=False,
    )


async def log_in(client, database, email: str, password: str = PASSWORD) -> None:
    response = await submit_password(client, email, password)
    assert response.status_code == 303 and response.headers["location"] == "/login/code", response.text
    code = await latest_code(database, normalize_email(email))  # mailed to the stored, canonical address
    done = await client.post("/login/code", data={"code": code}, headers=csrf_headers(client), follow_redirects=False)
    assert done.status_code == 303, done.text
