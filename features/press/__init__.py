"""プレスルーム: organizations' press releases, reviewed by the secretariat and published (000 §7.5)."""

from app.slices import Slice
from features.press.routes import router

SLICE = Slice("press", router)

__all__ = ["SLICE"]
