"""Alembic environment: async engines, batch mode on SQLite (ALTER TABLE is limited there)."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.ext.asyncio import create_async_engine

from app.config import get_settings
from app.db import described_by_models, import_all_models

config = context.config
target_metadata = import_all_models().metadata


def _url() -> str:
    return config.attributes.get("database_url") or get_settings().database.url


def _configure(**kwargs) -> None:
    url = _url()
    context.configure(
        target_metadata=target_metadata,
        render_as_batch=url.startswith("sqlite"),
        compare_type=True,
        include_name=described_by_models,
        # Server defaults are not compared: SQLite reports '' as ('') and every revision would
        # carry no-op alterations.
        **kwargs,
    )


def run_offline() -> None:
    _configure(url=_url(), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def _run_sync(connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


async def run_online() -> None:
    engine = create_async_engine(_url())
    try:
        async with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                # Persistent: every later connection finds the file in WAL already.
                await connection.exec_driver_sql("PRAGMA journal_mode = WAL")
            await connection.run_sync(_run_sync)
            await connection.commit()
    finally:
        await engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    asyncio.run(run_online())
