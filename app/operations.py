"""What the staff's システム運用 page reads about the frame itself (000 §8.6): the last run of every
scheduled job and the last server errors. Both are written outside the transaction that failed
(an error rolls its request back; a job's result must survive the job's own rollback), and
neither ever holds personal data: an error keeps its request id, the route's path template
(never the path, which may carry a token) and the exception's class name."""

from __future__ import annotations

import logging
from datetime import datetime

from litestar.exceptions import HTTPException
from litestar.types import Scope
from sqlalchemy import delete, select

from app import clock
from app.db import Database
from app.models import Field, SQLModel
from app.security import request_id

log = logging.getLogger("partner.operations")

ERRORS_KEPT = 1000  # the page shows the last 100; older rows are pruned as new ones arrive


class JobRun(SQLModel, table=True):
    """The last run of one scheduled job (one row per job name, overwritten by each run)."""

    __tablename__ = "job_run"

    name: str = Field(primary_key=True, max_length=80)
    started_at: datetime
    finished_at: datetime
    succeeded: bool = Field(default=True)
    result: int | None = Field(default=None)  # what the job returned (e.g. how many it handled)
    error: str = Field(default="", max_length=200)  # the exception's class name when it failed
    last_success_at: datetime | None = Field(default=None)


class ErrorEvent(SQLModel, table=True):
    __tablename__ = "error_event"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(index=True)
    request_id: str = Field(max_length=32, index=True)
    method: str = Field(default="", max_length=10)
    route: str = Field(default="", max_length=200)  # the path template: /postings/{posting_id:int}
    status: int = Field(default=500)
    error: str = Field(default="", max_length=200)


async def record_job_run(
    database: Database,
    name: str,
    *,
    started_at: datetime,
    result: int | None = None,
    error: BaseException | None = None,
) -> None:
    """Keep this run as the job's last one; never raises (a job's outcome matters more)."""
    finished = clock.now()
    try:
        async with database.session() as db:
            row = await db.get(JobRun, name)
            if row is None:
                row = JobRun(name=name, started_at=started_at, finished_at=finished)
                db.add(row)
            row.started_at, row.finished_at = started_at, finished
            row.succeeded = error is None
            row.result = result if isinstance(result, int) and not isinstance(result, bool) else None
            row.error = type(error).__name__[:200] if error is not None else ""
            if error is None:
                row.last_success_at = finished
    except Exception:
        log.warning("could not record the run of job %s", name, exc_info=True)


async def record_server_error(exception: Exception, scope: Scope) -> None:
    """after_exception hook: a 5xx answer (an unexpected exception or an HTTPException ≥ 500) is
    kept for the staff page; everything else (404, 422, …) is a normal answer, not an error."""
    if isinstance(exception, HTTPException) and exception.status_code < 500:
        return
    if scope.get("type") != "http":
        return
    status = exception.status_code if isinstance(exception, HTTPException) else 500
    database: Database = scope["app"].state.database
    try:
        async with database.session() as db:
            db.add(
                ErrorEvent(
                    created_at=clock.now(),
                    request_id=request_id(scope),
                    method=str(scope.get("method", ""))[:10],
                    route=str(scope.get("path_template") or "")[:200],
                    status=status,
                    error=type(exception).__name__[:200],
                )
            )
            await db.flush()
            newest = await db.scalar(select(ErrorEvent.id).order_by(ErrorEvent.id.desc()).limit(1))
            if newest is not None and newest > ERRORS_KEPT:
                await db.execute(delete(ErrorEvent).where(ErrorEvent.id <= newest - ERRORS_KEPT))
    except Exception:
        log.warning("could not record error of request %s", request_id(scope), exc_info=True)
