"""Issues 15 and 16: コラム・特集, よくある質問, ライブラリ, プレスルーム, 問い合わせ対応, 報告 and 報告書."""

from tests.app.access_table.personas import STAFF_ONLY_GET, everyone

ROWS: dict[str, dict[str, int]] = {}

# content (コラム・特集・進路情報, issue 15): the public pages for everyone (no article in this
# database: 404), the secretariat's pages for staff only (a made-up id is 404 for the secretariat).
_CONTENT_POST_404 = {**everyone(403), "anonymous": 401, "secretariat": 404}
ROWS.update(
    {
        "GET /content": everyone(200),
        "GET /content/feed.atom": everyone(200),
        "GET /content/{key:str}": everyone(404),
        "GET /content/images/{image_id:int}/{width:int}": everyone(404),
        "GET /for-individuals": everyone(200),
        "GET /for-organizations": everyone(200),
        "GET /admin/content": STAFF_ONLY_GET,
        "GET /admin/content/new": STAFF_ONLY_GET,
        "POST /admin/content": {**everyone(403), "anonymous": 401, "secretariat": 422},
        "GET /admin/content/{content_id:int}": {**STAFF_ONLY_GET, "secretariat": 404},
        "GET /admin/content/{content_id:int}/review": {**STAFF_ONLY_GET, "secretariat": 404},
        "POST /admin/content/{content_id:int}": _CONTENT_POST_404,
        "POST /admin/content/{content_id:int}/submit": _CONTENT_POST_404,
        "POST /admin/content/{content_id:int}/approve": _CONTENT_POST_404,
        "POST /admin/content/{content_id:int}/return": _CONTENT_POST_404,
        "POST /admin/content/{content_id:int}/unpublish": _CONTENT_POST_404,
        "POST /admin/content/{content_id:int}/republish": _CONTENT_POST_404,
    }
)


# faq (よくある質問, issue 15): public list and entries (no entry in this database: 404, also for a
# vote), the secretariat's pages.
_FAQ_STAFF_POST_404 = {**everyone(403), "anonymous": 401, "secretariat": 404}
ROWS.update(
    {
        "GET /faq": everyone(200),
        "GET /faq/{entry_id:int}": everyone(404),
        "POST /faq/{entry_id:int}/helpful": everyone(404),
        "POST /faq/{entry_id:int}/unhelpful": everyone(404),
        "GET /admin/faq": STAFF_ONLY_GET,
        "GET /admin/faq/new": STAFF_ONLY_GET,
        "POST /admin/faq/new": {**everyone(403), "anonymous": 401, "secretariat": 422},
        "GET /admin/faq/{entry_id:int}": {**STAFF_ONLY_GET, "secretariat": 404},
        "POST /admin/faq/{entry_id:int}": _FAQ_STAFF_POST_404,
        "POST /admin/faq/{entry_id:int}/publish": _FAQ_STAFF_POST_404,
        "POST /admin/faq/{entry_id:int}/unpublish": _FAQ_STAFF_POST_404,
        "POST /admin/faq/{entry_id:int}/up": _FAQ_STAFF_POST_404,
        "POST /admin/faq/{entry_id:int}/down": _FAQ_STAFF_POST_404,
    }
)


# library (ライブラリ, issue 15): the secretariat's pages; files by audience (no item in this
# database: 404 for everyone — a 事務局内 item answers everyone but the staff the same way).
_LIBRARY_POST_404 = {**everyone(403), "anonymous": 401, "secretariat": 404}
ROWS.update(
    {
        "GET /admin/library": STAFF_ONLY_GET,
        "GET /admin/library/new": STAFF_ONLY_GET,
        "POST /admin/library": {**everyone(403), "anonymous": 401, "secretariat": 422},
        "GET /admin/library/{item_id:int}": {**STAFF_ONLY_GET, "secretariat": 404},
        "POST /admin/library/{item_id:int}": _LIBRARY_POST_404,
        "POST /admin/library/{item_id:int}/versions": _LIBRARY_POST_404,
        "POST /admin/library/{item_id:int}/confirm": _LIBRARY_POST_404,
        "GET /library/files/{item_id:int}": everyone(404),
        "GET /library/files/{item_id:int}/thumbnail": everyone(404),
        "GET /library/files/{item_id:int}/versions/{version:int}": everyone(404),
        "GET /pr-tools": everyone(200),
        "GET /mypage/library": {**everyone(403), "anonymous": 303, "org_a": 200, "org_b": 200},
    }
)


