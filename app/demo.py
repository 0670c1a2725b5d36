"""Demo data: each slice seeds its own tables; this runs them on an empty database."""

from __future__ import annotations

import random

from sqlalchemy import func, select

from app import slices
from app.config import Settings
from app.db import Database, import_all_models

# Tables whose rows are working state, not content: they do not make a database "non-empty".
TRANSIENT_TABLES = {"web_session", "rate_counter", "outbox_mail", "alembic_version"}
# Tables the migrations fill with the lists the site starts with (公募種別): not demo data either.
REFERENCE_TABLES = {"koubo_type"}


async def database_is_empty(database: Database) -> bool:
    metadata = import_all_models().metadata
    async with database.session(write=False) as db:
        for table in metadata.sorted_tables:
            if table.name in TRANSIENT_TABLES or table.name in REFERENCE_TABLES:
                continue
            if (await db.execute(select(func.count()).select_from(table))).scalar_one():
                return False
    return True


async def load_demo(database: Database, settings: Settings, *, seed: int = 2026, history: bool = False) -> None:
    """Every slice's demo loader, in slice order; then, with `history` (`litestar demo load` asks
    for it; tests of a slice's own demo leave it out, it costs seconds), every slice's 18 months
    of back-dated rows (a slice's "demo_history" provider, see app/demo_calendar.py) — a second
    pass, so the history's people and postings never change what the loaders above chose from."""
    rng = random.Random(seed)
    async with database.session() as db:
        for seed_slice in slices.demo_loaders():
            await seed_slice(db, rng, settings)
        if history:
            await slices.ask_all("demo_history", db, random.Random(seed + 18), settings)
