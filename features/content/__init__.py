"""コンテンツ: columns, features, 進路情報, guides and pages for individuals and organizations, with versions
and review (000 §6.3, §7.3)."""

from app.slices import Slice
from features.content.routes import router

SLICE = Slice("content", router)

__all__ = ["SLICE"]
