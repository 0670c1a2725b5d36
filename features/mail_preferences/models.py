"""The mail_preferences slice's tables."""

from __future__ import annotations
