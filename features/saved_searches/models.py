"""The saved_searches slice's tables."""

from __future__ import annotations
