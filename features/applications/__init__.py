"""Applications: Web応募 with documents, 応募履歴 with 取り下げ, and the organization's 応募一覧・応募編集."""

from app.navigation import NavItem
from features.applications.routes import router

MYPAGE = [NavItem("応募履歴", "/mypage/applications", roles=frozenset({"individual"}), order=25)]

__all__ = ["MYPAGE", "router"]
