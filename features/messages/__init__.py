"""PARTNER mail: オファーメール, 連絡メール and 採用通知メール, テンプレート, and the メールボックス."""

from app.navigation import NavItem
from features.messages.demo import seed_demo
from features.messages.routes import router

MYPAGE = [
    NavItem("メールボックス", "/mailbox", roles=frozenset({"organization", "individual"}), order=30),
    NavItem("メールテンプレート", "/mail/templates", roles=frozenset({"organization"}), order=31),
]

__all__ = ["MYPAGE", "router", "seed_demo"]
