"""Talent: résumés (一般履歴書・専門家履歴書) and their PDF, 人材閲覧 with favorites, and who viewed whom."""

from app.navigation import NavItem
from app.slices import Slice
from features.talent import service
from features.talent.demo import seed_demo
from features.talent.routes import router

MYPAGE = (
    NavItem("履歴書", "talent:resume", roles=frozenset({"individual"}), order=20),
    NavItem("閲覧した団体", "talent:viewers", roles=frozenset({"individual"}), order=21),
    NavItem("人材閲覧・オファーメール発信", "talent:search", roles=frozenset({"organization"}), order=20),
    NavItem("気になる/応募一覧", "talent:favorites", roles=frozenset({"organization"}), order=30),
)

SLICE = Slice("talent", router, mypage=MYPAGE, seed_demo=seed_demo, person_erasers=(service.erase_resume,))

__all__ = ["SLICE"]
