"""The mail_preferences slice's public face: all that other slices may use of it."""

from __future__ import annotations

__all__: list[str] = []
