"""Issue 14: メール配信設定, 不達メールアドレス (and rows added alongside it), 保存した検索条件,
PARTNERニュース, メール配信."""

from tests.app.access_table.personas import STAFF_ONLY_GET, everyone

ROWS: dict[str, dict[str, int]] = {}

# mail_preferences (issue 14): メール配信設定 for 個人 and 団体; the signed one-click unsubscribe
# (a made-up token is refused with 400 for everyone; the POST needs no CSRF token).
ROWS.update(
    {
        "GET /mypage/mail-preferences": {
            **everyone(403),
            "anonymous": 303,
            "individual": 200,
            "org_a": 200,
            "org_b": 200,
        },
        "POST /mypage/mail-preferences": {
            **everyone(403),
            "anonymous": 401,
            "individual": 303,
            "org_a": 303,
            "org_b": 303,
        },
        "GET /unsubscribe/{token:str}": everyone(400),
        "POST /unsubscribe/{token:str}": everyone(400),
    }
)

# bounces (不達メールアドレス)
ROWS.update(
    {
        "GET /admin/bounces": STAFF_ONLY_GET,
        # 団体の延長登録 (features/accounts/routes_org_registration.py)
        "GET /mypage/organization/extend": {**everyone(403), "anonymous": 303, "org_a": 200, "org_b": 200},
        "POST /mypage/organization/extend": {**everyone(403), "anonymous": 401, "org_a": 422, "org_b": 422},
        "GET /admin/organizations/expiring": STAFF_ONLY_GET,
        "POST /admin/organizations/{organization_id:int}/extend": {
            **everyone(403),
            "anonymous": 401,
            "secretariat": 303,
        },
        # 物故者管理 (features/accounts/routes_deceased.py)
        "GET /admin/deceased": STAFF_ONLY_GET,
        "POST /admin/deceased/match": {**everyone(403), "anonymous": 401, "secretariat": 422},
        "POST /admin/deceased/confirm": {**everyone(403), "anonymous": 401, "secretariat": 422},
        "POST /admin/accounts/{user_id:int}/deceased": {**everyone(403), "anonymous": 401, "secretariat": 422},
        "POST /admin/deceased/{record_id:int}/revoke": {**everyone(403), "anonymous": 401, "secretariat": 422},
        # システム運用 (features/operations)
        "GET /admin/operations": STAFF_ONLY_GET,
        "GET /admin/operations/audit": STAFF_ONLY_GET,
        "GET /admin/bounces/{address_id:int}": {**STAFF_ONLY_GET, "secretariat": 404},
        "POST /admin/bounces/{address_id:int}/release": {**everyone(403), "anonymous": 401, "secretariat": 404},
    }
)

# saved_searches (issue 14): 保存した検索条件 for 個人 and 団体 (search 1 does not exist: 404; the
# 条件を保存 form without a scope is refused with 404 for both; an empty POST names no scope: 404).
_MEMBERS_GET = {**everyone(403), "anonymous": 303, "individual": 200, "org_a": 200, "org_b": 200}
_MEMBERS_404_GET = {**everyone(403), "anonymous": 303, "individual": 404, "org_a": 404, "org_b": 404}
_MEMBERS_404_POST = {**everyone(403), "anonymous": 401, "individual": 404, "org_a": 404, "org_b": 404}
ROWS.update(
    {
        "GET /mypage/saved-searches": _MEMBERS_GET,
        "GET /mypage/saved-searches/new": _MEMBERS_404_GET,
        "POST /mypage/saved-searches": _MEMBERS_404_POST,
        "GET /mypage/saved-searches/{search_id:int}": _MEMBERS_404_GET,
        "POST /mypage/saved-searches/{search_id:int}": _MEMBERS_404_POST,
        "GET /mypage/saved-searches/{search_id:int}/delete": _MEMBERS_404_GET,
        "POST /mypage/saved-searches/{search_id:int}/delete": _MEMBERS_404_POST,
    }
)

# partner_news (PARTNERニュース): the secretariat's issues (none in this database: 404 for staff)
# and the public back issues.
_OFFICE_ISSUE_POST = {**everyone(403), "anonymous": 401, "secretariat": 404}
ROWS.update(
    {
        "GET /admin/partner-news": STAFF_ONLY_GET,
        "GET /admin/partner-news/{issue_id:int}": {**STAFF_ONLY_GET, "secretariat": 404},
        "GET /admin/partner-news/{issue_id:int}/preview": {**STAFF_ONLY_GET, "secretariat": 404},
        "POST /admin/partner-news/{issue_id:int}/lead": _OFFICE_ISSUE_POST,
        "POST /admin/partner-news/{issue_id:int}/items/{item_id:int}/up": _OFFICE_ISSUE_POST,
        "POST /admin/partner-news/{issue_id:int}/items/{item_id:int}/down": _OFFICE_ISSUE_POST,
        "POST /admin/partner-news/{issue_id:int}/items/{item_id:int}/remove": _OFFICE_ISSUE_POST,
        "POST /admin/partner-news/{issue_id:int}/sections/{key:str}/up": _OFFICE_ISSUE_POST,
        "POST /admin/partner-news/{issue_id:int}/sections/{key:str}/down": _OFFICE_ISSUE_POST,
        "POST /admin/partner-news/{issue_id:int}/approve": _OFFICE_ISSUE_POST,
        "POST /admin/partner-news/{issue_id:int}/unapprove": _OFFICE_ISSUE_POST,
        "GET /news/partner-news": everyone(200),
        "GET /news/partner-news/{number:int}": everyone(404),  # no sent issue in this database
    }
)

# mailings (メール配信, issue 14): the secretariat only; a made-up id is 404 for the secretariat.
_MAILING_POST_404 = {**everyone(403), "anonymous": 401, "secretariat": 404}
ROWS.update(
    {
        "GET /admin/mailings": STAFF_ONLY_GET,
        "GET /admin/mailings/new": STAFF_ONLY_GET,
        "POST /admin/mailings": {**everyone(403), "anonymous": 401, "secretariat": 422},
        "GET /admin/mailings/audience-count": STAFF_ONLY_GET,
        "GET /admin/mailings/{mailing_id:int}": {**STAFF_ONLY_GET, "secretariat": 404},
        "POST /admin/mailings/{mailing_id:int}": _MAILING_POST_404,
        "POST /admin/mailings/{mailing_id:int}/submit": _MAILING_POST_404,
        "POST /admin/mailings/{mailing_id:int}/test": _MAILING_POST_404,
        "POST /admin/mailings/{mailing_id:int}/send-back": _MAILING_POST_404,
        "POST /admin/mailings/{mailing_id:int}/approve-now": _MAILING_POST_404,
        "POST /admin/mailings/{mailing_id:int}/approve-schedule": _MAILING_POST_404,
        "POST /admin/mailings/{mailing_id:int}/pause": _MAILING_POST_404,
        "POST /admin/mailings/{mailing_id:int}/resume": _MAILING_POST_404,
        "POST /admin/mailings/{mailing_id:int}/cancel": _MAILING_POST_404,
        "GET /admin/mailing-templates": STAFF_ONLY_GET,
        "GET /admin/mailing-templates/new": STAFF_ONLY_GET,
        "POST /admin/mailing-templates": {**everyone(403), "anonymous": 401, "secretariat": 422},
        "GET /admin/mailing-templates/{template_id:int}": {**STAFF_ONLY_GET, "secretariat": 404},
        "POST /admin/mailing-templates/{template_id:int}": _MAILING_POST_404,
        "POST /admin/mailing-templates/{template_id:int}/versions/{version:int}/restore": _MAILING_POST_404,
    }
)
