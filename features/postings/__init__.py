"""Postings: 求人情報, 研修・イベント・セミナー情報 and 団体からのお知らせ — 一時保存・プレビュー・確認,
the secretariat's review, scheduled publication, 修正・コピー・掲載中止, and the public pages."""

from app.navigation import NavItem
from app.slices import ScheduledJob, Slice
from features.postings import demo_history, service
from features.postings.demo import seed_demo
from features.postings.routes import router

_ORG = frozenset({"organization"})
NAV = (
    NavItem("求人情報を探す", "postings:search", order=10),
    NavItem("研修・イベント・セミナー", "postings:events", order=20),
    NavItem("団体からのお知らせ", "postings:notices", order=85),
)
MYPAGE = (
    NavItem("求人情報掲載", "postings:new", roles=_ORG, order=40, params=(("slug", "jobs"),)),
    NavItem("求人情報一覧", "postings:list", roles=_ORG, order=41, params=(("slug", "jobs"),)),
    NavItem("研修・イベント・セミナー情報掲載", "postings:new", roles=_ORG, order=42, params=(("slug", "events"),)),
    NavItem("研修・イベント・セミナー情報一覧", "postings:list", roles=_ORG, order=43, params=(("slug", "events"),)),
    NavItem("お知らせ情報登録", "postings:new", roles=_ORG, order=44, params=(("slug", "notices"),)),
    NavItem("お知らせ一覧", "postings:list", roles=_ORG, order=45, params=(("slug", "notices"),)),
    NavItem("掲載の審査", "postings:review_queue", roles=frozenset({"secretariat"}), order=12),
)

# Every minute: note approved postings whose 掲載希望日時 has come and tell their organizations.
JOBS = (ScheduledJob("publish_due_postings", service.mark_published, cron="* * * * *", timeout=120),)

SLICE = Slice(
    "postings",
    router,
    nav=NAV,
    mypage=MYPAGE,
    seed_demo=seed_demo,
    jobs=JOBS,
    organization_retirers=(service.withdraw_organization_postings,),
    provides={"demo_history": demo_history.seed_history},  # app.demo: the 18 months of history
)

__all__ = ["SLICE"]
