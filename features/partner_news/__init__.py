"""PARTNERニュース: the weekly issue assembled on Thursday, approved, sent on Friday; the public
back issues (000 §7.4.2)."""

from app.slices import Slice
from features.partner_news.routes import router

SLICE = Slice("partner_news", router, settings_section="partner_news")

__all__ = ["SLICE"]
