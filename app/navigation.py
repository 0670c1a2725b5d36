"""Role-aware navigation: each slice declares its entries in its SLICE; the layout shows the ones that fit."""

from __future__ import annotations

from dataclasses import dataclass

ANONYMOUS = "anonymous"
# Not a login role but a standing an organization may hold (JICA itself, set by the secretariat):
# mypage entries for it are shown to that organization only.
JICA = "jica"


@dataclass(frozen=True)
class NavItem:
    label: str
    route: str  # a route name ("slice:action"); templates build the path with url_for
    roles: frozenset[str] | None = None  # None: everyone
    order: int = 100
    params: tuple[tuple[str, str], ...] = ()  # path parameters of the route, e.g. (("kind", "individual"),)

    @property
    def path_params(self) -> dict[str, str]:
        return dict(self.params)

    def visible_to(self, role: str, standings: frozenset[str] = frozenset()) -> bool:
        return self.roles is None or role in self.roles or bool(standings & self.roles)


_items: list[NavItem] = []
_mypage: list[NavItem] = []


def replace(items: list[NavItem], mypage: list[NavItem]) -> None:
    """The header navigation and the mypage menu (the manual's labels, per role), from the installed slices."""
    _items[:] = list(dict.fromkeys(items))
    _mypage[:] = list(dict.fromkeys(mypage))


def _visible(items: list[NavItem], role: str | None, standings: frozenset[str] = frozenset()) -> list[NavItem]:
    role = role or ANONYMOUS
    return sorted((i for i in items if i.visible_to(role, standings)), key=lambda i: i.order)


def items_for(role: str | None) -> list[NavItem]:
    return _visible(_items, role)


def mypage_items_for(role: str | None, standings: frozenset[str] = frozenset()) -> list[NavItem]:
    """`standings`: what else the account is (JICA), beyond its role."""
    return _visible(_mypage, role, standings)
