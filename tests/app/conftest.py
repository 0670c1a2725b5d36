from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar import Litestar

from tests.app.routes_for_tests import TEST_ROUTES
from tests.conftest import build_app, reused_app


def build_app_with_test_routes(settings) -> Litestar:
    application = build_app(settings)
    for route in TEST_ROUTES:
        application.register(route)
    return application


@pytest.fixture
def app(settings) -> Iterator[Litestar]:
    yield from reused_app(settings, build_app_with_test_routes)
