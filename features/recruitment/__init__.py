"""公募・公示: JICA's own recruitment notices (公募案件, 過去の公募案件, プレ公募情報), procurement
notices (公示案件) and 公募案件アクセス数 with its monthly report (seed 000 §5)."""

from app.navigation import JICA, NavItem
from app.slices import ScheduledJob, Slice
from features.recruitment import applying, demo_history, koubo, prekoubo, publication, report
from features.recruitment.demo import seed_demo
from features.recruitment.routes import router

_INDIVIDUAL = frozenset({"individual"})
_JICA = frozenset({JICA})  # the organization the secretariat marked as JICA (JICA指定)
_SECRETARIAT = frozenset({"secretariat"})

NAV = (
    NavItem("公募情報", "recruitment:koubo_search", order=15),
    NavItem("公示情報", "recruitment:koji_search", order=32),
)
MYPAGE = (
    NavItem("公募の応募状況", "recruitment:my_applications", roles=_INDIVIDUAL, order=26),
    NavItem("公募案件登録", "recruitment:manage_new", roles=_JICA, order=60),
    NavItem("公募一覧", "recruitment:manage_list", roles=_JICA, order=61),
    NavItem("公募の審査", "recruitment:admin_review_queue", roles=_SECRETARIAT, order=13),
    NavItem("公募案件一覧", "recruitment:admin_koubo_list", roles=_SECRETARIAT, order=14),
    NavItem("公募代理登録", "recruitment:admin_proxy_new", roles=_SECRETARIAT, order=15),
    NavItem("公募種別", "recruitment:admin_types", roles=_SECRETARIAT, order=16),
    NavItem("公募案件アクセス数", "recruitment:access_report", roles=_SECRETARIAT, order=66),
    NavItem("プレ公募登録", "recruitment:pre_new", roles=_JICA, order=62),
    NavItem("プレ公募一覧", "recruitment:pre_own_list", roles=_JICA, order=63),
    NavItem("プレ公募の審査", "recruitment:pre_review_queue", roles=_SECRETARIAT, order=17),
    NavItem("プレ公募代理登録", "recruitment:pre_proxy_new", roles=_SECRETARIAT, order=18),
    NavItem("公示登録", "recruitment:koji_new", roles=_JICA, order=64),
    NavItem("公示一覧", "recruitment:koji_list", roles=_JICA, order=65),
    NavItem("公示の審査", "recruitment:koji_review_queue", roles=_SECRETARIAT, order=19),
    NavItem("公示代理登録", "recruitment:koji_proxy_new", roles=_SECRETARIAT, order=20),
)
JOBS = (
    # Every minute: note 公募 that have just become public and mail the followers of their プレ公募.
    ScheduledJob("publish_due_koubo", publication.mark_published, cron="* * * * *", timeout=120),
    # Hourly: 選考終了, and 公募 whose deadline is archive_after_days behind, move to 過去の公募案件.
    ScheduledJob("archive_koubo", koubo.archive_koubo, cron="7 * * * *", timeout=300),
    # Daily at 00:30 UTC (09:30 in Japan); from the first working day of the month on, once a month.
    ScheduledJob("mail_koubo_access_report", report.send_monthly_report, cron="30 0 * * *"),
    # Daily, in UTC (05:00 in Japan): 公募 application documents no row points to.
    ScheduledJob("sweep_koubo_application_files", applying.sweep_orphan_files, cron="0 20 * * *"),
)

SLICE = Slice(
    "recruitment",
    router,
    nav=NAV,
    mypage=MYPAGE,
    jobs=JOBS,
    person_erasers=(applying.erase_applications, prekoubo.erase_follows),
    organization_retirers=(koubo.stop_organization_koubo,),
    seed_demo=seed_demo,
    settings_section="recruitment",  # report_recipients, archive_after_days
    provides={"demo_history": demo_history.seed_history},  # app.demo: the 18 months of history
)

__all__ = ["SLICE"]