# press (プレスルーム, issue 15): the organization's own releases (none in this database: 404 by id),
# the secretariat's review (a made-up id is 404 for the secretariat), the public プレスルーム.
_PRESS_ORG_GET = {**everyone(403), "anonymous": 303, "org_a": 200, "org_b": 200}
_PRESS_ORG_404_GET = {**everyone(403), "anonymous": 303, "org_a": 404, "org_b": 404}
_PRESS_ORG_404_POST = {**everyone(403), "anonymous": 401, "org_a": 404, "org_b": 404}
_PRESS_NEW_POST = {**everyone(403), "anonymous": 401, "org_a": 422, "org_b": 422}  # the empty form: タイトル
ROWS.update(
    {
        "GET /mypage/press": _PRESS_ORG_GET,
        "GET /mypage/press/new": _PRESS_ORG_GET,
        "POST /mypage/press/save": _PRESS_NEW_POST,
        "POST /mypage/press/preview": _PRESS_NEW_POST,
        "GET /mypage/press/{release_id:int}/edit": _PRESS_ORG_404_GET,
        "POST /mypage/press/{release_id:int}/save": _PRESS_ORG_404_POST,
        "POST /mypage/press/{release_id:int}/preview": _PRESS_ORG_404_POST,
        "GET /mypage/press/{release_id:int}": _PRESS_ORG_404_GET,
        "POST /mypage/press/{release_id:int}/submit": _PRESS_ORG_404_POST,
        "POST /mypage/press/{release_id:int}/withdraw": _PRESS_ORG_404_POST,
        "GET /admin/press": STAFF_ONLY_GET,
        "GET /admin/press/{release_id:int}": {**STAFF_ONLY_GET, "secretariat": 404},
        "POST /admin/press/{release_id:int}/approve": {**everyone(403), "anonymous": 401, "secretariat": 404},
        "POST /admin/press/{release_id:int}/return": {**everyone(403), "anonymous": 401, "secretariat": 404},
        "GET /press": everyone(200),
        "GET /press/feed.atom": everyone(200),
        "GET /press/{release_id:int}": everyone(404),
        "GET /press/{release_id:int}/pdf": everyone(404),
        "GET /press/{release_id:int}/images/{image_id:int}": everyone(404),
    }
)


# 問い合わせ対応 (issue 15): the secretariat only; no case or 定型文 in this database (404 for it).
_INQ_POST_404 = {**everyone(403), "anonymous": 401, "secretariat": 404}
ROWS.update(
    {
        "GET /contact/suggestions": everyone(200),
        "GET /admin/inquiries": STAFF_ONLY_GET,
        "GET /admin/inquiries/stats": STAFF_ONLY_GET,
        "GET /admin/inquiries/{case_id:int}": {**STAFF_ONLY_GET, "secretariat": 404},
        **{
            f"POST /admin/inquiries/{{case_id:int}}/{action}": _INQ_POST_404
            for action in ("start", "close", "reopen", "assign", "reply", "received", "notes", "faq")
        },
        "GET /admin/inquiry-templates": STAFF_ONLY_GET,
        "POST /admin/inquiry-templates": {**everyone(403), "anonymous": 401, "secretariat": 422},
        "GET /admin/inquiry-templates/{template_id:int}": {**STAFF_ONLY_GET, "secretariat": 404},
        "POST /admin/inquiry-templates/{template_id:int}": _INQ_POST_404,
        "POST /admin/inquiry-templates/{template_id:int}/delete": _INQ_POST_404,
    }
)

# 報告 (issue 16 item 1): the secretariat's report page only.
ROWS.update({"GET /admin/reports": STAFF_ONLY_GET})
# 報告書 (issue 16 item 2): staff only; no document in this database (404), an empty form is 422.
ROWS.update(
    {
        "POST /admin/reports/documents": {**everyone(403), "anonymous": 401, "secretariat": 422},
        **{
            f"GET /admin/reports/documents/{{document_id:int}}{suffix}": {**STAFF_ONLY_GET, "secretariat": 404}
            for suffix in ("", "/pdf", "/xlsx")
        },
    }
)
