"""システム運用 (secretariat): the health page and the audit log search."""

from __future__ import annotations

from datetime import timedelta

from litestar import Request, Router, get
from litestar.response import Template

from app import clock
from app.deps import DbSession
from app.pagination import page_number
from app.security import require_role
from app.templating import render
from features.accounts import api as accounts
from features.operations import forms, service

OFFICE = [require_role(accounts.Role.SECRETARIAT)]


@get("/admin/operations", name="operations:overview", guards=OFFICE)
async def show_operations(request: Request, db: DbSession) -> Template:
    settings = request.app.state.settings
    total, tables = await service.database_size(db)
    upload_bytes, upload_files = await service.uploads_size(settings)
    return render(
        request,
        "operations/overview.html.jinja",
        {
            "outbox": await service.outbox_figures(db),
            "queue": await service.queue_figures(),
            "jobs": await service.job_figures(db, settings),
            "database_bytes": total,
            "tables": tables,
            "engine": db.bind.dialect.name,
            "upload_bytes": upload_bytes,
            "upload_files": upload_files,
            "errors": await service.recent_errors(db),
            "errors_24h": await service.errors_since(db, clock.now() - timedelta(hours=24)),
            "checked_at": clock.now(),
        },
        fragments={"operations-figures": "operations_figures"},
    )


async def _actor_ids(db, actor: str) -> tuple[int, ...] | None:
    if not actor:
        return None
    if forms.actor_is_number(actor):
        return (int(actor),)
    user = await accounts.user_by_email(db, accounts.normalize_email(actor))
    return (user.id,) if user is not None else ()


@get("/admin/operations/audit", name="operations:audit", guards=OFFICE)
async def search_audit_log(request: Request, db: DbSession) -> Template:
    form = forms.audit_filters(request.query_params)
    values = form.values
    page = page_number(request.query_params.get("page"))
    results = None
    if form.ok:
        filters = service.AuditFilters(
            actor_ids=await _actor_ids(db, values["actor"]),
            action=values["action"],
            subject_type=values["subject_type"],
            subject_id=values["subject_id"],
            since=values["since_at"],
            until=values["until_at"],
        )
        results = await service.search_audit(db, filters, page)
    shown = {name: values[name] for name in ("actor", "action", "subject_type", "subject_id", "since", "until")}
    return render(
        request,
        "operations/audit.html.jinja",
        {
            "form": form,
            "values": values,
            "results": results,
            "params": shown,
        },
        fragments={"audit-results": "audit_results"},
        status_code=200 if form.ok else 422,
    )


router = Router(path="/", route_handlers=[show_operations, search_audit_log])
