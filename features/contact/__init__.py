"""お問い合わせ: the public inquiry form to the secretariat (000 §8.3 問い合わせ業務)."""

from app.navigation import NavItem
from app.slices import Slice
from features.contact.demo import seed_demo
from features.contact.routes import router

SLICE = Slice("contact", router, nav=(NavItem("お問い合わせ", "contact:form", order=95),), seed_demo=seed_demo)

__all__ = ["SLICE"]
