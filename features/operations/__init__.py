"""システム運用 (000 §8.6): the staff's page on the system's health — outbox, queue and scheduled jobs,
database and upload sizes, the last server errors — and the audit log search."""

from app.navigation import NavItem
from app.slices import Slice
from features.operations.routes import router

MYPAGE = (NavItem("システム運用", "operations:overview", roles=frozenset({"secretariat"}), order=95),)

SLICE = Slice("operations", router, mypage=MYPAGE)

__all__ = ["SLICE"]
