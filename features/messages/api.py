"""The messages slice's public face: what other (higher) slices may use of it."""

from __future__ import annotations

from features.messages.counters import count_offers  # the reports
from features.messages.service import SECRETARIAT_NAME, deliver_from_secretariat

__all__ = ["SECRETARIAT_NAME", "count_offers", "deliver_from_secretariat"]
