"""Who may use which route: the status each persona gets (deny by default).

Rows are "METHOD /path"; GETs are sent as plain page loads, unsafe methods with a valid
CSRF token and an empty body (so 422 means "allowed, but the form was empty").
303 for anonymous on a protected GET is the redirect to the login form.
"""

PERSONAS = ("anonymous", "individual", "org_a", "org_b", "secretariat", "counselor")


def _all(status: int) -> dict[str, int]:
    return {persona: status for persona in PERSONAS}


_STAFF_ONLY_GET = {
    "anonymous": 303,
    "individual": 403,
    "org_a": 403,
    "org_b": 403,
    "secretariat": 200,
    "counselor": 403,
}
_LOGGED_IN_GET = {**_all(200), "anonymous": 303}
_ORG_A_OWNS_GET = {**_all(403), "anonymous": 303, "org_a": 200, "org_b": 404}
_ORG_A_OWNS_POST = {**_all(403), "anonymous": 401, "org_a": 303, "org_b": 404}
_JICA_GET = {**_all(403), "anonymous": 303}  # org_a and org_b are not JICA
# JICA's own pages: the personas' organizations are not JICA (a non-JICA organization gets 403).
_JICA_GET = {**_all(403), "anonymous": 303}
_JICA_POST = {**_all(403), "anonymous": 401}
_NEW_POSTING_POST = {**_all(403), "anonymous": 401, "org_a": 303, "org_b": 303}

