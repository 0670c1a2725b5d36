"""公募・公示: JICA's own recruitment notices (公募案件, 過去の公募案件, プレ公募情報), procurement
notices (公示案件) and 公募案件アクセス数 with its monthly report (seed 000 §5)."""

from app.navigation import NavItem
from app.slices import ScheduledJob, Slice
from features.recruitment import applying, report
from features.recruitment.routes import router

_INDIVIDUAL = frozenset({"individual"})
_SECRETARIAT = frozenset({"secretariat"})

NAV = (NavItem("公募情報", "recruitment:koubo_search", order=15),)
MYPAGE = (
    NavItem("公募の応募状況", "recruitment:my_applications", roles=_INDIVIDUAL, order=26),
    NavItem("公募案件アクセス数", "recruitment:access_report", roles=_SECRETARIAT, order=65),
)
JOBS = (
    # Daily at 00:30 UTC (09:30 in Japan); it acts only on the first working day of the month.
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
    person_erasers=(applying.erase_applications,),
    settings_section="recruitment",  # report_recipients, archive_after_days
)

__all__ = ["SLICE"]
