"""公募・公示: JICA's own recruitment notices (公募案件, 過去の公募案件, プレ公募情報), procurement
notices (公示案件) and 公募案件アクセス数 with its monthly report (seed 000 §5)."""

from app.navigation import NavItem
from app.slices import ScheduledJob, Slice
from features.recruitment import koubo
from features.recruitment.routes import router

# 公募案件 management. NavItem knows roles only, not the JICA flag: every organization sees these two
# entries and the jica_organization guard answers 403 to one that is not JICA.
_ORG = frozenset({"organization"})
_OFFICE = frozenset({"secretariat"})
MANAGE_MYPAGE = (
    NavItem("公募案件登録", "recruitment:manage_new", roles=_ORG, order=60),
    NavItem("公募一覧", "recruitment:manage_list", roles=_ORG, order=61),
    NavItem("公募の審査", "recruitment:admin_review_queue", roles=_OFFICE, order=13),
    NavItem("公募案件一覧", "recruitment:admin_koubo_list", roles=_OFFICE, order=14),
    NavItem("公募代理登録", "recruitment:admin_proxy_new", roles=_OFFICE, order=15),
    NavItem("公募種別", "recruitment:admin_types", roles=_OFFICE, order=16),
)
# Hourly: 選考終了, and 公募 whose deadline is archive_after_days behind, move to 過去の公募案件.
MANAGE_JOBS = (ScheduledJob("archive_koubo", koubo.archive_koubo, cron="7 * * * *", timeout=300),)

SLICE = Slice(
    "recruitment",
    router,
    mypage=MANAGE_MYPAGE,
    jobs=MANAGE_JOBS,
    organization_retirers=(koubo.stop_organization_koubo,),
    settings_section="recruitment",  # report_recipients, archive_after_days
)

__all__ = ["SLICE"]
