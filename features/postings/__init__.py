"""Postings: 求人情報掲載 with 一時保存・プレビュー・確認, the secretariat's review, scheduled
publication, 修正・コピー・掲載中止, and the public 求人情報を探す."""

from app.navigation import NavItem
from features.postings.demo import seed_demo
from features.postings.routes import router

_ORG = frozenset({"organization"})
NAV = [NavItem("求人情報を探す", "/jobs", order=10)]
MYPAGE = [
    NavItem("求人情報掲載", "/postings/jobs/new", roles=_ORG, order=40),
    NavItem("求人情報一覧", "/postings/jobs", roles=_ORG, order=41),
    NavItem("求人情報の審査", "/admin/postings", roles=frozenset({"secretariat"}), order=12),
]

__all__ = ["MYPAGE", "NAV", "router", "seed_demo"]