ACCESS_TABLE: dict[str, dict[str, int]] = {
    # public pages
    "GET /": _all(200),
    "GET /news": _all(200),
    "GET /news/{news_id:int}": _all(404),  # no news in this database
    "GET /organizations": _all(200),
    "GET /contact": _all(200),
    "GET /contact/done": _all(200),
    "POST /contact": _all(422),
    "GET /healthz": _all(200),
    "GET /static/{file_path:path}": _all(200),
    "GET /dev/mail": _all(404),  # debug only, and only from this machine (the test client is not loopback)
    # logging in and out
    "GET /login": {**_all(303), "anonymous": 200},  # a logged-in user goes on to the mypage
    "POST /login": _all(422),
    "GET /login/code": _all(303),  # no login attempt in progress: back to the login form
    "POST /login/code": _all(422),
    "POST /login/code/resend": _all(303),
    "POST /logout": _all(303),
    "GET /mypage": _LOGGED_IN_GET,
    # registration and password reset (anyone may start one; links need a valid token)
    "GET /register/{kind:str}": _all(200),
    "POST /register/{kind:str}": _all(422),
    "GET /register/{kind:str}/sent": _all(200),
    "GET /register/{kind:str}/form": _all(400),
    "POST /register/{kind:str}/form": _all(400),
    "GET /register/{kind:str}/done": _all(200),
    "GET /password/reset": _all(200),
    "POST /password/reset": _all(422),
    "GET /password/reset/sent": _all(200),
    "GET /password/reset/{token:str}": _all(400),
    "POST /password/reset/{token:str}": _all(400),
    "GET /org-code": _all(200),
    "POST /org-code": _all(422),
    # the secretariat
    "GET /admin/organizations": _STAFF_ONLY_GET,
    "GET /admin/organizations/{organization_id:int}": _STAFF_ONLY_GET,
    "POST /admin/organizations/{organization_id:int}/approve": {
        **_STAFF_ONLY_GET,
        "anonymous": 401,
        "secretariat": 303,
    },
    "POST /admin/organizations/{organization_id:int}/return": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 422},
    "GET /admin/accounts": _STAFF_ONLY_GET,
    "GET /admin/accounts/{user_id:int}": _STAFF_ONLY_GET,
    "POST /admin/accounts/{user_id:int}/suspend": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 303},
    "POST /admin/accounts/{user_id:int}/restore": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 303},
    "POST /admin/accounts/{user_id:int}/counselor": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 303},
    "GET /admin/staff": _STAFF_ONLY_GET,
    "POST /admin/staff": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 422},
    "GET /admin/jocv": _STAFF_ONLY_GET,
    "GET /admin/export": _STAFF_ONLY_GET,
    "POST /admin/export": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 201},
    "GET /admin/deactivations": _STAFF_ONLY_GET,
    "POST /admin/deactivations/{organization_id:int}": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 404},
    "GET /admin/organization-changes": _STAFF_ONLY_GET,
    "POST /admin/organization-changes/{organization_id:int}": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 303},
    "GET /admin/organizations/stale": _STAFF_ONLY_GET,
    "POST /admin/organizations/{organization_id:int}/ask-update": {
        **_STAFF_ONLY_GET,
        "anonymous": 401,
        "secretariat": 303,
    },
    # 登録内容の確認/更新: only one's own data; staff accounts have only アカウント情報
    "GET /mypage/profile": _LOGGED_IN_GET,
    "GET /mypage/profile/{key:str}/edit": {**_LOGGED_IN_GET, "secretariat": 404, "counselor": 404},
    "POST /mypage/profile/{key:str}/confirm": {**_all(422), "anonymous": 401, "secretariat": 404, "counselor": 404},
    "POST /mypage/profile/{key:str}/update": {**_all(422), "anonymous": 401, "secretariat": 404, "counselor": 404},
    "POST /mypage/password": {**_all(422), "anonymous": 401},
    "POST /mypage/email": {**_all(422), "anonymous": 401},
    "GET /mypage/email/verify/{token:str}": _all(200),  # a confirmation page; the POST checks the token
    "POST /mypage/email/verify/{token:str}": _all(400),
    # 求人情報・研修・お知らせ: organizations post and see only their own (another's posting is a 404)
    "GET /postings/{slug:str}": {**_all(403), "anonymous": 303, "org_a": 200, "org_b": 200},
    "GET /postings/{slug:str}/new": {**_all(403), "anonymous": 303, "org_a": 200, "org_b": 200},
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
    "GET /admin/postings": _STAFF_ONLY_GET,
    "GET /admin/postings/{posting_id:int}": _STAFF_ONLY_GET,
    "POST /admin/postings/{posting_id:int}/approve": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 303},
    "POST /admin/postings/{posting_id:int}/return": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 422},
    "GET /jobs": _all(200),
    "GET /jobs/feed.atom": _all(200),
    "GET /jobs/{posting_id:int}": _all(404),  # a draft is never public
    "GET /events": _all(200),
    "GET /events/{posting_id:int}": _all(404),
    "GET /notices": _all(200),
    "GET /notices/{posting_id:int}": _all(404),
    # 履歴書: the person's own; 人材閲覧: organizations allowed to browse ("contact" is no résumé section: 404)
    "GET /mypage/resume": {**_all(403), "anonymous": 303, "individual": 200},
    "GET /mypage/resume/pdf": {**_all(403), "anonymous": 303, "individual": 200},
    "GET /mypage/resume/profile": {**_all(403), "anonymous": 303, "individual": 200},
    "POST /mypage/resume/profile": {**_all(403), "anonymous": 401, "individual": 303},
    "GET /mypage/resume/{key:str}": {**_all(403), "anonymous": 303, "individual": 404},
    "POST /mypage/resume/{key:str}": {**_all(403), "anonymous": 401, "individual": 404},
    "GET /mypage/viewers": {**_all(403), "anonymous": 303, "individual": 200},
    "GET /talent": {**_all(403), "anonymous": 303, "org_a": 200, "org_b": 200},
    "GET /talent/favorites": {**_all(403), "anonymous": 303, "org_a": 200, "org_b": 200},
    "GET /talent/{code:str}": {**_all(403), "anonymous": 303, "org_a": 404, "org_b": 404},  # no public résumé
    "POST /talent/{code:str}/favorite": {**_all(403), "anonymous": 401, "org_a": 404, "org_b": 404},
    # Web応募 (the sample posting is a draft: nothing to apply to) and the organization's 応募一覧
    "GET /apply/{posting_id:int}": {**_all(403), "anonymous": 303, "individual": 404},
    "POST /apply/{posting_id:int}": {**_all(403), "anonymous": 401, "individual": 404},
    "POST /apply/{posting_id:int}/submit": {**_all(403), "anonymous": 401, "individual": 404},
    "GET /mypage/applications": {**_all(403), "anonymous": 303, "individual": 200},
    "POST /mypage/applications/{application_id:int}/withdraw": {**_all(403), "anonymous": 401, "individual": 404},
    "GET /postings/{slug:str}/{posting_id:int}/applications": _ORG_A_OWNS_GET,
    "GET /applications": {**_all(403), "anonymous": 303, "org_a": 200, "org_b": 200},
    "GET /applications/{application_id:int}": {**_all(403), "anonymous": 303, "org_a": 404, "org_b": 404},
    "GET /applications/{application_id:int}/resume.pdf": {**_all(403), "anonymous": 303, "org_a": 404, "org_b": 404},
    "POST /postings/{slug:str}/{posting_id:int}/applications/mailto": _ORG_A_OWNS_POST,  # none chosen: flash + 303
    "GET /applications/{application_id:int}/files/{file_id:int}": {
        **_all(403),
        "anonymous": 303,
        "org_a": 404,
        "org_b": 404,
    },
    "POST /applications/{application_id:int}/status": {**_all(403), "anonymous": 401, "org_a": 404, "org_b": 404},
    # PARTNER mail: メール作成 and テンプレート (organizations), メールボックス (both sides)
    "POST /mail/compose": {**_all(403), "anonymous": 401, "org_a": 422, "org_b": 422},  # nobody chosen
    "POST /mail/compose/revise": {**_all(403), "anonymous": 401, "org_a": 422, "org_b": 422},  # nobody chosen
    "POST /mail/compose/templates": {**_all(403), "anonymous": 401, "org_a": 200, "org_b": 200},  # the list
    "POST /mail/compose/templates/{template_id:int}": {**_all(403), "anonymous": 401, "org_a": 404, "org_b": 404},
    "POST /mail/compose/save-template": {**_all(403), "anonymous": 401, "org_a": 422, "org_b": 422},  # no 件名
    "POST /mail/compose/confirm": {**_all(403), "anonymous": 401, "org_a": 422, "org_b": 422},
    "POST /mail/send": {**_all(403), "anonymous": 401, "org_a": 422, "org_b": 422},
    "GET /mail/templates": {**_all(403), "anonymous": 303, "org_a": 200, "org_b": 200},
    "POST /mail/templates/{template_id:int}/rename": {**_all(403), "anonymous": 401, "org_a": 404, "org_b": 404},
    "POST /mail/templates/{template_id:int}/delete": {**_all(403), "anonymous": 401, "org_a": 404, "org_b": 404},
    "GET /mailbox": {**_all(403), "anonymous": 303, "individual": 200, "org_a": 200, "org_b": 200},
    "GET /mailbox/unread": {**_all(204), "individual": 200, "org_a": 200, "org_b": 200},  # a poll: no error page
    "GET /mailbox/{thread_id:int}": {**_all(403), "anonymous": 303, "individual": 404, "org_a": 404, "org_b": 404},
    "POST /mailbox/{thread_id:int}/reply": {
        **_all(403),
        "anonymous": 401,
        "individual": 404,
        "org_a": 404,
        "org_b": 404,
    },
    "POST /mailbox/messages/{message_id:int}/unread": {
        **_all(403),
        "anonymous": 401,
        "individual": 404,
        "org_a": 404,
        "org_b": 404,
    },
    "POST /mailbox/{thread_id:int}/block": {**_all(403), "anonymous": 401, "individual": 404},
    "GET /mailbox/blocks": {**_all(403), "anonymous": 303, "individual": 200},
    "POST /mailbox/blocks/{organization_id:int}/delete": {**_all(403), "anonymous": 401, "individual": 303},
    # registration life, on the person's or organization's own mypage
    "GET /mypage/extend": {**_all(403), "anonymous": 303, "individual": 200},
    "POST /mypage/extend": {**_all(403), "anonymous": 401, "individual": 303},
    "GET /mypage/withdraw": {**_all(403), "anonymous": 303, "individual": 200},
    "POST /mypage/withdraw": {**_all(403), "anonymous": 401, "individual": 422},  # the password is required
    "GET /mypage/deactivate": {**_all(403), "anonymous": 303, "org_a": 200, "org_b": 200},
    "POST /mypage/deactivate": {**_all(403), "anonymous": 401, "org_a": 303, "org_b": 303},
    "POST /admin/jocv/{individual_id:int}": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 303},
    # 公募 applying (no 公募 in this database) and the JICA account's 応募一覧 (org_a and org_b are not JICA)
    "GET /koubo/{koubo_id:int}/apply": {**_all(403), "anonymous": 303, "individual": 404},
    "POST /koubo/{koubo_id:int}/apply": {**_all(403), "anonymous": 401, "individual": 404},
    "POST /koubo/{koubo_id:int}/apply/submit": {**_all(403), "anonymous": 401, "individual": 404},
    "GET /mypage/koubo-applications": {**_all(403), "anonymous": 303, "individual": 200},
    "POST /mypage/koubo-applications/{application_id:int}/decline": {
        **_all(403),
        "anonymous": 401,
        "individual": 404,
    },
    "GET /jica/koubo/{koubo_id:int}/applications": {**_all(403), "anonymous": 303},
    "GET /jica/koubo/{koubo_id:int}/applications.csv": {**_all(403), "anonymous": 303},
    "GET /jica/koubo-applications/{application_id:int}": {**_all(403), "anonymous": 303},
    "POST /jica/koubo-applications/{application_id:int}/status": {**_all(403), "anonymous": 401},
    "POST /jica/koubo-applications/{application_id:int}/note": {**_all(403), "anonymous": 401},
    "GET /jica/koubo-applications/{application_id:int}/files/{file_id:int}": {**_all(403), "anonymous": 303},
    "GET /jica/koubo-applications/{application_id:int}/resume.pdf": {**_all(403), "anonymous": 303},
    # 公募情報 (public) and 公募案件アクセス数 (the secretariat)
    "GET /koubo": _all(200),
    "GET /koubo/archive": _all(200),
    "GET /koubo/{koubo_id:int}": _all(404),  # no 公募 in this database
    "GET /koubo/feed.atom": _all(200),
    "GET /admin/koubo/access": _STAFF_ONLY_GET,
    "GET /admin/koubo/access.csv": _STAFF_ONLY_GET,
    "POST /admin/organizations/{organization_id:int}/jica": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 303},
    # 公募案件 management: JICA only (org_a and org_b are not flagged: 403); no 公募 exists (404 for staff)
    **{
        f"GET /jica/koubo{p}": _JICA_GET
        for p in ("", "/new", "/{koubo_id:int}", "/{koubo_id:int}/edit", "/{koubo_id:int}/stop")
    },
    **{
        f"POST /jica/koubo{p}": _JICA_POST
        for p in (
            "/save",
            "/preview",
            "/confirm",
            "/submit",
            "/back",
            "/{koubo_id:int}/save",
            "/{koubo_id:int}/preview",
            "/{koubo_id:int}/confirm",
            "/{koubo_id:int}/submit",
            "/{koubo_id:int}/back",
            "/{koubo_id:int}/stop",
            "/{koubo_id:int}/screening",
            "/{koubo_id:int}/finish",
            "/{koubo_id:int}/copy",
        )
    },
    "GET /admin/koubo": _STAFF_ONLY_GET,
    "GET /admin/koubo/review": _STAFF_ONLY_GET,
    "GET /admin/koubo/proxy": _STAFF_ONLY_GET,
    "GET /admin/koubo/{koubo_id:int}": {**_STAFF_ONLY_GET, "secretariat": 404},
    **{
        f"POST /admin/koubo/{{koubo_id:int}}/{a}": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 404}
        for a in ("approve", "return", "stop", "hide", "unhide")
    },
    # 代理登録 with an empty form: the preview shows it (200), 確認 and 登録 refuse it (422)
    "POST /admin/koubo/proxy/preview": {**_STAFF_ONLY_GET, "anonymous": 401},
    "POST /admin/koubo/proxy/back": {**_STAFF_ONLY_GET, "anonymous": 401},
    "POST /admin/koubo/proxy/confirm": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 422},
    "POST /admin/koubo/proxy/publish": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 422},
    "GET /admin/koubo-types": _STAFF_ONLY_GET,
    "POST /admin/koubo-types": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 422},  # no name
    "POST /admin/koubo-types/{type_id:int}/rename": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 422},
    # up/down/deactivate/activate act on the seeded type; delete without its name deletes nothing (flash)
    **{
        f"POST /admin/koubo-types/{{type_id:int}}/{a}": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 303}
        for a in ("up", "down", "deactivate", "activate", "delete")
    },
    # プレ公募情報 (recruitment): JICA's entry (any other organization is refused), the secretariat, the public
    "GET /recruitment/pre": _JICA_GET,
    "GET /recruitment/pre/new": _JICA_GET,
    "GET /recruitment/pre/{pre_koubo_id:int}/edit": _JICA_GET,
    "GET /recruitment/pre/{pre_koubo_id:int}/stop": _JICA_GET,
    "POST /recruitment/pre/save": _JICA_POST,
    "POST /recruitment/pre/confirm": _JICA_POST,
    "POST /recruitment/pre/back": _JICA_POST,
    "POST /recruitment/pre/submit": _JICA_POST,
    "POST /recruitment/pre/{pre_koubo_id:int}/save": _JICA_POST,
    "POST /recruitment/pre/{pre_koubo_id:int}/confirm": _JICA_POST,
    "POST /recruitment/pre/{pre_koubo_id:int}/back": _JICA_POST,
    "POST /recruitment/pre/{pre_koubo_id:int}/submit": _JICA_POST,
    "POST /recruitment/pre/{pre_koubo_id:int}/stop": _JICA_POST,
    "POST /recruitment/pre/{pre_koubo_id:int}/koubo": _JICA_POST,
    "GET /admin/recruitment/pre": _STAFF_ONLY_GET,
    "GET /admin/recruitment/pre/new": _STAFF_ONLY_GET,
    "POST /admin/recruitment/pre/new": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 422},
    "GET /admin/recruitment/pre/{pre_koubo_id:int}": {**_STAFF_ONLY_GET, "secretariat": 404},
    "POST /admin/recruitment/pre/{pre_koubo_id:int}/approve": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 404},
    "POST /admin/recruitment/pre/{pre_koubo_id:int}/return": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 404},
    "POST /admin/recruitment/pre/{pre_koubo_id:int}/stop": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 404},
    "GET /koubo/pre": _all(200),
    "POST /koubo/pre/{pre_koubo_id:int}/follow": {**_all(403), "anonymous": 401, "individual": 404},
    "POST /koubo/pre/{pre_koubo_id:int}/unfollow": {**_all(403), "anonymous": 401, "individual": 404},
}

