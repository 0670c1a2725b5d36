"""Paths by route name ("slice:action") in every process, also where there is no request: a
mail built in the worker links to the same route the web app serves.

Pages use Litestar's own `url_for` (templates) and `request.app.route_reverse` (handlers);
this module answers from the installed slices' routers, so the two can never disagree
(tests/app/test_urls.py checks they do not).
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

from app import slices
from app.config import Settings

_PARAMETER = re.compile(r"\{(\w+):\w+\}")
_cache: tuple[tuple, dict[str, list[str]]] = ((), {})


def _route_paths() -> dict[str, list[str]]:
    """Route name → its path templates (a handler may serve several paths, e.g. with and without
    an id), most parameters first; rebuilt whenever a different set of slices is installed."""
    global _cache
    installed = slices.installed()
    if _cache[0] is not installed:
        paths: dict[str, list[str]] = {}
        for slice_ in installed:
            for route in slice_.router.routes:
                for handler in route.route_handlers:
                    if handler.name and route.path not in paths.setdefault(handler.name, []):
                        paths[handler.name].append(route.path)
        for templates in paths.values():
            templates.sort(key=lambda t: (-len(_PARAMETER.findall(t)), t))
        _cache = (installed, paths)
    return _cache[1]


def path_for(name: str, query: dict | None = None, **params: object) -> str:
    """The path of the named route with its parameters filled in (quoted), and a query string."""
    templates = _route_paths().get(name)
    if not templates:
        raise KeyError(f"no route named {name!r}")
    # As Litestar's route_reverse: the path with the most parameters that the given ones fill.
    template = next((t for t in templates if set(_PARAMETER.findall(t)) <= params.keys()), templates[-1])

    def fill(match: re.Match) -> str:
        return quote(str(params.pop(match.group(1))), safe="")

    path = _PARAMETER.sub(fill, template)
    if params:
        raise TypeError(f"{name}: unknown path parameters {sorted(params)}")
    return path + ("?" + urlencode(query, doseq=True) if query else "")


def absolute_url(settings: Settings, name: str, query: dict | None = None, **params: object) -> str:
    """For mail: the configured base URL (never the Host header) and the named route."""
    return settings.app.base_url.rstrip("/") + path_for(name, query, **params)
