"""セミナー: the secretariat's own 国際協力人材セミナー and 国際協力団体セミナー (seed 000 §6.2, §7.2):
planning, programme, speakers, counselors, registration with waiting lists, reminders, messages
and 出欠確認. Organizations' own seminars are postings (features/postings)."""

from app.navigation import NavItem
from app.slices import ScheduledJob, Slice
from features.seminars import demo_history, followup, messaging, service
from features.seminars.demo import seed_demo
from features.seminars.routes import router

_PARTICIPANTS = frozenset({"individual", "organization"})
_SECRETARIAT = frozenset({"secretariat"})

NAV = (NavItem("セミナー", "seminars:list", order=34),)
MYPAGE = (
    NavItem("セミナー申込", "seminars:my_registrations", roles=_PARTICIPANTS, order=27),
    NavItem("セミナー管理", "seminars:admin_list", roles=_SECRETARIAT, order=21),
)
JOBS = (
    # Every 15 minutes: the reminders now due (seminar.reminder_days before the start), each once.
    ScheduledJob("send_seminar_reminders", messaging.send_reminders, cron="*/15 * * * *", timeout=300),
    # Hourly: 受付終了 when the 申込期間 has ended, 開催済 when the seminar has.
    ScheduledJob("close_due_seminars", service.close_due_seminars, cron="5 * * * *", timeout=300),
    # Daily at 01:00 UTC (10:00 in Japan): the survey of the seminars held up to yesterday, to their attendees.
    ScheduledJob("send_seminar_surveys", followup.send_due_surveys, cron="0 1 * * *", timeout=600),
)

SLICE = Slice(
    "seminars",
    router,
    nav=NAV,
    mypage=MYPAGE,
    jobs=JOBS,
    seed_demo=seed_demo,
    settings_section="seminars",  # reminder_days, verify_hours
    # The survey builder's target lists: the attendees of a held seminar.
    provides={
        "survey_audiences": followup.survey_audiences,
        "survey_recipients": followup.survey_recipients,
        "demo_history": demo_history.seed_history,  # app.demo: the 18 months of history
    },
)

__all__ = ["SLICE"]
