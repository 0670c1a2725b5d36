"""The consultation slice's public face: what reports and other slices may use of it."""

from __future__ import annotations

from features.consultation.counters import (  # the reports
    consulted_user_ids,
    count_consultation_figures,
    count_consultations,
    fiscal_year,
    fiscal_year_bounds,
)

__all__ = [
    "consulted_user_ids",
    "count_consultation_figures",
    "count_consultations",
    "fiscal_year",
    "fiscal_year_bounds",
]
