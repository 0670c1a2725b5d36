"""アンケート: the survey engine the secretariat's events and consultations use (issue 13 item 7):
the builder, target lists offered by higher slices, personal token links, reminders, results;
and the recurring 定期アンケート and the public 認知度アンケート (issue 16 item 3)."""

from litestar import Router

from app.navigation import NavItem
from app.slices import ScheduledJob, Slice
from features.surveys import invitations as engine_invitations
from features.surveys import programs, routes_answer, routes_awareness, routes_programs
from features.surveys.demo_programs import seed_demo
from features.surveys.routes import router as engine_router

_SECRETARIAT = frozenset({"secretariat"})

MYPAGE = (
    NavItem("アンケート", "surveys:admin_list", roles=_SECRETARIAT, order=40),
    NavItem("定期アンケート・認知度アンケート", "surveys:admin_programs", roles=_SECRETARIAT, order=41),
)
JOBS = (
    # Hourly: reminders to non-respondents (each reminder number once per person).
    ScheduledJob("send_survey_reminders", engine_invitations.send_reminders, cron="17 * * * *", timeout=300),
    # Daily at 00:40 UTC (09:40 in Japan): the 定期アンケート rounds whose day has come, each once.
    ScheduledJob("open_survey_program_rounds", programs.open_due_rounds, cron="40 0 * * *", timeout=600),
)

router = Router(
    path="/",
    route_handlers=[engine_router, *routes_answer.ROUTES, *routes_programs.ROUTES, *routes_awareness.ROUTES],
)

SLICE = Slice(
    "surveys",
    router,
    mypage=MYPAGE,
    jobs=JOBS,
    seed_demo=seed_demo,
    person_erasers=(engine_invitations.erase_invitations,),
    settings_section="surveys",
    provides={"survey_audiences": programs.survey_audiences, "survey_recipients": programs.survey_recipients},
)

__all__ = ["SLICE"]
