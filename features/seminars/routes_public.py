"""The public seminar pages (/seminars…), the registration form, e-mail verification, cancellation
by the mailed link, and the mypage list (セミナー申込)."""

from __future__ import annotations

from litestar import Router

public_router = Router(path="", route_handlers=[])
