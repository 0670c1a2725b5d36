"""The secretariat's seminar pages (/admin/seminars…): planning, programme, speakers, counselors,
states, PDFs, participants, bulk messages, 出欠確認. Thin handlers: the rules are in the services."""

from __future__ import annotations

from litestar import Router

admin_router = Router(path="/admin/seminars", route_handlers=[])
