"""Every list is paginated: one Page shape for all of them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar
from urllib.parse import urlencode

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first_index(self) -> int:
        return 0 if self.total == 0 else (self.page - 1) * self.per_page + 1

    @property
    def last_index(self) -> int:
        return min(self.page * self.per_page, self.total)


def page_number(raw: str | int | None, default: int = 1, maximum: int = 100_000) -> int:
    """A page number from a query string; nonsense falls back to the first page."""
    try:
        value = int(str(raw).strip().translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    except (TypeError, ValueError):
        return default
    return min(max(value, 1), maximum)


def page_query(filters: Mapping[str, object], page: int) -> str:
    """The query string of page `page` of a list, for its pager and the URL htmx pushes.

    Every filter is kept; a multi-valued one (list/tuple) repeats its key, as the form sends it.
    Empty values are left out, so a route can pass its parsed filters as they are.
    """
    pairs: list[tuple[str, str]] = []
    for key, value in filters.items():
        for item in value if isinstance(value, (list, tuple)) else (value,):
            if item not in (None, "", False):
                pairs.append((key, str(item)))
    return urlencode([*pairs, ("page", str(page))])