# 公示案件: the public 公示情報; 公示登録・公示一覧 only for the JICA account (org_a/org_b are not JICA: 403);
# 公示の審査・公示代理登録 for the secretariat (no 公示 1 in this database: 404)
_JICA_GET = {**_all(403), "anonymous": 303}
_JICA_POST = {**_all(403), "anonymous": 401}
_OFFICE_POST_404 = {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 404}
ACCESS_TABLE.update(
    {
        "GET /koji": _all(200),
        "GET /koji/feed.atom": _all(200),
        "GET /koji/{koji_id:int}": _all(404),
        "GET /koji/{koji_id:int}/files/{file_id:int}": _all(404),
        "GET /mypage/koji": _JICA_GET,
        "GET /mypage/koji/new": _JICA_GET,
        "GET /mypage/koji/{koji_id:int}": _JICA_GET,
        "GET /mypage/koji/{koji_id:int}/edit": _JICA_GET,
        "GET /mypage/koji/{koji_id:int}/stop": _JICA_GET,
        "GET /mypage/koji/{koji_id:int}/files/{file_id:int}": _JICA_GET,
        "POST /mypage/koji/save": _JICA_POST,
        "POST /mypage/koji/preview": _JICA_POST,
        "POST /mypage/koji/confirm": _JICA_POST,
        "POST /mypage/koji/{koji_id:int}/save": _JICA_POST,
        "POST /mypage/koji/{koji_id:int}/preview": _JICA_POST,
        "POST /mypage/koji/{koji_id:int}/confirm": _JICA_POST,
        "POST /mypage/koji/{koji_id:int}/submit": _JICA_POST,
        "POST /mypage/koji/{koji_id:int}/stop": _JICA_POST,
        "POST /mypage/koji/{koji_id:int}/result": _JICA_POST,
        "POST /mypage/koji/{koji_id:int}/files/{file_id:int}/delete": _JICA_POST,
        "GET /admin/koji": _STAFF_ONLY_GET,
        "GET /admin/koji/new": _STAFF_ONLY_GET,
        "GET /admin/koji/{koji_id:int}": {**_STAFF_ONLY_GET, "secretariat": 404},
        "GET /admin/koji/{koji_id:int}/edit": {**_STAFF_ONLY_GET, "secretariat": 404},
        "GET /admin/koji/{koji_id:int}/files/{file_id:int}": {**_STAFF_ONLY_GET, "secretariat": 404},
        "POST /admin/koji/save": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 422},  # no 団体 chosen
        "POST /admin/koji/preview": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 422},
        "POST /admin/koji/confirm": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 422},
        "POST /admin/koji/{koji_id:int}/save": _OFFICE_POST_404,
        "POST /admin/koji/{koji_id:int}/preview": _OFFICE_POST_404,
        "POST /admin/koji/{koji_id:int}/confirm": _OFFICE_POST_404,
        "POST /admin/koji/{koji_id:int}/publish": _OFFICE_POST_404,
        "POST /admin/koji/{koji_id:int}/approve": _OFFICE_POST_404,
        "POST /admin/koji/{koji_id:int}/return": _OFFICE_POST_404,
        "POST /admin/koji/{koji_id:int}/stop": _OFFICE_POST_404,
        "POST /admin/koji/{koji_id:int}/result": _OFFICE_POST_404,
        "POST /admin/koji/{koji_id:int}/files/{file_id:int}/delete": _OFFICE_POST_404,
    }
)

