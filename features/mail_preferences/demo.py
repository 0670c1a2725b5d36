"""Demo メール配信設定: every demo 個人 and 団体 gets a row, a mix of explicit choices and
defaults (NULL); talent@example.org keeps 案内メール on and chose PARTNERニュース. Every choice
comes from `rng`."""

from __future__ import annotations

import random

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from features.accounts import api as accounts
from features.mail_preferences.models import MailPreference

# For each switch: (None = the default, True, False) with these weights.
_CHOICES = (None, True, False)
_WEIGHTS = (6, 2, 2)


async def seed_demo(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    now = clock.now()
    talent = await accounts.user_by_email(db, "talent@example.org")
    for user_id in sorted(await accounts.member_roles(db)):
        if talent is not None and user_id == talent.id:
            row = MailPreference(user_id=user_id, guide=True, news=True, alerts=True, updated_at=now)
        else:
            guide, news, alerts = rng.choices(_CHOICES, _WEIGHTS, k=3)
            row = MailPreference(user_id=user_id, guide=guide, news=news, alerts=alerts, updated_at=now)
        db.add(row)
