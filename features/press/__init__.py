"""プレスルーム: organizations' press releases, reviewed by the secretariat and published (000 §7.5)."""

from app.navigation import NavItem
from app.slices import Slice
from features.press import public, service
from features.press.demo import seed_demo
from features.press.routes import router

NAV = (NavItem("プレスルーム", "press:list", order=86),)
MYPAGE = (
    NavItem("プレスリリース", "press:mine", roles=frozenset({"organization"}), order=46),
    NavItem("プレスリリースの審査", "press:admin_list", roles=frozenset({"secretariat"}), order=22),
)

SLICE = Slice(
    "press",
    router,
    nav=NAV,
    mypage=MYPAGE,
    seed_demo=seed_demo,
    organization_retirers=(service.retire_organization,),
    # The 登録団体一覧 (features/accounts) shows each organization's releases: asked, not imported.
    provides={"organization_press_releases": public.organization_press_releases},
)

__all__ = ["SLICE"]
