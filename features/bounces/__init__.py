"""不達メールアドレス: VERP bounces received by SMTP or maildir, parsed, scored; suppressed addresses (000 §8.4)."""

from app.slices import Slice
from features.bounces.routes import router

SLICE = Slice("bounces", router, settings_section="bounces")

__all__ = ["SLICE"]
