"""Builds the Litestar application: plugins, middleware, security, routes, the queue."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar, Request
from litestar.datastructures import State
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.plugins.htmx import HTMXPlugin
from sqlalchemy.ext.asyncio import AsyncSession

from app.cli import PartnerCLIPlugin
from app.config import Settings, get_settings
from app.db import create_database
from app.errors import EXCEPTION_HANDLERS, reject_impossible_ids
from app.heap import frozen_startup_heap
from app.operations import record_server_error
from app.pagecache import PageCacheMiddleware, PageStore
from app.privatecache import PrivatePageMiddleware, PrivateStore
from app.queue import build_queue, use_queue
from app.routes import install_slices, route_handlers
from app.security import UNSAFE_METHODS, RequestGuardMiddleware, csrf_config, make_security_headers_hook
from app.sessionreader import SessionReader
from app.sessions import SessionMiddleware
from app.templating import create_template_config

log = logging.getLogger("partner")


async def provide_db(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's unit of work; unsafe methods get a write (IMMEDIATE) transaction, and so does a
    GET whose handler says opt={"writes": True} (a view count, an audit row, a message marked read):
    on SQLite a read transaction that starts writing fails at once when another writer is busy."""
    writes = request.method in UNSAFE_METHODS or bool(request.route_handler.opt.get("writes"))
    async with request.app.state.database.session(write=writes) as session:
        yield session


def build_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    settings.validate()
    database = create_database(settings)
    queue = build_queue(settings)
    install_slices()
    csrf = csrf_config(settings)
    pages = PageStore(settings, csrf)
    private_pages = PrivateStore(settings, csrf)
    session_reader = SessionReader(database, settings)

    @asynccontextmanager
    async def run_queue(app: Litestar) -> AsyncIterator[None]:
        await queue.connect()
        use_queue(queue)
        worker_task = None
        if settings.queue.run_worker_in_app:
            from tasks.worker import build_worker

            worker = build_worker(settings, database, queue, shutdown_grace_s=3)
            worker.SIGNALS = []  # the web server owns the signals
            worker_task = asyncio.create_task(worker.start())
        try:
            yield
        finally:
            if worker_task is not None:
                await worker.stop()
                worker_task.cancel()
            use_queue(None)
            try:
                await queue.disconnect()
            except Exception:  # the queue server may already be gone at shutdown
                log.warning("queue disconnect failed at shutdown", exc_info=True)
            await private_pages.close()
            session_reader.close()
            await database.dispose()

    return Litestar(
        route_handlers=route_handlers(settings),
        dependencies={
            "db": Provide(provide_db),
            "settings": Provide(lambda: settings, sync_to_thread=False),
        },
        plugins=[HTMXPlugin(), PartnerCLIPlugin()],
        template_config=create_template_config(settings),
        csrf_config=csrf,
        middleware=[
            DefineMiddleware(PageCacheMiddleware, store=pages),  # outermost: a hit reads no session
            DefineMiddleware(
                SessionMiddleware,
                database=database,
                settings=settings,
                reader=session_reader,
                shared=private_pages.shared,  # one MGET per request; publishes this process's writes
                cache=private_pages.sessions,
            ),
            DefineMiddleware(PrivatePageMiddleware, store=private_pages),  # logged-in pages, per session
            DefineMiddleware(RequestGuardMiddleware, database=database, settings=settings),
        ],
        before_request=reject_impossible_ids,
        after_exception=[record_server_error],  # kept for the staff's システム運用 page
        before_send=[make_security_headers_hook(settings)],
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=[run_queue, frozen_startup_heap],
        state=State(
            {"settings": settings, "database": database, "queue": queue, "pages": pages, "private_pages": private_pages}
        ),
        openapi_config=None,  # an HTML application: no API schema to publish
        debug=False,  # never show a traceback, even in development
        request_max_body_size=12 * 1024 * 1024,
    )
