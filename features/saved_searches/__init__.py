"""メールサービス: saved searches with 毎日/毎週 alerts of new matches (000 §6.5)."""

from app.slices import Slice
from features.saved_searches.routes import router

SLICE = Slice("saved_searches", router, settings_section="saved_searches")

__all__ = ["SLICE"]