# アンケート (surveys): the secretariat's builder and results (no survey exists: 404 for staff), and the
# public answer page, where the personal token is the only proof (a made-up token: 404 for everyone)
ACCESS_TABLE.update(
    {
        "GET /admin/surveys": _STAFF_ONLY_GET,
        "GET /admin/surveys/new": _STAFF_ONLY_GET,
        "POST /admin/surveys": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 422},  # no title
        "GET /admin/surveys/{survey_id:int}": {**_STAFF_ONLY_GET, "secretariat": 404},
        "GET /admin/surveys/{survey_id:int}/audience": {**_STAFF_ONLY_GET, "secretariat": 404},
        "GET /admin/surveys/{survey_id:int}/results": {**_STAFF_ONLY_GET, "secretariat": 404},
        "GET /admin/surveys/{survey_id:int}/preview": {**_STAFF_ONLY_GET, "secretariat": 404},
        "GET /admin/surveys/{survey_id:int}/results.csv": {**_STAFF_ONLY_GET, "secretariat": 404},
        "GET /admin/surveys/{survey_id:int}/questions/{question_id:int}": {**_STAFF_ONLY_GET, "secretariat": 404},
        **{
            f"POST /admin/surveys/{{survey_id:int}}/{a}": _OFFICE_POST_404
            for a in ("settings", "questions", "copy", "close", "delete", "start")
        },
        **{
            f"POST /admin/surveys/{{survey_id:int}}/questions/{{question_id:int}}{a}": _OFFICE_POST_404
            for a in ("", "/up", "/down", "/delete")
        },
        "GET /surveys/{token:str}": _all(404),
        "POST /surveys/{token:str}": _all(404),
    }
)

# 定期アンケート and 認知度アンケート (surveys): staff pages (no program 999; survey 1 is a program's
# question set once 準備 has run, not a 認知度アンケート: 404), and the public 認知度アンケート (none open: 404)
ACCESS_TABLE.update(
    {
        "GET /admin/surveys/programs": _STAFF_ONLY_GET,
        "POST /admin/surveys/programs/setup": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 303},
        "POST /admin/surveys/programs/{program_id:int}/schedule": _OFFICE_POST_404,
        "POST /admin/surveys/awareness": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 303},
        "POST /admin/surveys/awareness/{survey_id:int}/publish": _OFFICE_POST_404,
        "GET /survey/awareness": _all(404),
        "POST /survey/awareness": _all(404),
    }
)

