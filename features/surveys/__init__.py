"""アンケート: the survey engine the secretariat's events and consultations use (issue 13 item 7):
the builder, target lists offered by higher slices, personal token links, reminders, results."""

from app.navigation import NavItem
from app.slices import ScheduledJob, Slice
from features.surveys import service
from features.surveys.demo import seed_demo
from features.surveys.routes import router

_SECRETARIAT = frozenset({"secretariat"})

MYPAGE = (NavItem("アンケート", "surveys:admin_list", roles=_SECRETARIAT, order=40),)
JOBS = (
    # Hourly: reminders to non-respondents (each reminder number once per person).
    ScheduledJob("send_survey_reminders", service.send_reminders, cron="17 * * * *", timeout=300),
)

SLICE = Slice(
    "surveys",
    router,
    mypage=MYPAGE,
    jobs=JOBS,
    seed_demo=seed_demo,
    person_erasers=(service.erase_invitations,),
)

__all__ = ["SLICE"]
