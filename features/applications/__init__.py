"""Applications: Web応募 with documents, 応募履歴 with 取り下げ, and the organization's 応募一覧・応募編集."""

from app.navigation import NavItem
from app.slices import Slice
from features.applications import service
from features.applications.routes import router

SLICE = Slice(
    "applications", router,
    mypage=(NavItem("応募履歴", "/mypage/applications", roles=frozenset({"individual"}), order=25),),
    person_erasers=(service.erase_applications,),
)

__all__ = ["SLICE"]
