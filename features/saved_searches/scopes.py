"""Which search pages can be saved, by whom, how often, and how each one's new matches are found
(through the lower slices' api.py only)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from features.accounts.api import Role
from features.saved_searches.models import Frequency


@dataclass(frozen=True)
class Scope:
    key: str
    label: str  # the page's name, as the manual calls it
    route: str  # the search page (re-run link)
    role: str  # who may save it
    frequencies: tuple[Frequency, ...]


SCOPES = {
    scope.key: scope
    for scope in (
        Scope("jobs", "求人情報を探す", "postings:search", Role.INDIVIDUAL, (Frequency.DAILY, Frequency.WEEKLY)),
        Scope(
            "events",
            "研修・イベント・セミナー",
            "postings:events",
            Role.INDIVIDUAL,
            (Frequency.DAILY, Frequency.WEEKLY),
        ),
        Scope("koubo", "公募情報", "recruitment:koubo_search", Role.INDIVIDUAL, (Frequency.DAILY, Frequency.WEEKLY)),
        # Organizations get a weekly digest of newly findable people (000 §6.5).
        Scope("talent", "人材閲覧", "talent:search", Role.ORGANIZATION, (Frequency.WEEKLY,)),
    )
}

# Never part of a saved search: where the list stood, and how it was sorted.
_NOT_SAVED = {"page", "sort"}
MAX_QUERY = 2000


def canonical_query(params: dict | list[tuple[str, str]] | str) -> str:
    """The filters of a search as one stable query string: empty values, the page and the sort left out."""
    if isinstance(params, str):
        pairs = parse_qsl(params, keep_blank_values=False)
    elif isinstance(params, dict):
        pairs = []
        for name, value in params.items():
            values = value if isinstance(value, list | tuple) else [value]
            pairs.extend((name, str(v)) for v in values)
    else:
        pairs = list(params)
    kept = [(name, value) for name, value in pairs if name not in _NOT_SAVED and str(value).strip()]
    return urlencode(kept)[:MAX_QUERY]
