from __future__ import annotations

import pytest
from litestar import Litestar

from tests.app.routes_for_tests import TEST_ROUTES


@pytest.fixture
def app(settings) -> Litestar:
    from app import create_app

    application = create_app(settings)
    for route in TEST_ROUTES:
        application.register(route)
    return application
