"""コンテンツ: columns, features, 進路情報, guides and pages for individuals and organizations, with versions
and review (000 §6.3, §7.3)."""

from app.navigation import NavItem
from app.slices import ScheduledJob, Slice
from features.content import service
from features.content.demo import seed_demo
from features.content.routes import router

NAV = (
    NavItem("個人の方へ", "content:for_individuals", order=5),
    NavItem("団体の方へ", "content:for_organizations", order=6),
)
MYPAGE = (NavItem("コンテンツ管理", "content:admin_list", roles=frozenset({"secretariat"}), order=66),)
# 公開予定 articles go 公開中 within five minutes of their time (the job checks the time itself).
JOBS = (ScheduledJob("publish_due_content", service.publish_due, cron="*/5 * * * *", timeout=120),)

SLICE = Slice("content", router, nav=NAV, mypage=MYPAGE, seed_demo=seed_demo, jobs=JOBS)

__all__ = ["SLICE"]
