"""Public pages, logging in, registration, the secretariat's account pages, the mypage's own data."""

from tests.app.access_table.personas import LOGGED_IN_GET, STAFF_ONLY_GET, everyone

ROWS: dict[str, dict[str, int]] = {}

ROWS.update(
    {
        # public pages
        "GET /": everyone(200),
        "GET /news": everyone(200),
        "GET /news/{news_id:int}": everyone(404),  # no news in this database
        "GET /organizations": everyone(200),
        "GET /contact": everyone(200),
        "GET /contact/done": everyone(200),
        "POST /contact": everyone(422),
        "GET /healthz": everyone(200),
        "GET /static/{file_path:path}": everyone(200),
        "GET /dev/mail": everyone(404),  # debug only, and only from this machine (the test client is not loopback)
        # logging in and out
        "GET /login": {**everyone(303), "anonymous": 200},  # a logged-in user goes on to the mypage
        "POST /login": everyone(422),
        "GET /login/code": everyone(303),  # no login attempt in progress: back to the login form
        "POST /login/code": everyone(422),
        "POST /login/code/resend": everyone(303),
        "POST /logout": everyone(303),
        "GET /mypage": LOGGED_IN_GET,
        # registration and password reset (anyone may start one; links need a valid token)
        "GET /register/{kind:str}": everyone(200),
        "POST /register/{kind:str}": everyone(422),
        "GET /register/{kind:str}/sent": everyone(200),
        "GET /register/{kind:str}/form": everyone(400),
        "POST /register/{kind:str}/form": everyone(400),
        "GET /register/{kind:str}/done": everyone(200),
        "GET /password/reset": everyone(200),
        "POST /password/reset": everyone(422),
        "GET /password/reset/sent": everyone(200),
        "GET /password/reset/{token:str}": everyone(400),
        "POST /password/reset/{token:str}": everyone(400),
        "GET /org-code": everyone(200),
        "POST /org-code": everyone(422),
        # the secretariat
        "GET /admin/organizations": STAFF_ONLY_GET,
        "GET /admin/organizations/{organization_id:int}": STAFF_ONLY_GET,
        "POST /admin/organizations/{organization_id:int}/approve": {
            **STAFF_ONLY_GET,
            "anonymous": 401,
            "secretariat": 303,
        },
        "POST /admin/organizations/{organization_id:int}/return": {
            **STAFF_ONLY_GET,
            "anonymous": 401,
            "secretariat": 422,
        },
        "GET /admin/accounts": STAFF_ONLY_GET,
        "GET /admin/accounts/{user_id:int}": STAFF_ONLY_GET,
        "POST /admin/accounts/{user_id:int}/suspend": {**STAFF_ONLY_GET, "anonymous": 401, "secretariat": 303},
        "POST /admin/accounts/{user_id:int}/restore": {**STAFF_ONLY_GET, "anonymous": 401, "secretariat": 303},
        "POST /admin/accounts/{user_id:int}/counselor": {**STAFF_ONLY_GET, "anonymous": 401, "secretariat": 303},
        "GET /admin/staff": STAFF_ONLY_GET,
        "POST /admin/staff": {**STAFF_ONLY_GET, "anonymous": 401, "secretariat": 422},
        "GET /admin/jocv": STAFF_ONLY_GET,
        "GET /admin/export": STAFF_ONLY_GET,
        "POST /admin/export": {**STAFF_ONLY_GET, "anonymous": 401, "secretariat": 201},
        "GET /admin/deactivations": STAFF_ONLY_GET,
        "POST /admin/deactivations/{organization_id:int}": {**STAFF_ONLY_GET, "anonymous": 401, "secretariat": 404},
        "GET /admin/organization-changes": STAFF_ONLY_GET,
        "POST /admin/organization-changes/{organization_id:int}": {
            **STAFF_ONLY_GET,
            "anonymous": 401,
            "secretariat": 303,
        },
        "GET /admin/organizations/stale": STAFF_ONLY_GET,
        "POST /admin/organizations/{organization_id:int}/ask-update": {
            **STAFF_ONLY_GET,
            "anonymous": 401,
            "secretariat": 303,
        },
        # 登録内容の確認/更新: only one's own data; staff accounts have only アカウント情報
        "GET /mypage/profile": LOGGED_IN_GET,
        "GET /mypage/profile/{key:str}/edit": {**LOGGED_IN_GET, "secretariat": 404, "counselor": 404},
        "POST /mypage/profile/{key:str}/confirm": {
            **everyone(422),
            "anonymous": 401,
            "secretariat": 404,
            "counselor": 404,
        },
        "POST /mypage/profile/{key:str}/update": {
            **everyone(422),
            "anonymous": 401,
            "secretariat": 404,
            "counselor": 404,
        },
        "POST /mypage/password": {**everyone(422), "anonymous": 401},
        "POST /mypage/email": {**everyone(422), "anonymous": 401},
        "GET /mypage/email/verify/{token:str}": everyone(200),  # a confirmation page; the POST checks the token
        "POST /mypage/email/verify/{token:str}": everyone(400),
    }
)

ROWS.update(
    {
        # registration life, on the person's or organization's own mypage
        "GET /mypage/extend": {**everyone(403), "anonymous": 303, "individual": 200},
        "POST /mypage/extend": {**everyone(403), "anonymous": 401, "individual": 303},
        "GET /mypage/withdraw": {**everyone(403), "anonymous": 303, "individual": 200},
        "POST /mypage/withdraw": {**everyone(403), "anonymous": 401, "individual": 422},  # the password is required
        "GET /mypage/deactivate": {**everyone(403), "anonymous": 303, "org_a": 200, "org_b": 200},
        "POST /mypage/deactivate": {**everyone(403), "anonymous": 401, "org_a": 303, "org_b": 303},
        "POST /admin/jocv/{individual_id:int}": {**STAFF_ONLY_GET, "anonymous": 401, "secretariat": 303},
    }
)
