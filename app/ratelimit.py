"""Fixed-window rate limits kept in the database, so every server process shares them."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sqlalchemy import bindparam, case
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from app import clock
from app.models import Field, SQLModel


class RateCounter(SQLModel, table=True):
    __tablename__ = "rate_counter"

    key: str = Field(primary_key=True, max_length=200)
    window_start: int = Field(default=0)
    count: int = Field(default=0)


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    count: int
    retry_after: int


@functools.cache
def _upsert(dialect: str):
    """The counting statement, built once per dialect (bound parameters: key and window start)."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = RateCounter.__table__
    statement = insert(table).values(key=bindparam("counter_key"), window_start=bindparam("counter_window"), count=1)
    same_window = table.c.window_start == statement.excluded.window_start
    return statement.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={
            "count": case((same_window, table.c.count + 1), else_=1),
            "window_start": statement.excluded.window_start,
        },
    ).returning(table.c.count)


async def hit(session: AsyncSession | AsyncConnection, key: str, *, limit: int, window_seconds: int) -> RateDecision:
    """Count one event under `key`; allowed while the window's count is within `limit`.

    Run it outside the request's transaction (Database.counters) so the count survives
    even when the request that caused it rolls back.
    """
    now_ts = int(clock.now().timestamp())
    window_start = now_ts - now_ts % window_seconds
    bind = session if isinstance(session, AsyncConnection) else session.bind
    statement = _upsert(bind.dialect.name if bind else "sqlite")
    parameters = {"counter_key": key, "counter_window": window_start}
    count = (await session.execute(statement, parameters)).scalar_one()
    retry_after = window_start + window_seconds - now_ts
    return RateDecision(allowed=count <= limit, count=count, retry_after=max(retry_after, 1))


async def enforce(database, checks: list[tuple[str, int, int]], message: str) -> None:
    """Count one event under each (key, limit, window_seconds); 429 with `message` past a limit.

    The counts are committed at once, outside the request's transaction, so they survive when the
    request that caused them ends in an error; each count commits by itself (Database.counters): one
    row per client is bumped by every unsafe request of that client, and a row held until a
    transaction's COMMIT arrives made every writer of one address (all of them behind a proxy that
    is not configured as trusted, or a load test from one machine) wait in line for it.
    """
    from litestar.exceptions import TooManyRequestsException

    async with database.counters() as db:
        for key, limit, window_seconds in checks:
            decision = await hit(db, key, limit=limit, window_seconds=window_seconds)
            if not decision.allowed:
                raise TooManyRequestsException(message, headers={"Retry-After": str(decision.retry_after)})
