"""対面相談 (seed 000 §6.6): counselors publish consultation slots, 国際協力人材登録 registrants book
them, counselors keep a 相談記録 (§8.1.2: the counselor role), and once a year the
キャリア相談フォローアンケート (§6.8.2) goes to the people who consulted."""

from app.navigation import NavItem
from app.slices import ScheduledJob, Slice
from features.consultation import demo_history, followup, mails, service
from features.consultation.demo import seed_demo
from features.consultation.routes import router

_INDIVIDUAL = frozenset({"individual"})
_COUNSELOR = frozenset({"counselor"})
_SECRETARIAT = frozenset({"secretariat"})

NAV = (NavItem("対面相談", "consultation:slots", order=40),)
MYPAGE = (
    NavItem("相談予約", "consultation:mine", roles=_INDIVIDUAL, order=27),
    NavItem("相談枠の管理", "consultation:counselor_slots", roles=_COUNSELOR, order=10),
    NavItem("相談予約一覧", "consultation:counselor_bookings", roles=_COUNSELOR, order=11),
    NavItem("対面相談", "consultation:admin", roles=_SECRETARIAT, order=40),
)
JOBS = (
    # Hourly: reminders for tomorrow's consultations (Japan time), once per booking and time.
    ScheduledJob("remind_consultations", mails.send_reminders, cron="5 * * * *", timeout=300),
    # Daily at 00:20 UTC (09:20 in Japan); on [consultation] followup_survey_month_day, once a year.
    ScheduledJob("send_consultation_followup_survey", followup.send_followup_survey, cron="20 0 * * *"),
)

SLICE = Slice(
    "consultation",
    router,
    nav=NAV,
    mypage=MYPAGE,
    jobs=JOBS,
    person_erasers=(service.erase_person,),
    seed_demo=seed_demo,
    settings_section="consultation",
    provides={
        "survey_audiences": followup.survey_audiences,
        "survey_recipients": followup.survey_recipients,
        "demo_history": demo_history.seed_history,  # app.demo: the 18 months of history
    },  # cancel_until_hours, followup_survey_month_day, sheet_max_length
)

__all__ = ["SLICE"]
