"""Who may use which route: the status each persona gets (deny by default).

Rows are "METHOD /path"; GETs are sent as plain page loads, unsafe methods with a valid
CSRF token and an empty body (so 422 means "allowed, but the form was empty").
303 for anonymous on a protected GET is the redirect to the login form.

The rows live in one module per group of slices (each module's ROWS); a new route gets its row
in the module of its slice. ACCESS_TABLE is their union: a route listed twice is an error.
"""

from tests.app.access_table import (
    accounts,
    content,
    mail,
    postings,
    recruitment,
    seminars_surveys_consultation,
)
from tests.app.access_table.personas import PERSONAS


def _union(*tables: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    union: dict[str, dict[str, int]] = {}
    for table in tables:
        twice = sorted(union.keys() & table.keys())
        if twice:
            raise ValueError(f"routes listed twice in tests/app/access_table/: {twice}")
        union.update(table)
    return union


ACCESS_TABLE: dict[str, dict[str, int]] = _union(
    accounts.ROWS,
    postings.ROWS,
    recruitment.ROWS,
    seminars_surveys_consultation.ROWS,
    mail.ROWS,
    content.ROWS,
)

__all__ = ["ACCESS_TABLE", "PERSONAS"]