# セミナーの当日・後処理 (features/seminars routes_after, routes_followup): staff-only pages (no seminar
# in this database: 404 for the secretariat), the participants' materials (their own confirmed
# registration only; a guest's signed link), the public reports.
_SEMINAR_OFFICE_GET = {**_STAFF_ONLY_GET, "secretariat": 404}
_SEMINAR_OFFICE_POST = {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 404}
_SEMINAR_PARTICIPANT_GET = {**_all(404), "anonymous": 303}
ACCESS_TABLE.update(
    {
        "GET /admin/seminars/{seminar_id:int}/analysis": _SEMINAR_OFFICE_GET,
        "GET /admin/seminars/{seminar_id:int}/registrations.csv": _SEMINAR_OFFICE_GET,
        "GET /admin/seminars/{seminar_id:int}/materials": _SEMINAR_OFFICE_GET,
        "POST /admin/seminars/{seminar_id:int}/materials": _SEMINAR_OFFICE_POST,
        "GET /admin/seminars/{seminar_id:int}/materials/{material_id:int}": _SEMINAR_OFFICE_GET,
        "POST /admin/seminars/{seminar_id:int}/materials/{material_id:int}/delete": _SEMINAR_OFFICE_POST,
        "GET /seminars/{seminar_id:int}/materials": _SEMINAR_PARTICIPANT_GET,
        "GET /seminars/{seminar_id:int}/materials/{material_id:int}": _SEMINAR_PARTICIPANT_GET,
        "GET /seminars/{seminar_id:int}/materials/r/{registration_id:int}/{signature:str}": _all(404),
        "GET /seminars/{seminar_id:int}/materials/r/{registration_id:int}/{signature:str}/{material_id:int}": _all(404),
        "GET /admin/seminars/{seminar_id:int}/checkin": _SEMINAR_OFFICE_GET,
        "POST /admin/seminars/{seminar_id:int}/checkin/{registration_id:int}": _SEMINAR_OFFICE_POST,
        "POST /admin/seminars/{seminar_id:int}/checkin/{registration_id:int}/undo": _SEMINAR_OFFICE_POST,
        "GET /admin/seminars/{seminar_id:int}/roster.pdf": _SEMINAR_OFFICE_GET,
        "GET /admin/seminars/{seminar_id:int}/report": _SEMINAR_OFFICE_GET,
        "POST /admin/seminars/{seminar_id:int}/report": _SEMINAR_OFFICE_POST,
        "POST /admin/seminars/{seminar_id:int}/report/submit": _SEMINAR_OFFICE_POST,
        "POST /admin/seminars/{seminar_id:int}/report/send-back": _SEMINAR_OFFICE_POST,
        "POST /admin/seminars/{seminar_id:int}/report/publish": _SEMINAR_OFFICE_POST,
        "POST /admin/seminars/{seminar_id:int}/report/withdraw": _SEMINAR_OFFICE_POST,
        "POST /admin/seminars/{seminar_id:int}/report/photos": _SEMINAR_OFFICE_POST,
        "POST /admin/seminars/{seminar_id:int}/report/photos/{photo_id:int}/delete": _SEMINAR_OFFICE_POST,
        "GET /admin/seminars/{seminar_id:int}/after": _SEMINAR_OFFICE_GET,
        "POST /admin/seminars/{seminar_id:int}/survey/standard": _SEMINAR_OFFICE_POST,
        "POST /admin/seminars/{seminar_id:int}/survey/copy": _SEMINAR_OFFICE_POST,
        "POST /admin/seminars/{seminar_id:int}/survey/send": _SEMINAR_OFFICE_POST,
        "GET /admin/seminars/{seminar_id:int}/report.pdf": _SEMINAR_OFFICE_GET,
        "GET /seminars/reports": _all(200),
        "GET /seminars/{seminar_id:int}/report": _all(404),
        "GET /seminars/{seminar_id:int}/report/photos/{photo_id:int}": _all(404),
    }
)

# セミナー (seminars): the public pages and links, the mypage list, the secretariat's pages.
_SEMINAR_OFFICE_GET_404 = {**_STAFF_ONLY_GET, "secretariat": 404}  # no seminar in this database
ACCESS_TABLE.update(
    {
        "GET /seminars": _all(200),
        "GET /seminars/{seminar_id:int}": _all(404),
        "GET /seminars/{seminar_id:int}/apply": _all(404),
        "POST /seminars/{seminar_id:int}/apply": _all(404),
        "GET /seminars/{seminar_id:int}/applied": _all(404),
        "GET /seminars/verify/{token:str}": _all(404),
        "POST /seminars/verify/{token:str}": _all(409),  # the link is no good
        "GET /seminars/cancel/{token:str}": _all(404),
        "POST /seminars/cancel/{token:str}": _all(404),
        "GET /mypage/seminars": _LOGGED_IN_GET,
        "POST /mypage/seminars/{registration_id:int}/cancel": {**_all(404), "anonymous": 401},
        "GET /admin/seminars": _STAFF_ONLY_GET,
        "GET /admin/seminars/new": _STAFF_ONLY_GET,
        "POST /admin/seminars/new": {**_STAFF_ONLY_GET, "anonymous": 401, "secretariat": 422},  # empty form
        **{
            f"GET /admin/seminars/{{seminar_id:int}}{suffix}": _SEMINAR_OFFICE_GET_404
            for suffix in (
                "",
                "/attendance",
                "/cancel",
                "/edit",
                "/flyer.pdf",
                "/messages",
                "/registrations",
                "/sessions/{session_id:int}",
                "/speakers/{speaker_id:int}/letter.pdf",
            )
        },
        **{
            f"POST /admin/seminars/{{seminar_id:int}}{suffix}": _OFFICE_POST_404
            for suffix in (
                "/announce",
                "/back-to-planning",
                "/close",
                "/reopen",
                "/hold",
                "/finish",
                "/cancel",
                "/edit",
                "/attendance/{organization_id:int}",
                "/counselors",
                "/counselors/{slot_id:int}/delete",
                "/messages",
                "/registrations/{registration_id:int}/cancel",
                "/sessions",
                "/sessions/{session_id:int}",
                "/sessions/{session_id:int}/delete",
                "/speakers",
                "/speakers/{speaker_id:int}/accept",
                "/speakers/{speaker_id:int}/decline",
                "/speakers/{speaker_id:int}/delete",
                "/speakers/{speaker_id:int}/request",
            )
        },
    }
)

