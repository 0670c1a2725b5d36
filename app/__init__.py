"""PARTNER — create_app() is what `litestar run` discovers.

The application is built lazily, so importing a frame module (app.navigation, app.mail, …)
from a slice never pulls in every slice through the router.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from litestar import Litestar

    from app.config import Settings


def create_app(settings: Settings | None = None) -> Litestar:
    from app.factory import build_app

    return build_app(settings)
