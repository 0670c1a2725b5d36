"""Addresses at the bounce domain that name one of our rows, signed so they cannot be forged: the
VERP envelope sender of every outbox row (bounce+<row>.<mac>@…) and tagged reply addresses
(<tag>+<value>.<mac>@…, e.g. an inquiry case's Reply-To). The bounce MX reads them back."""

from __future__ import annotations

import hashlib
import hmac
import re
from email.utils import parseaddr

from app.config import Settings


def bounce_domain(settings: Settings) -> str:
    return (
        settings.mail.bounce_domain
        or parseaddr(settings.mail.from_address)[1].rpartition("@")[2]
        or "partner.localhost"
    )


def _verp_mac(settings: Settings, mail_id: int) -> str:
    key = hashlib.sha256(f"verp:{settings.app.secret_key}".encode()).digest()
    return hmac.new(key, str(mail_id).encode(), hashlib.sha256).hexdigest()[:12]


def verp_sender(settings: Settings, mail_id: int) -> str:
    """The envelope sender (Return-Path) of outbox row `mail_id`: bounce+<row>.<mac>@<bounce domain>."""
    return f"bounce+{mail_id}.{_verp_mac(settings, mail_id)}@{bounce_domain(settings)}"


_VERP = re.compile(r"^bounce\+(\d{1,18})\.([0-9a-f]{12})@(.+)$", re.IGNORECASE)


def parse_verp(settings: Settings, address: str) -> int | None:
    """The outbox row a bounce's recipient address names, or None when it is not ours or forged."""
    match = _VERP.match(parseaddr(address)[1].strip().lower())
    if not match or match[3] != bounce_domain(settings).lower():
        return None
    mail_id = int(match[1])
    return mail_id if hmac.compare_digest(match[2], _verp_mac(settings, mail_id)) else None


def _tagged_mac(settings: Settings, tag: str, value: int) -> str:
    key = hashlib.sha256(f"{tag}-address:{settings.app.secret_key}".encode()).digest()
    return hmac.new(key, str(value).encode(), hashlib.sha256).hexdigest()[:12]


def signed_address(settings: Settings, tag: str, value: int) -> str:
    """An address at the bounce domain naming one of our rows, signed like the VERP:
    <tag>+<value>.<mac>@<bounce domain> (e.g. a case's Reply-To, "inquiry+12.3f…@…")."""
    return f"{tag}+{value}.{_tagged_mac(settings, tag, value)}@{bounce_domain(settings)}"


def parse_signed_address(settings: Settings, tag: str, address: str) -> int | None:
    """The value a signed_address names (the whole address or its local part), or None when it is
    not of this tag or its signature is wrong."""
    text = parseaddr(address)[1].strip().lower() or address.strip().lower()
    local, _, domain = text.rpartition("@") if "@" in text else (text, "", "")
    if domain and domain != bounce_domain(settings).lower():
        return None
    match = re.match(rf"^{re.escape(tag.lower())}\+(\d{{1,18}})\.([0-9a-f]{{12}})$", local)
    if not match:
        return None
    value = int(match[1])
    return value if hmac.compare_digest(match[2], _tagged_mac(settings, tag, value)) else None
