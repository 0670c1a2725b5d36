"""ライブラリ: the secretariat's document templates, manuals and 広報ツール with versions and a yearly review
(000 §8.5, §8.7)."""

from app.config import load_settings
from app.navigation import NavItem
from app.slices import ScheduledJob, Slice
from features.library import review, service
from features.library.demo import seed_demo
from features.library.routes import router

NAV = (NavItem("広報ツール", "library:pr_tools", order=88),)
MYPAGE = (
    NavItem("ライブラリ管理", "library:admin_list", roles=frozenset({"secretariat"}), order=66),
    NavItem("団体向け資料", "library:org_materials", roles=frozenset({"organization"}), order=50),
)
# The yearly review's list goes out on [library] review_cron (UTC), read once as the worker starts;
# the job is idempotent per day (the mail's Message-ID is keyed by the date).
JOBS = (
    ScheduledJob("mail_library_review", review.mail_review_list, cron=load_settings().library.review_cron),
    ScheduledJob("sweep_library_files", service.sweep_orphan_files, cron="40 20 * * *"),  # 05:40 JST
)

SLICE = Slice(
    "library",
    router,
    nav=NAV,
    mypage=MYPAGE,
    seed_demo=seed_demo,
    jobs=JOBS,
    settings_section="library",  # max_file_mb, review_months, review_cron, thumbnail_timeout_seconds
)

__all__ = ["SLICE"]
