"""The accounts slice's public face: all that other slices may use of it.

Accounts is the bottom slice: people (個人), organizations (団体) and staff, who they are and
whether they may be shown or may act. Functions here return plain values, enums, or rows that
other slices read only through the Protocols below (the attributes they may rely on); the
tables themselves stay inside this slice (tests/app/test_slice_contracts.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from features.accounts.activity import individuals_active_since  # the surveys
from features.accounts.audience import (
    AudienceMember,
    MergeValues,
    OrganizationCriteria,
    PersonCriteria,
    count_individuals,
    count_organizations,
    individual_members,
    merge_values,
    organization_members,
)
from features.accounts.counters import (  # the reports
    count_account_events,
    count_organization_figures,
    count_registrations,
)
from features.accounts.deceased import count_recorded as count_deaths_recorded  # the reports
from features.accounts.demo import DEMO_PASSWORD  # other slices' demo accounts log in with it too
from features.accounts.demo_history import HistoryParty, history_organizations, history_people  # demo history
from features.accounts.directory import (
    active_emails_of_users,
    age_band,
    codes_and_names,
    display_names,
    emails_of_users,
    findable,
    full_registrant_user_ids,
    individual_summaries,
    member_roles,
    organizations_by_user_ids,
    user_id_for_code,
    user_ids_for_codes,
)
from features.accounts.glance import (
    RegistrationGlance,
    counselors,
    registration_glance,
    secretariat_members,
)
from features.accounts.guards import approved_organization, jica_organization
from features.accounts.models import OrganizationStatus, OrganizationType, RegistrationKind, Role
from features.accounts.org_registration import EXPIRED_MESSAGE as ORGANIZATION_EXPIRED_MESSAGE
from features.accounts.org_registration import registration_current
from features.accounts.service import (
    active_organization,
    approved_organizations,
    individual_of,
    is_jica,
    is_verified_jocv,
    lock_organization,
    lock_user,
    may_browse_talent,
    may_request_expert_resume,
    normalize_email,
    organization_of,
    organizations_by_ids,
    set_jica,
    user_by_email,
    user_by_id,
)
from features.accounts.staff import create_staff


@dataclass(frozen=True)
class MypageNotice:
    """A banner on the person's mypage, answered by a higher slice to the hook "mypage_notices"."""

    text: str
    route: str = ""  # where the person acts on it (a route name without path parameters)
    link_label: str = ""


class OrganizationView(Protocol):
    """What another slice may read of an organization."""

    id: int
    user_id: int
    name: str
    org_type: str
    status: str
    url: str
    is_jica: bool


class PersonView(Protocol):
    """What another slice may read of an individual (the résumé PDF, the applicant's contact data)."""

    user_id: int
    registration_code: str
    kind: str
    family_name: str
    given_name: str
    family_name_kana: str
    given_name_kana: str
    family_name_roman: str
    given_name_roman: str
    birth_date: date
    prefecture: str
    postal_code: str
    address: str
    phone: str
    jocv_verified_at: datetime | None


class AccountView(Protocol):
    id: int
    email: str
    role: str
    status: str


__all__ = [
    "ORGANIZATION_EXPIRED_MESSAGE",
    "registration_current",
    "DEMO_PASSWORD",
    "AccountView",
    "AudienceMember",
    "MergeValues",
    "OrganizationCriteria",
    "PersonCriteria",
    "count_account_events",
    "count_deaths_recorded",
    "count_individuals",
    "count_organization_figures",
    "count_organizations",
    "count_registrations",
    "individual_members",
    "individuals_active_since",
    "merge_values",
    "organization_members",
    "MypageNotice",
    "OrganizationStatus",
    "OrganizationType",
    "OrganizationView",
    "PersonView",
    "RegistrationKind",
    "Role",
    "active_emails_of_users",
    "active_organization",
    "age_band",
    "approved_organization",
    "approved_organizations",
    "codes_and_names",
    "create_staff",
    "display_names",
    "counselors",
    "emails_of_users",
    "findable",
    "full_registrant_user_ids",
    "HistoryParty",
    "history_organizations",
    "history_people",
    "individual_of",
    "individual_summaries",
    "is_jica",
    "is_verified_jocv",
    "jica_organization",
    "lock_organization",
    "lock_user",
    "may_browse_talent",
    "may_request_expert_resume",
    "member_roles",
    "normalize_email",
    "organization_of",
    "organizations_by_ids",
    "organizations_by_user_ids",
    "RegistrationGlance",
    "registration_glance",
    "secretariat_members",
    "set_jica",
    "user_by_email",
    "user_by_id",
    "user_id_for_code",
    "user_ids_for_codes",
]
