"""The partner_news slice's tables."""

from __future__ import annotations
