"""報告業務 (000 §8.2): the secretariat's weekly, monthly, quarterly and fiscal-year figures with
charts, built only from the counters the other slices publish, and the report documents."""

from app.config import load_settings
from app.navigation import NavItem
from app.slices import QueuedTask, ScheduledJob, Slice
from features.reports import documents
from features.reports.routes import router

MYPAGE = (NavItem("報告（主要な数値）", "reports:overview", roles=frozenset({"secretariat"}), order=90),)

SLICE = Slice(
    "reports",
    router,
    mypage=MYPAGE,
    # Hourly: builds the 週次・月次・四半期報告 that are due and not yet built (each once).
    jobs=(ScheduledJob("generate_due_reports", documents.generate_due_reports, cron=load_settings().reports.cron),),
    tasks=(QueuedTask(documents.BUILD_TASK, documents.build_document),),
    settings_section="reports",  # recipients, cron
)

__all__ = ["SLICE"]
