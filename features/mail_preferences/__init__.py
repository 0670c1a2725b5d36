"""メール配信設定: each user's 案内メール / PARTNERニュース / 新着情報のお知らせ switches and the RFC 8058 one-click
unsubscribe."""

from app.slices import Slice
from features.mail_preferences.routes import router

SLICE = Slice("mail_preferences", router, settings_section="mail_preferences")

__all__ = ["SLICE"]
