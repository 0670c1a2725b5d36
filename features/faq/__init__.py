"""FAQ: questions and answers by category and audience, searchable, with 役に立ちましたか votes (000 §8.3.2)."""

from app.slices import Slice
from features.faq.routes import router

SLICE = Slice("faq", router)

__all__ = ["SLICE"]
