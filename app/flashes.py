"""One-time messages (flash) carried to the next page in a signed cookie of their own.

A redirecting POST that says 「保存しました」 used to change the session row (an UPDATE of web_session
after the handler's own transaction), and the page after it, popping the message, changed it again;
each change also outdated every process's kept session rows (app/sessions.py's generation). Now the
messages travel in this cookie and the session row is written only when the session itself changes.

The cookie is HMAC-signed with the application's secret and bound to the session it belongs to (the
id hash of the session the response leaves behind; "" for a visitor without one) and to the hour it
was set: a cookie forged, copied into another browser or session, or kept for later shows nothing.
It holds nothing secret (the messages the page is about to show). Messages too long for a cookie
stay in the session as before (app/sessions.py).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from app import clock
from app.config import Settings

MAX_VALUE = 3000  # bytes of the cookie's value; browsers keep at least 4,096 per cookie
MAX_AGE_SECONDS = 3600


class FlashCookie:
    def __init__(self, settings: Settings) -> None:
        self.secure = settings.security.secure_cookies
        self.name = "__Host-partner_flash" if self.secure else "partner_flash"
        self.key = hashlib.sha256(b"partner-flash\x00" + settings.app.secret_key.encode()).digest()

    def _mac(self, bound: str, payload: str) -> str:
        return hmac.new(self.key, f"{bound}.{payload}".encode(), hashlib.sha256).hexdigest()

    def read(self, value: str | None, bound: str) -> list[dict[str, str]]:
        """The messages in a cookie set for session `bound` within the hour; [] for anything else."""
        if not value:
            return []
        payload, _, mac = value.rpartition(".")
        if not payload or not hmac.compare_digest(mac, self._mac(bound, payload)):
            return []
        try:
            decoded = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            flashes, issued = decoded["f"], float(decoded["t"])
        except (ValueError, KeyError, TypeError):
            return []
        if not isinstance(flashes, list) or clock.now().timestamp() - issued > MAX_AGE_SECONDS:
            return []
        return [_clean(f) for f in flashes if isinstance(f, dict) and isinstance(f.get("message"), str)]

    def value(self, flashes: list[Any], bound: str) -> str | None:
        """The cookie's value for `flashes` in session `bound`; None when it would be too long."""
        body = json.dumps({"f": [_clean(f) for f in flashes], "t": int(clock.now().timestamp())}, ensure_ascii=False)
        payload = base64.urlsafe_b64encode(body.encode()).decode().rstrip("=")
        value = f"{payload}.{self._mac(bound, payload)}"
        return value if len(value) <= MAX_VALUE else None

    def header(self, value: str | None) -> str:
        """Set-Cookie for `value`, or one that removes the cookie (None)."""
        parts = [f"{self.name}={value or ''}", "Path=/", "HttpOnly", "SameSite=Lax"]
        if self.secure:
            parts.append("Secure")
        if value is None:
            parts.append("Max-Age=0")
        return "; ".join(parts)


def _clean(flash: Any) -> dict[str, str]:
    if not isinstance(flash, dict):
        return {"message": str(flash), "category": "success"}
    return {"message": str(flash.get("message", "")), "category": str(flash.get("category") or "success")}
