"""メール配信: the secretariat's segmented mailings with four-eyes approval, batched sending,
templates (000 §6.4, §7.4, §8.5.2)."""

from app.slices import Slice
from features.mailings.routes import router

SLICE = Slice("mailings", router, settings_section="mailings")

__all__ = ["SLICE"]
