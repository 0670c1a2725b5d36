"""An append-only audit trail: who did or tried what, when, from where.

Rows are only ever inserted (the app has no update or delete path for them). Slices write
them for access to personal data and for refused attempts on another organization's rows.
"""

from __future__ import annotations

from datetime import datetime

from litestar import Request
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.models import Field, SQLModel
from app.security import client_ip
from app.sessions import current_session


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(index=True)
    actor_user_id: int | None = Field(default=None, index=True)
    action: str = Field(max_length=60, index=True)
    target_type: str = Field(default="", max_length=40)
    target_id: str = Field(default="", max_length=40, index=True)
    detail: str = Field(default="", max_length=500)
    client_ip: str = Field(default="", max_length=64)


async def record(
    db: AsyncSession,
    action: str,
    *,
    actor_user_id: int | None,
    target_type: str = "",
    target_id: str | int = "",
    detail: str = "",
    client_ip: str = "",
) -> None:
    db.add(
        AuditEvent(
            created_at=clock.now(),
            actor_user_id=actor_user_id,
            action=action,
            target_type=target_type,
            target_id=str(target_id),
            detail=detail[:500],
            client_ip=client_ip[:64],
        )
    )
    await db.flush()


async def record_refused_access(request: Request, db: AsyncSession, target_type: str, target_id: int) -> None:
    """Someone asked for a row that exists but is not theirs (another organization's posting,
    application, thread or template). The answer is a 404 like a missing row, which rolls the
    request back, so the audit row is committed at once."""
    async with request.app.state.database.committed_now(db) as writer:
        await record(
            writer,
            f"foreign_{target_type}_access",
            actor_user_id=current_session(request).get("uid"),
            target_type=target_type,
            target_id=target_id,
            detail=f"{request.method} {request.url.path}",
            client_ip=client_ip(request.scope, request.app.state.settings),
        )
