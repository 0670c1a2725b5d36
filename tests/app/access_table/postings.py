"""求人情報・研修・お知らせ, 履歴書 and 人材閲覧, Web応募, PARTNER mail."""

from tests.app.access_table.personas import STAFF_ONLY_GET, everyone

_ORG_A_OWNS_GET = {**everyone(403), "anonymous": 303, "org_a": 200, "org_b": 404}
_ORG_A_OWNS_POST = {**everyone(403), "anonymous": 401, "org_a": 303, "org_b": 404}
_NEW_POSTING_POST = {**everyone(403), "anonymous": 401, "org_a": 303, "org_b": 303}

ROWS: dict[str, dict[str, int]] = {}

ROWS.update(
    {
        # 求人情報・研修・お知らせ: organizations post and see only their own (another's posting is a 404)
        "GET /postings/{slug:str}": {**everyone(403), "anonymous": 303, "org_a": 200, "org_b": 200},
        "GET /postings/{slug:str}/new": {**everyone(403), "anonymous": 303, "org_a": 200, "org_b": 200},
        # the form's buttons, one endpoint each, for a new posting (any approved organization) and for one's own;
        # with an empty form: 一時保存 stores it (303), the preview and 入力画面へ戻る show it (200),
        # 確認 and 登録 refuse it (422)
        "POST /postings/{slug:str}/save": _NEW_POSTING_POST,
        "POST /postings/{slug:str}/preview": {**_NEW_POSTING_POST, "org_a": 200, "org_b": 200},
        "POST /postings/{slug:str}/confirm": {**_NEW_POSTING_POST, "org_a": 422, "org_b": 422},
        "POST /postings/{slug:str}/submit": {**_NEW_POSTING_POST, "org_a": 422, "org_b": 422},
        "POST /postings/{slug:str}/back": {**_NEW_POSTING_POST, "org_a": 200, "org_b": 200},
        "GET /postings/{slug:str}/{posting_id:int}/edit": _ORG_A_OWNS_GET,
        "GET /postings/{slug:str}/{posting_id:int}/done": _ORG_A_OWNS_GET,
        "GET /postings/{slug:str}/{posting_id:int}/preview": _ORG_A_OWNS_GET,
        "GET /postings/{slug:str}/{posting_id:int}/stop": _ORG_A_OWNS_GET,
        "POST /postings/{slug:str}/{posting_id:int}/save": _ORG_A_OWNS_POST,
        "POST /postings/{slug:str}/{posting_id:int}/preview": {**_ORG_A_OWNS_POST, "org_a": 200},
        "POST /postings/{slug:str}/{posting_id:int}/confirm": {**_ORG_A_OWNS_POST, "org_a": 422},
        "POST /postings/{slug:str}/{posting_id:int}/submit": {**_ORG_A_OWNS_POST, "org_a": 422},
        "POST /postings/{slug:str}/{posting_id:int}/back": {**_ORG_A_OWNS_POST, "org_a": 200},
        "POST /postings/{slug:str}/{posting_id:int}/copy": _ORG_A_OWNS_POST,
        "POST /postings/{slug:str}/{posting_id:int}/stop": _ORG_A_OWNS_POST,  # a draft cannot be stopped: flash + 303
        "GET /admin/postings": STAFF_ONLY_GET,
        "GET /admin/postings/{posting_id:int}": STAFF_ONLY_GET,
        "POST /admin/postings/{posting_id:int}/approve": {**STAFF_ONLY_GET, "anonymous": 401, "secretariat": 303},
        "POST /admin/postings/{posting_id:int}/return": {**STAFF_ONLY_GET, "anonymous": 401, "secretariat": 422},
        "GET /jobs": everyone(200),
        "GET /jobs/feed.atom": everyone(200),
        "GET /jobs/{posting_id:int}": everyone(404),  # a draft is never public
        "GET /events": everyone(200),
        "GET /events/{posting_id:int}": everyone(404),
        "GET /notices": everyone(200),
        "GET /notices/{posting_id:int}": everyone(404),
        # 履歴書: the person's own; 人材閲覧: organizations allowed to browse ("contact" is no résumé section: 404)
        "GET /mypage/resume": {**everyone(403), "anonymous": 303, "individual": 200},
        "GET /mypage/resume/pdf": {**everyone(403), "anonymous": 303, "individual": 200},
        "GET /mypage/resume/profile": {**everyone(403), "anonymous": 303, "individual": 200},
        "POST /mypage/resume/profile": {**everyone(403), "anonymous": 401, "individual": 303},
        "GET /mypage/resume/{key:str}": {**everyone(403), "anonymous": 303, "individual": 404},
        "POST /mypage/resume/{key:str}": {**everyone(403), "anonymous": 401, "individual": 404},
        "GET /mypage/viewers": {**everyone(403), "anonymous": 303, "individual": 200},
        "GET /talent": {**everyone(403), "anonymous": 303, "org_a": 200, "org_b": 200},
        "GET /talent/favorites": {**everyone(403), "anonymous": 303, "org_a": 200, "org_b": 200},
        "GET /talent/{code:str}": {**everyone(403), "anonymous": 303, "org_a": 404, "org_b": 404},  # no public résumé
        "POST /talent/{code:str}/favorite": {**everyone(403), "anonymous": 401, "org_a": 404, "org_b": 404},
        # Web応募 (the sample posting is a draft: nothing to apply to) and the organization's 応募一覧
        "GET /apply/{posting_id:int}": {**everyone(403), "anonymous": 303, "individual": 404},
        "POST /apply/{posting_id:int}": {**everyone(403), "anonymous": 401, "individual": 404},
        "POST /apply/{posting_id:int}/submit": {**everyone(403), "anonymous": 401, "individual": 404},
        "GET /mypage/applications": {**everyone(403), "anonymous": 303, "individual": 200},
        "POST /mypage/applications/{application_id:int}/withdraw": {
            **everyone(403),
            "anonymous": 401,
            "individual": 404,
        },
        "GET /postings/{slug:str}/{posting_id:int}/applications": _ORG_A_OWNS_GET,
        "GET /applications": {**everyone(403), "anonymous": 303, "org_a": 200, "org_b": 200},
        "GET /applications/{application_id:int}": {**everyone(403), "anonymous": 303, "org_a": 404, "org_b": 404},
        "GET /applications/{application_id:int}/resume.pdf": {
            **everyone(403),
            "anonymous": 303,
            "org_a": 404,
            "org_b": 404,
        },
        "POST /postings/{slug:str}/{posting_id:int}/applications/mailto": _ORG_A_OWNS_POST,  # none chosen: flash + 303
        "GET /applications/{application_id:int}/files/{file_id:int}": {
            **everyone(403),
            "anonymous": 303,
            "org_a": 404,
            "org_b": 404,
        },
        "POST /applications/{application_id:int}/status": {
            **everyone(403),
            "anonymous": 401,
            "org_a": 404,
            "org_b": 404,
        },
        # PARTNER mail: メール作成 and テンプレート (organizations), メールボックス (both sides)
        "POST /mail/compose": {**everyone(403), "anonymous": 401, "org_a": 422, "org_b": 422},  # nobody chosen
        "POST /mail/compose/revise": {**everyone(403), "anonymous": 401, "org_a": 422, "org_b": 422},  # nobody chosen
        "POST /mail/compose/templates": {**everyone(403), "anonymous": 401, "org_a": 200, "org_b": 200},  # the list
        "POST /mail/compose/templates/{template_id:int}": {
            **everyone(403),
            "anonymous": 401,
            "org_a": 404,
            "org_b": 404,
        },
        "POST /mail/compose/save-template": {**everyone(403), "anonymous": 401, "org_a": 422, "org_b": 422},  # no 件名
        "POST /mail/compose/confirm": {**everyone(403), "anonymous": 401, "org_a": 422, "org_b": 422},
        "POST /mail/send": {**everyone(403), "anonymous": 401, "org_a": 422, "org_b": 422},
        "GET /mail/templates": {**everyone(403), "anonymous": 303, "org_a": 200, "org_b": 200},
        "POST /mail/templates/{template_id:int}/rename": {
            **everyone(403),
            "anonymous": 401,
            "org_a": 404,
            "org_b": 404,
        },
        "POST /mail/templates/{template_id:int}/delete": {
            **everyone(403),
            "anonymous": 401,
            "org_a": 404,
            "org_b": 404,
        },
        "GET /mailbox": {**everyone(403), "anonymous": 303, "individual": 200, "org_a": 200, "org_b": 200},
        "GET /mailbox/unread": {
            **everyone(204),
            "individual": 200,
            "org_a": 200,
            "org_b": 200,
        },  # a poll: no error page
        "GET /mailbox/{thread_id:int}": {
            **everyone(403),
            "anonymous": 303,
            "individual": 404,
            "org_a": 404,
            "org_b": 404,
        },
        "POST /mailbox/{thread_id:int}/reply": {
            **everyone(403),
            "anonymous": 401,
            "individual": 404,
            "org_a": 404,
            "org_b": 404,
        },
        "POST /mailbox/messages/{message_id:int}/unread": {
            **everyone(403),
            "anonymous": 401,
            "individual": 404,
            "org_a": 404,
            "org_b": 404,
        },
        "POST /mailbox/{thread_id:int}/block": {**everyone(403), "anonymous": 401, "individual": 404},
        "GET /mailbox/blocks": {**everyone(403), "anonymous": 303, "individual": 200},
        "POST /mailbox/blocks/{organization_id:int}/delete": {**everyone(403), "anonymous": 401, "individual": 303},
    }
)
