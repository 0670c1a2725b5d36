"""メール相談 (seed 000 §6.7): an individual's written question, answered with counselors and JICA
staff through the secretariat's queue, into the person's メールボックス; and the quarterly
メール相談利用アンケート (§6.8.1)."""

from app.navigation import NavItem
from app.slices import ScheduledJob, Slice
from features.mail_consultation import demo_history, erasure, survey
from features.mail_consultation.demo import seed_demo
from features.mail_consultation.routes import router

_INDIVIDUAL = frozenset({"individual"})
_SECRETARIAT = frozenset({"secretariat"})
_COUNSELOR = frozenset({"counselor"})

MYPAGE = (
    NavItem("メール相談", "mail_consultation:mine", roles=_INDIVIDUAL, order=28),
    NavItem("メール相談", "mail_consultation:queue", roles=_SECRETARIAT, order=40),
    NavItem("回答テンプレート", "mail_consultation:templates", roles=_SECRETARIAT, order=41),
    NavItem("担当メール相談", "mail_consultation:counselor_list", roles=_COUNSELOR, order=20),
)

JOBS = (
    # Daily at 01:10 UTC (10:10 in Japan): from the first day of a quarter on, once, the
    # メール相談利用アンケート for the previous quarter.
    ScheduledJob("send_mail_consultation_survey", survey.send_quarter_survey, cron="10 1 * * *"),
    # Daily, in UTC (05:30 in Japan): attachments no case points to.
    ScheduledJob("sweep_mail_consultation_files", erasure.sweep_orphan_attachments, cron="30 20 * * *"),
)

SLICE = Slice(
    "mail_consultation",
    router,
    mypage=MYPAGE,
    seed_demo=seed_demo,
    jobs=JOBS,
    person_erasers=(erasure.erase_cases,),
    provides={
        "survey_audiences": survey.survey_audiences,
        "survey_recipients": survey.survey_recipients,
        "demo_history": demo_history.seed_history,  # app.demo: the 18 months of history
    },
    settings_section="mail_consultation",  # target_business_days, body_max_chars
)

__all__ = ["SLICE"]
