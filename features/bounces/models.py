"""The bounces slice's tables."""

from __future__ import annotations
