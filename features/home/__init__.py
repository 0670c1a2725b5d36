"""トップページと事務局からのお知らせ (the secretariat's news on the top page)."""

from app.navigation import NavItem
from app.slices import Slice
from features.home.demo import seed_demo
from features.home.newsfeed import partner_news_section
from features.home.routes import router

NAV = (
    NavItem("トップ", "home:index", order=0),
    NavItem("事務局からのお知らせ", "home:news_list", order=90),
)

SLICE = Slice(
    "home",
    router,
    nav=NAV,
    seed_demo=seed_demo,
    provides={"partner_news_sections": partner_news_section},  # 事務局からのお知らせ in PARTNERニュース
)

__all__ = ["SLICE"]
