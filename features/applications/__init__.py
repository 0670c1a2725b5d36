"""Applications: Web応募 with documents, 応募履歴 with 取り下げ, and the organization's 応募一覧・応募編集."""

from app.navigation import NavItem
from app.slices import ScheduledJob, Slice
from features.applications import demo_history, service
from features.applications.routes import router

SLICE = Slice(
    "applications",
    router,
    mypage=(NavItem("応募履歴", "applications:history", roles=frozenset({"individual"}), order=25),),
    person_erasers=(service.erase_applications,),
    # Daily, in UTC (04:30 and 04:45 in Japan): documents nobody may keep any longer.
    jobs=(
        ScheduledJob("delete_withdrawn_documents", service.delete_withdrawn_documents, cron="30 19 * * *"),
        ScheduledJob("sweep_orphan_files", service.sweep_orphan_files, cron="45 19 * * *"),
    ),
    provides={
        "application_counts": service.counts_by_posting,
        "demo_history": demo_history.seed_history,  # app.demo: the 18 months of history
    },
    settings_section="applications",  # withdrawn_document_retention_days  # 応募件数 on the postings lists
)

__all__ = ["SLICE"]
