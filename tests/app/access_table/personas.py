"""The personas of the access-control walk and the status rows several tables share."""

PERSONAS = ("anonymous", "individual", "org_a", "org_b", "secretariat", "counselor")


def everyone(status: int) -> dict[str, int]:
    """The same status for every persona (a row the other rows start from)."""
    return {persona: status for persona in PERSONAS}


STAFF_ONLY_GET = {
    "anonymous": 303,
    "individual": 403,
    "org_a": 403,
    "org_b": 403,
    "secretariat": 200,
    "counselor": 403,
}
LOGGED_IN_GET = {**everyone(200), "anonymous": 303}
OFFICE_POST_404 = {**STAFF_ONLY_GET, "anonymous": 401, "secretariat": 404}
