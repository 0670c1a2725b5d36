"""セミナー: the secretariat's own 国際協力人材セミナー and 国際協力団体セミナー (seed 000 §6.2, §7.2):
planning, programme, speakers, counselors, registration with waiting lists, reminders, messages
and 出欠確認. Organizations' own seminars are postings (features/postings)."""

from app.slices import Slice
from features.seminars.routes import router

SLICE = Slice(
    "seminars",
    router,
    settings_section="seminars",  # reminder_days, verify_hours
)

__all__ = ["SLICE"]
