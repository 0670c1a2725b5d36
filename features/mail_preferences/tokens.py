"""Signed one-click unsubscribe tokens: stateless, one per (recipient, category).

A token is `<category letter><user id>-<mac>`, the mac an HMAC-SHA256 of both under a key derived
from the app's secret key, base32 (24 characters, 120 bits). Only lower-case letters, digits and
one hyphen: it travels in a URL path and in the local part of a mailto address
(unsubscribe+TOKEN@…), and mail systems may fold an address's case — base64url would not survive
that, base32 does. Changing the secret key invalidates every token ever mailed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

from app.config import Settings
from features.mail_preferences.models import Category

_LETTERS = {Category.GUIDE: "g", Category.NEWS: "n", Category.ALERTS: "a"}
_CATEGORIES = {letter: category for category, letter in _LETTERS.items()}
_TOKEN = re.compile(r"^([gna])([1-9][0-9]{0,17})-([a-z2-7]{24})$")


def _mac(settings: Settings, user_id: int, category: Category) -> str:
    key = hashlib.sha256(f"unsubscribe:{settings.app.secret_key}".encode()).digest()
    digest = hmac.new(key, f"{user_id}:{category.value}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:15]).decode().lower()


def make_token(settings: Settings, user_id: int, category: Category) -> str:
    return f"{_LETTERS[category]}{user_id}-{_mac(settings, user_id, category)}"


def read_token(settings: Settings, token: str) -> tuple[int, Category] | None:
    """(user id, category) that `token` was made for, or None when it is malformed or forged."""
    match = _TOKEN.match(token.strip().lower()) if len(token) <= 64 else None
    if match is None:
        return None
    category, user_id = _CATEGORIES[match[1]], int(match[2])
    if not hmac.compare_digest(match[3], _mac(settings, user_id, category)):
        return None
    return user_id, category
