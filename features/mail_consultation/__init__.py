"""メール相談 (seed 000 §6.7): an individual's written question, answered with counselors and JICA
staff through the secretariat's queue, into the person's メールボックス; and the quarterly
メール相談利用アンケート (§6.8.1)."""

from app.navigation import NavItem
from app.slices import Slice
from features.mail_consultation import service
from features.mail_consultation.demo import seed_demo
from features.mail_consultation.routes import router

_INDIVIDUAL = frozenset({"individual"})
_SECRETARIAT = frozenset({"secretariat"})
_COUNSELOR = frozenset({"counselor"})

MYPAGE = (
    NavItem("メール相談", "mail_consultation:mine", roles=_INDIVIDUAL, order=28),
    NavItem("メール相談", "mail_consultation:queue", roles=_SECRETARIAT, order=40),
    NavItem("回答テンプレート", "mail_consultation:templates", roles=_SECRETARIAT, order=41),
    NavItem("担当メール相談", "mail_consultation:counselor_list", roles=_COUNSELOR, order=20),
)

SLICE = Slice(
    "mail_consultation",
    router,
    mypage=MYPAGE,
    seed_demo=seed_demo,
    person_erasers=(service.erase_cases,),
    settings_section="mail_consultation",  # target_business_days, body_max_chars
)

__all__ = ["SLICE"]
