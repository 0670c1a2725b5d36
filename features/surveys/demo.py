"""Demo アンケート: filled in below."""

from __future__ import annotations

import random

from sqlalchemy.ext.asyncio import AsyncSession

from app.config import Settings


async def seed_demo(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    return None