# 対面相談: anyone sees the free slots; registrants book; counselors keep their slots and records;
# the secretariat sees everything (no slot or booking exists in this database: 404 where allowed).
_INDIVIDUAL_GET_404 = {**_all(403), "anonymous": 303, "individual": 404}
_INDIVIDUAL_POST_404 = {**_all(403), "anonymous": 401, "individual": 404}
_COUNSELOR_POST = {**_all(403), "anonymous": 401}
_STAFF_GET_404 = {**_all(403), "anonymous": 303, "secretariat": 404, "counselor": 404}
ACCESS_TABLE.update(
    {
        "GET /consultation": _all(200),
        "GET /consultation/slots/{slot_id:int}": _INDIVIDUAL_GET_404,
        "POST /consultation/slots/{slot_id:int}": _INDIVIDUAL_POST_404,
        "GET /mypage/consultations": {**_all(403), "anonymous": 303, "individual": 200},
        "GET /mypage/consultations/{booking_id:int}": _INDIVIDUAL_GET_404,
        "POST /mypage/consultations/{booking_id:int}/cancel": _INDIVIDUAL_POST_404,
        "GET /mypage/consultations/{booking_id:int}/reschedule": _INDIVIDUAL_GET_404,
        "POST /mypage/consultations/{booking_id:int}/reschedule": _INDIVIDUAL_POST_404,
        "GET /counselor/slots": {**_all(403), "anonymous": 303, "counselor": 200},
        "POST /counselor/slots": {**_COUNSELOR_POST, "counselor": 422},
        "POST /counselor/slots/pattern": {**_COUNSELOR_POST, "counselor": 422},
        "POST /counselor/slots/{slot_id:int}/delete": {**_COUNSELOR_POST, "counselor": 404},
        "GET /counselor/bookings": {**_all(403), "anonymous": 303, "secretariat": 200, "counselor": 200},
        "GET /counselor/bookings/{booking_id:int}": _STAFF_GET_404,
        "GET /counselor/bookings/{booking_id:int}/resume": _STAFF_GET_404,
        "POST /counselor/bookings/{booking_id:int}/record": {**_COUNSELOR_POST, "counselor": 404},
        "POST /counselor/bookings/{booking_id:int}/no-show": {**_COUNSELOR_POST, "counselor": 404},
        "POST /counselor/bookings/{booking_id:int}/cancel": {**_COUNSELOR_POST, "counselor": 404},
        "POST /counselor/bookings/{booking_id:int}/reschedule": {**_COUNSELOR_POST, "counselor": 404},
        "GET /admin/consultation": _STAFF_ONLY_GET,
    }
)

# メール相談: the person's own cases, the secretariat's queue, the counselor's assigned cases, and
# the JICA contact's pages behind a mailed token (none is valid here). No case in this database.
_MC_PERSON_GET = {**_all(403), "anonymous": 303, "individual": 200}
_MC_PERSON_404 = {**_all(403), "anonymous": 303, "individual": 404}
_MC_PERSON_POST_404 = {**_all(403), "anonymous": 401, "individual": 404}
_MC_OFFICE_POST_404 = {**_all(403), "anonymous": 401, "secretariat": 404}
_MC_COUNSELOR_GET = {**_all(403), "anonymous": 303, "counselor": 200}
_MC_COUNSELOR_404 = {**_all(403), "anonymous": 303, "counselor": 404}
_MC_COUNSELOR_POST_404 = {**_all(403), "anonymous": 401, "counselor": 404}
ACCESS_TABLE.update(
    {
        "GET /mypage/mail-consultations": _MC_PERSON_GET,
        "GET /mypage/mail-consultations/new": _MC_PERSON_GET,
        "POST /mypage/mail-consultations": {**_all(403), "anonymous": 401, "individual": 422},
        "GET /mypage/mail-consultations/{case_id:int}": _MC_PERSON_404,
        "POST /mypage/mail-consultations/{case_id:int}/complete": _MC_PERSON_POST_404,
        "GET /mypage/mail-consultations/{case_id:int}/attachment": _MC_PERSON_404,
        "GET /admin/mail-consultations": _STAFF_ONLY_GET,
        "GET /admin/mail-consultations/{case_id:int}": {**_STAFF_ONLY_GET, "secretariat": 404},
        "GET /admin/mail-consultations/{case_id:int}/attachment": {**_STAFF_ONLY_GET, "secretariat": 404},
        **{
            f"POST /admin/mail-consultations/{{case_id:int}}/{action}": _MC_OFFICE_POST_404
            for action in (
                "assign-counselor",
                "assign-jica",
                "draft",
                "submit-draft",
                "approve",
                "send-back",
                "complete",
                "notes",
            )
        },
        "GET /admin/mail-consultation-templates": _STAFF_ONLY_GET,
        "POST /admin/mail-consultation-templates": {**_all(403), "anonymous": 401, "secretariat": 422},
        "GET /admin/mail-consultation-templates/{template_id:int}": {**_STAFF_ONLY_GET, "secretariat": 404},
        "POST /admin/mail-consultation-templates/{template_id:int}": _MC_OFFICE_POST_404,
        "POST /admin/mail-consultation-templates/{template_id:int}/delete": _MC_OFFICE_POST_404,
        "GET /counselor/mail-consultations": _MC_COUNSELOR_GET,
        "GET /counselor/mail-consultations/{case_id:int}": _MC_COUNSELOR_404,
        "GET /counselor/mail-consultations/{case_id:int}/attachment": _MC_COUNSELOR_404,
        "POST /counselor/mail-consultations/{case_id:int}/draft": _MC_COUNSELOR_POST_404,
        "POST /counselor/mail-consultations/{case_id:int}/submit": _MC_COUNSELOR_POST_404,
        "POST /counselor/mail-consultations/{case_id:int}/notes": _MC_COUNSELOR_POST_404,
        "GET /mail-consultation/jica/{token:str}": _all(404),
        "POST /mail-consultation/jica/{token:str}": _all(404),
        "POST /mail-consultation/jica/{token:str}/save": _all(404),
        "GET /mail-consultation/jica-done": _all(200),
    }
)


# mail_preferences (issue 14): メール配信設定 for 個人 and 団体; the signed one-click unsubscribe
# (a made-up token is refused with 400 for everyone; the POST needs no CSRF token).
ACCESS_TABLE.update(
    {
        "GET /mypage/mail-preferences": {**_all(403), "anonymous": 303, "individual": 200, "org_a": 200, "org_b": 200},
        "POST /mypage/mail-preferences": {**_all(403), "anonymous": 401, "individual": 303, "org_a": 303, "org_b": 303},
        "GET /unsubscribe/{token:str}": _all(400),
        "POST /unsubscribe/{token:str}": _all(400),
    }
)

