"""All routes of the accounts slice, gathered into one router."""

from litestar import Router

from features.accounts import (
    routes_admin,
    routes_deceased,
    routes_lifecycle,
    routes_login,
    routes_org_registration,
    routes_profile,
    routes_register,
    routes_reset,
    routes_staff,
)

router = Router(
    path="/",
    route_handlers=[
        *routes_login.HANDLERS,
        *routes_register.HANDLERS,
        *routes_reset.HANDLERS,
        *routes_admin.HANDLERS,
        *routes_staff.HANDLERS,
        *routes_deceased.HANDLERS,
        *routes_lifecycle.HANDLERS,
        *routes_org_registration.HANDLERS,
        *routes_profile.HANDLERS,
    ],
)
