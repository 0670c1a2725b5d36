"""公募・公示: JICA's own recruitment notices (公募案件, 過去の公募案件, プレ公募情報), procurement
notices (公示案件) and 公募案件アクセス数 with its monthly report (seed 000 §5)."""

from app.navigation import NavItem
from app.slices import ScheduledJob, Slice
from features.recruitment import report
from features.recruitment.routes import router

# public pages (公募情報) and the secretariat's 公募案件アクセス数
PUBLIC_NAV = (NavItem("公募情報", "recruitment:koubo_search", order=15),)
REPORT_MYPAGE = (
    NavItem("公募案件アクセス数", "recruitment:access_report", roles=frozenset({"secretariat"}), order=65),
)
# Daily at 00:30 UTC (09:30 in Japan); it acts only on the first working day of the month.
REPORT_JOBS = (ScheduledJob("mail_koubo_access_report", report.send_monthly_report, cron="30 0 * * *"),)

SLICE = Slice(
    "recruitment",
    router,
    nav=PUBLIC_NAV,
    mypage=REPORT_MYPAGE,
    jobs=REPORT_JOBS,
    settings_section="recruitment",  # report_recipients, archive_after_days
)

__all__ = ["SLICE"]
