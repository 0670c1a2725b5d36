"""メール配信: the secretariat's segmented mailings with four-eyes approval, batched sending,
templates (000 §6.4, §7.4, §8.5.2)."""

from app.navigation import NavItem
from app.slices import QueuedTask, ScheduledJob, Slice
from features.mailings import demo_history, engine, service
from features.mailings.demo import seed_demo
from features.mailings.routes import router

_OFFICE = frozenset({"secretariat"})
MYPAGE = (
    NavItem("メール配信", "mailings:list", roles=_OFFICE, order=61),
    NavItem("メールテンプレート", "mailings:templates", roles=_OFFICE, order=62),
)

SLICE = Slice(
    "mailings",
    router,
    mypage=MYPAGE,
    seed_demo=seed_demo,
    person_erasers=(service.erase_recipient,),
    jobs=(ScheduledJob("send_due_mailings", engine.send_due_mailings, cron="* * * * *", timeout=120),),
    tasks=(QueuedTask(engine.STEP_TASK, engine.step),),
    settings_section="mailings",  # batch_size
    provides={
        "campaign_labels": engine.campaign_labels,  # the bounces page's rates per mailing
        "demo_history": demo_history.seed_history,  # app.demo: the 18 months of history
    },
)

__all__ = ["SLICE"]
