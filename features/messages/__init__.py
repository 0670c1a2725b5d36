"""PARTNER mail: オファーメール, 連絡メール and 採用通知メール, テンプレート, and the メールボックス."""

from app.navigation import NavItem
from app.slices import Slice
from features.messages import demo_history, service
from features.messages.demo import seed_demo
from features.messages.routes import router

MYPAGE = (
    NavItem("メールボックス", "messages:box", roles=frozenset({"organization", "individual"}), order=30),
    NavItem("メールテンプレート", "messages:templates", roles=frozenset({"organization"}), order=31),
)

SLICE = Slice(
    "messages",
    router,
    mypage=MYPAGE,
    seed_demo=seed_demo,
    person_erasers=(service.erase_person_mail,),
    organization_retirers=(service.erase_organization_templates,),
    provides={
        "correspondence": service.correspondence,  # for 人材詳細 and 応募編集
        "demo_history": demo_history.seed_history,  # app.demo: the 18 months of history
    },
)

__all__ = ["SLICE"]
