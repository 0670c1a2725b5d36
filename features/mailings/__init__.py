"""メール配信: the secretariat's segmented mailings with four-eyes approval, batched sending,
templates (000 §6.4, §7.4, §8.5.2)."""

from app.slices import QueuedTask, ScheduledJob, Slice
from features.mailings import engine, service
from features.mailings.routes import router

SLICE = Slice(
    "mailings",
    router,
    person_erasers=(service.erase_recipient,),
    jobs=(ScheduledJob("send_due_mailings", engine.send_due_mailings, cron="* * * * *", timeout=120),),
    tasks=(QueuedTask(engine.STEP_TASK, engine.step),),
    settings_section="mailings",  # batch_size
    provides={"campaign_labels": engine.campaign_labels},  # the bounces page's rates per mailing
)

__all__ = ["SLICE"]
