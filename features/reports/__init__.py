"""報告業務 (000 §8.2): the secretariat's weekly, monthly, quarterly and fiscal-year figures with
charts, built only from the counters the other slices publish, and the report documents."""

from app.navigation import NavItem
from app.slices import Slice
from features.reports.routes import router

MYPAGE = (NavItem("報告（主要な数値）", "reports:overview", roles=frozenset({"secretariat"}), order=90),)

SLICE = Slice("reports", router, mypage=MYPAGE)

__all__ = ["SLICE"]
