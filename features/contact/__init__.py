"""お問い合わせ: the public inquiry form, the front door of the secretariat's desk (000 §8.3 問い合わせ業務)."""

from app.navigation import NavItem
from app.slices import Slice
from features.contact.routes import router

SLICE = Slice("contact", router, nav=(NavItem("お問い合わせ", "contact:form", order=95),))

__all__ = ["SLICE"]
