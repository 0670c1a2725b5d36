"""公募・公示: JICA's own recruitment notices (公募案件, 過去の公募案件, プレ公募情報), procurement
notices (公示案件) and 公募案件アクセス数 with its monthly report (seed 000 §5)."""

from app.navigation import NavItem
from app.slices import ScheduledJob, Slice
from features.recruitment import applying
from features.recruitment.routes import router

SLICE = Slice(
    "recruitment",
    router,
    mypage=(NavItem("公募の応募状況", "recruitment:my_applications", roles=frozenset({"individual"}), order=26),),
    person_erasers=(applying.erase_applications,),
    # Daily, in UTC (05:00 in Japan): 公募 application documents no row points to.
    jobs=(ScheduledJob("sweep_koubo_application_files", applying.sweep_orphan_files, cron="0 20 * * *"),),
    settings_section="recruitment",  # report_recipients, archive_after_days
)

__all__ = ["SLICE"]
