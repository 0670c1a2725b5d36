"""問い合わせ対応: the secretariat's desk where every inquiry is a case, answered by mail and turned into FAQ
(000 §8.3)."""

from litestar import Router

from app.navigation import NavItem
from app.slices import Slice
from features.inquiries import demo_history, inbound, routes, routes_office, service
from features.inquiries.demo import seed_demo

_SECRETARIAT = frozenset({"secretariat"})
MYPAGE = (
    NavItem("問い合わせ対応", "inquiries:desk", roles=_SECRETARIAT, order=42),
    NavItem("問い合わせ集計", "inquiries:stats", roles=_SECRETARIAT, order=43),
)

router = Router(
    path="",
    route_handlers=[
        routes.list_cases,
        routes_office.show_stats,  # before the case route: /admin/inquiries/stats is no case id anyway
        routes.show_case,
        routes.start_case,
        routes.close_case,
        routes.reopen_case,
        routes.assign_case,
        routes.reply_case,
        routes.add_received_mail,
        routes.add_note,
        routes.make_faq,
        *routes_office.TEMPLATE_ROUTES,
    ],
)

SLICE = Slice(
    "inquiries",
    router,
    mypage=MYPAGE,
    seed_demo=seed_demo,
    person_erasers=(service.erase_cases,),
    settings_section="inquiries",  # target_business_days
    provides={
        "inbound_reply": inbound.inbound_reply,  # reply mails to inquiry+<case>.<mac>@ (features/bounces)
        "demo_history": demo_history.seed_history,  # app.demo: the 18 months of history
    },
)

__all__ = ["SLICE"]
