"""メール配信設定: each user's 案内メール / PARTNERニュース / 新着情報のお知らせ switches and the RFC 8058
one-click unsubscribe."""

from app.navigation import NavItem
from app.slices import Slice
from features.mail_preferences import demo_history, service
from features.mail_preferences.demo import seed_demo
from features.mail_preferences.routes import router

_MEMBERS = frozenset({"individual", "organization"})

MYPAGE = (NavItem("メール配信設定", "mail_preferences:edit", roles=_MEMBERS, order=90),)

SLICE = Slice(
    "mail_preferences",
    router,
    mypage=MYPAGE,
    seed_demo=seed_demo,
    person_erasers=(service.erase_preferences,),
    # For the bounce MX (features/bounces): mail to unsubscribe+TOKEN@<bounce domain>.
    provides={
        "unsubscribe_by_mail": service.unsubscribe_by_mail,
        "demo_history": demo_history.seed_history,  # app.demo: the 18 months of history
    },
    settings_section="mail_preferences",  # guide_default, news_default_individual / _organization, alerts_default
)

__all__ = ["SLICE"]
