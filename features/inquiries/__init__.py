"""問い合わせ対応: the secretariat's desk where every inquiry is a case, answered by mail and turned into FAQ
(000 §8.3)."""

from app.slices import Slice
from features.inquiries.routes import router

SLICE = Slice("inquiries", router)

__all__ = ["SLICE"]
