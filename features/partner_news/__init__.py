"""PARTNERニュース: the weekly issue assembled on Thursday, approved, sent on Friday; the public
back issues (000 §7.4.2)."""

from app.config import load_settings
from app.navigation import NavItem
from app.slices import ScheduledJob, Slice
from features.partner_news import assembly, sending
from features.partner_news.demo import seed_demo
from features.partner_news.routes import router
from features.partner_news.schedule import weekly_cron_utc

MYPAGE = (NavItem("PARTNERニュース", "partner_news:admin_list", roles=frozenset({"secretariat"}), order=65),)

# The cron lines follow [partner_news] (Japan time), read once per process as the worker starts.
# Each job also checks the time itself, so a run at any other moment does only what is due.
_config = load_settings().partner_news
JOBS = (
    ScheduledJob(
        "assemble_partner_news",
        assembly.assemble_weekly_issue,
        cron=weekly_cron_utc(_config.assemble_weekday, _config.assemble_time),
    ),
    ScheduledJob(
        "send_partner_news",
        sending.send_due_issues,
        cron=weekly_cron_utc(_config.send_weekday, _config.send_time),
    ),
)

SLICE = Slice(
    "partner_news",
    router,
    mypage=MYPAGE,
    seed_demo=seed_demo,
    jobs=JOBS,
    settings_section="partner_news",  # send_weekday/send_time, assemble_weekday/assemble_time (Japan time)
)

__all__ = ["SLICE"]
