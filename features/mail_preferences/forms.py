"""Form parsing for メール配信設定: the checked categories, each one known."""

from __future__ import annotations

from features.mail_preferences.models import Category

FIELD = "categories"  # one checkbox per category, value = the Category value


class UnknownCategory(ValueError):
    """A value no checkbox on the form sends: a forged or stale request, not a typing mistake."""


def parse_switches(checked: list[str]) -> dict[Category, bool]:
    """Every category on or off: checked ones on, the rest off (an unchecked box sends nothing)."""
    known = {c.value for c in Category}
    if any(value not in known for value in checked):
        raise UnknownCategory(", ".join(sorted(set(checked) - known)))
    return {category: category.value in checked for category in Category}
