"""公募・公示: JICA's own recruitment notices (公募案件, 過去の公募案件, プレ公募情報), procurement
notices (公示案件) and 公募案件アクセス数 with its monthly report (seed 000 §5)."""

from app.navigation import NavItem
from app.slices import Slice
from features.recruitment.routes import router

# 公示案件 (routes_koji): the public 公示情報, the JICA account's entry, the secretariat's review.
KOJI_NAV = (NavItem("公示情報", "recruitment:koji_search", order=32),)
KOJI_MYPAGE = (
    NavItem("公示登録", "recruitment:koji_new", roles=frozenset({"organization"}), order=52),
    NavItem("公示一覧", "recruitment:koji_list", roles=frozenset({"organization"}), order=53),
    NavItem("公示の審査", "recruitment:koji_review_queue", roles=frozenset({"secretariat"}), order=16),
    NavItem("公示代理登録", "recruitment:koji_proxy_new", roles=frozenset({"secretariat"}), order=17),
)

SLICE = Slice(
    "recruitment",
    router,
    nav=KOJI_NAV,
    mypage=KOJI_MYPAGE,
    settings_section="recruitment",  # report_recipients, archive_after_days
)

__all__ = ["SLICE"]