# bounces (不達メールアドレス)
ACCESS_TABLE.update(
    {
        "GET /admin/bounces": _STAFF_ONLY_GET,
        # 団体の延長登録 (features/accounts/routes_org_registration.py)
        "GET /mypage/organization/extend": {**_all(403), "anonymous": 303, "org_a": 200, "org_b": 200},
        "POST /mypage/organization/extend": {**_all(403), "anonymous": 401, "org_a": 422, "org_b": 422},
        "GET /admin/organizations/expiring": _STAFF_ONLY_GET,
        "POST /admin/organizations/{organization_id:int}/extend": {**_all(403), "anonymous": 401, "secretariat": 303},
        # 物故者管理 (features/accounts/routes_deceased.py)
        "GET /admin/deceased": _STAFF_ONLY_GET,
        "POST /admin/deceased/match": {**_all(403), "anonymous": 401, "secretariat": 422},
        "POST /admin/deceased/confirm": {**_all(403), "anonymous": 401, "secretariat": 422},
        "POST /admin/accounts/{user_id:int}/deceased": {**_all(403), "anonymous": 401, "secretariat": 422},
        "POST /admin/deceased/{record_id:int}/revoke": {**_all(403), "anonymous": 401, "secretariat": 422},
        # システム運用 (features/operations)
        "GET /admin/operations": _STAFF_ONLY_GET,
        "GET /admin/operations/audit": _STAFF_ONLY_GET,
        "GET /admin/bounces/{address_id:int}": {**_STAFF_ONLY_GET, "secretariat": 404},
        "POST /admin/bounces/{address_id:int}/release": {**_all(403), "anonymous": 401, "secretariat": 404},
    }
)

