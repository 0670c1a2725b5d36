"""The talent slice's public face: all that other slices may use of it.

Who an organization may see (one rule: visible_user_ids), the 履歴書PDF an organization is
given, and the audit row each view of a person writes.
"""

from __future__ import annotations

from features.talent.alerts import TalentCard, matching_user_ids, talent_cards
from features.talent.audience import ResumeCriteria, audience_members, count_audience
from features.talent.service import has_expert_resume, record_view, resume_pdf_for_organization, visible_user_ids

__all__ = [
    "ResumeCriteria",
    "TalentCard",
    "audience_members",
    "count_audience",
    "has_expert_resume",
    "matching_user_ids",
    "talent_cards",
    "record_view",
    "resume_pdf_for_organization",
    "visible_user_ids",
]
