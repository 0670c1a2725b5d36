"""The bounces slice's public face: all that other slices may use of it.

PLACEHOLDER until the bounces branch lands (it replaces this file): nothing is suppressed yet."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy.ext.asyncio import AsyncSession


async def suppressed_addresses(db: AsyncSession, addresses: Collection[str]) -> set[str]:
    """Of these addresses (as stored on accounts, compared lower-cased), those suppressed for bulk mail."""
    return set()


__all__ = ["suppressed_addresses"]
