"""Type aliases for what handlers receive by injection (Litestar wants them explicit)."""

from litestar.di import NamedDependency
from sqlalchemy.ext.asyncio import AsyncSession

from app.config import Settings

DbSession = NamedDependency[AsyncSession]
AppSettings = NamedDependency[Settings]
