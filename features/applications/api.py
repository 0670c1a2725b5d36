"""The applications slice's public face: all that other slices may use of it.

The messages slice mails applicants through mailable_applicants (never a withdrawn or draft
application); the 応募件数 for the postings lists is provided by name in the SLICE.
"""

from __future__ import annotations

from features.applications.counters import count_applications  # the reports
from features.applications.service import Applicant, counts_by_posting, mailable_applicants

__all__ = ["Applicant", "count_applications", "counts_by_posting", "mailable_applicants"]