# saved_searches (issue 14): 保存した検索条件 for 個人 and 団体 (search 1 does not exist: 404; the
# 条件を保存 form without a scope is refused with 404 for both; an empty POST names no scope: 404).
_MEMBERS_GET = {**_all(403), "anonymous": 303, "individual": 200, "org_a": 200, "org_b": 200}
_MEMBERS_404_GET = {**_all(403), "anonymous": 303, "individual": 404, "org_a": 404, "org_b": 404}
_MEMBERS_404_POST = {**_all(403), "anonymous": 401, "individual": 404, "org_a": 404, "org_b": 404}
ACCESS_TABLE.update(
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
_OFFICE_ISSUE_POST = {**_all(403), "anonymous": 401, "secretariat": 404}
ACCESS_TABLE.update(
    {
        "GET /admin/partner-news": _STAFF_ONLY_GET,
        "GET /admin/partner-news/{issue_id:int}": {**_STAFF_ONLY_GET, "secretariat": 404},
        "GET /admin/partner-news/{issue_id:int}/preview": {**_STAFF_ONLY_GET, "secretariat": 404},
        "POST /admin/partner-news/{issue_id:int}/lead": _OFFICE_ISSUE_POST,
        "POST /admin/partner-news/{issue_id:int}/items/{item_id:int}/up": _OFFICE_ISSUE_POST,
        "POST /admin/partner-news/{issue_id:int}/items/{item_id:int}/down": _OFFICE_ISSUE_POST,
        "POST /admin/partner-news/{issue_id:int}/items/{item_id:int}/remove": _OFFICE_ISSUE_POST,
        "POST /admin/partner-news/{issue_id:int}/sections/{key:str}/up": _OFFICE_ISSUE_POST,
        "POST /admin/partner-news/{issue_id:int}/sections/{key:str}/down": _OFFICE_ISSUE_POST,
        "POST /admin/partner-news/{issue_id:int}/approve": _OFFICE_ISSUE_POST,
        "POST /admin/partner-news/{issue_id:int}/unapprove": _OFFICE_ISSUE_POST,
        "GET /news/partner-news": _all(200),
        "GET /news/partner-news/{number:int}": _all(404),  # no sent issue in this database
    }
)

# mailings (メール配信, issue 14): the secretariat only; a made-up id is 404 for the secretariat.
_MAILING_POST_404 = {**_all(403), "anonymous": 401, "secretariat": 404}
ACCESS_TABLE.update(
    {
        "GET /admin/mailings": _STAFF_ONLY_GET,
        "GET /admin/mailings/new": _STAFF_ONLY_GET,
        "POST /admin/mailings": {**_all(403), "anonymous": 401, "secretariat": 422},
        "GET /admin/mailings/audience-count": _STAFF_ONLY_GET,
        "GET /admin/mailings/{mailing_id:int}": {**_STAFF_ONLY_GET, "secretariat": 404},
        "POST /admin/mailings/{mailing_id:int}": _MAILING_POST_404,
        "POST /admin/mailings/{mailing_id:int}/submit": _MAILING_POST_404,
        "POST /admin/mailings/{mailing_id:int}/test": _MAILING_POST_404,
        "POST /admin/mailings/{mailing_id:int}/send-back": _MAILING_POST_404,
        "POST /admin/mailings/{mailing_id:int}/approve-now": _MAILING_POST_404,
        "POST /admin/mailings/{mailing_id:int}/approve-schedule": _MAILING_POST_404,
        "POST /admin/mailings/{mailing_id:int}/pause": _MAILING_POST_404,
        "POST /admin/mailings/{mailing_id:int}/resume": _MAILING_POST_404,
        "POST /admin/mailings/{mailing_id:int}/cancel": _MAILING_POST_404,
        "GET /admin/mailing-templates": _STAFF_ONLY_GET,
        "GET /admin/mailing-templates/new": _STAFF_ONLY_GET,
        "POST /admin/mailing-templates": {**_all(403), "anonymous": 401, "secretariat": 422},
        "GET /admin/mailing-templates/{template_id:int}": {**_STAFF_ONLY_GET, "secretariat": 404},
        "POST /admin/mailing-templates/{template_id:int}": _MAILING_POST_404,
        "POST /admin/mailing-templates/{template_id:int}/versions/{version:int}/restore": _MAILING_POST_404,
    }
)

# content (コラム・特集・進路情報, issue 15): the public pages for everyone (no article in this
# database: 404), the secretariat's pages for staff only (a made-up id is 404 for the secretariat).
_CONTENT_POST_404 = {**_all(403), "anonymous": 401, "secretariat": 404}
ACCESS_TABLE.update(
    {
        "GET /content": _all(200),
        "GET /content/feed.atom": _all(200),
        "GET /content/{key:str}": _all(404),
        "GET /content/images/{image_id:int}/{width:int}": _all(404),
        "GET /for-individuals": _all(200),
        "GET /for-organizations": _all(200),
        "GET /admin/content": _STAFF_ONLY_GET,
        "GET /admin/content/new": _STAFF_ONLY_GET,
        "POST /admin/content": {**_all(403), "anonymous": 401, "secretariat": 422},
        "GET /admin/content/{content_id:int}": {**_STAFF_ONLY_GET, "secretariat": 404},
        "GET /admin/content/{content_id:int}/review": {**_STAFF_ONLY_GET, "secretariat": 404},
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
_FAQ_STAFF_POST_404 = {**_all(403), "anonymous": 401, "secretariat": 404}
ACCESS_TABLE.update(
    {
        "GET /faq": _all(200),
        "GET /faq/{entry_id:int}": _all(404),
        "POST /faq/{entry_id:int}/helpful": _all(404),
        "POST /faq/{entry_id:int}/unhelpful": _all(404),
        "GET /admin/faq": _STAFF_ONLY_GET,
        "GET /admin/faq/new": _STAFF_ONLY_GET,
        "POST /admin/faq/new": {**_all(403), "anonymous": 401, "secretariat": 422},
        "GET /admin/faq/{entry_id:int}": {**_STAFF_ONLY_GET, "secretariat": 404},
        "POST /admin/faq/{entry_id:int}": _FAQ_STAFF_POST_404,
        "POST /admin/faq/{entry_id:int}/publish": _FAQ_STAFF_POST_404,
        "POST /admin/faq/{entry_id:int}/unpublish": _FAQ_STAFF_POST_404,
        "POST /admin/faq/{entry_id:int}/up": _FAQ_STAFF_POST_404,
        "POST /admin/faq/{entry_id:int}/down": _FAQ_STAFF_POST_404,
    }
)


# library (ライブラリ, issue 15): the secretariat's pages; files by audience (no item in this
# database: 404 for everyone — a 事務局内 item answers everyone but the staff the same way).
_LIBRARY_POST_404 = {**_all(403), "anonymous": 401, "secretariat": 404}
ACCESS_TABLE.update(
    {
        "GET /admin/library": _STAFF_ONLY_GET,
        "GET /admin/library/new": _STAFF_ONLY_GET,
        "POST /admin/library": {**_all(403), "anonymous": 401, "secretariat": 422},
        "GET /admin/library/{item_id:int}": {**_STAFF_ONLY_GET, "secretariat": 404},
        "POST /admin/library/{item_id:int}": _LIBRARY_POST_404,
        "POST /admin/library/{item_id:int}/versions": _LIBRARY_POST_404,
        "POST /admin/library/{item_id:int}/confirm": _LIBRARY_POST_404,
        "GET /library/files/{item_id:int}": _all(404),
        "GET /library/files/{item_id:int}/thumbnail": _all(404),
        "GET /library/files/{item_id:int}/versions/{version:int}": _all(404),
        "GET /pr-tools": _all(200),
        "GET /mypage/library": {**_all(403), "anonymous": 303, "org_a": 200, "org_b": 200},
    }
)


# press (プレスルーム, issue 15): the organization's own releases (none in this database: 404 by id),
# the secretariat's review (a made-up id is 404 for the secretariat), the public プレスルーム.
_PRESS_ORG_GET = {**_all(403), "anonymous": 303, "org_a": 200, "org_b": 200}
_PRESS_ORG_404_GET = {**_all(403), "anonymous": 303, "org_a": 404, "org_b": 404}
_PRESS_ORG_404_POST = {**_all(403), "anonymous": 401, "org_a": 404, "org_b": 404}
_PRESS_NEW_POST = {**_all(403), "anonymous": 401, "org_a": 422, "org_b": 422}  # the empty form: タイトル
ACCESS_TABLE.update(
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
        "GET /admin/press": _STAFF_ONLY_GET,
        "GET /admin/press/{release_id:int}": {**_STAFF_ONLY_GET, "secretariat": 404},
        "POST /admin/press/{release_id:int}/approve": {**_all(403), "anonymous": 401, "secretariat": 404},
        "POST /admin/press/{release_id:int}/return": {**_all(403), "anonymous": 401, "secretariat": 404},
        "GET /press": _all(200),
        "GET /press/feed.atom": _all(200),
        "GET /press/{release_id:int}": _all(404),
        "GET /press/{release_id:int}/pdf": _all(404),
        "GET /press/{release_id:int}/images/{image_id:int}": _all(404),
    }
)


# 問い合わせ対応 (issue 15): the secretariat only; no case or 定型文 in this database (404 for it).
_INQ_POST_404 = {**_all(403), "anonymous": 401, "secretariat": 404}
ACCESS_TABLE.update(
    {
        "GET /contact/suggestions": _all(200),
        "GET /admin/inquiries": _STAFF_ONLY_GET,
        "GET /admin/inquiries/stats": _STAFF_ONLY_GET,
        "GET /admin/inquiries/{case_id:int}": {**_STAFF_ONLY_GET, "secretariat": 404},
        **{
            f"POST /admin/inquiries/{{case_id:int}}/{action}": _INQ_POST_404
            for action in ("start", "close", "reopen", "assign", "reply", "received", "notes", "faq")
        },
        "GET /admin/inquiry-templates": _STAFF_ONLY_GET,
        "POST /admin/inquiry-templates": {**_all(403), "anonymous": 401, "secretariat": 422},
        "GET /admin/inquiry-templates/{template_id:int}": {**_STAFF_ONLY_GET, "secretariat": 404},
        "POST /admin/inquiry-templates/{template_id:int}": _INQ_POST_404,
        "POST /admin/inquiry-templates/{template_id:int}/delete": _INQ_POST_404,
    }
)

# 報告 (issue 16 item 1): the secretariat's report page only.
ACCESS_TABLE.update({"GET /admin/reports": _STAFF_ONLY_GET})
# 報告書 (issue 16 item 2): staff only; no document in this database (404), an empty form is 422.
ACCESS_TABLE.update(
    {
        "POST /admin/reports/documents": {**_all(403), "anonymous": 401, "secretariat": 422},
        **{
            f"GET /admin/reports/documents/{{document_id:int}}{suffix}": {**_STAFF_ONLY_GET, "secretariat": 404}
            for suffix in ("", "/pdf", "/xlsx")
        },
    }
)
