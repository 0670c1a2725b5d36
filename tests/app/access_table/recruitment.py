"""公募 (applying, public pages, JICA's management, the secretariat), プレ公募情報, 公示案件."""

from tests.app.access_table.personas import OFFICE_POST_404, STAFF_ONLY_GET, everyone

# JICA's own pages: the personas' organizations are not JICA (a non-JICA organization gets 403).
_JICA_GET = {**everyone(403), "anonymous": 303}
_JICA_POST = {**everyone(403), "anonymous": 401}

ROWS: dict[str, dict[str, int]] = {}

ROWS.update(
    {
        # 公募 applying (no 公募 in this database) and the JICA account's 応募一覧 (org_a and org_b are not JICA)
        "GET /koubo/{koubo_id:int}/apply": {**everyone(403), "anonymous": 303, "individual": 404},
        "POST /koubo/{koubo_id:int}/apply": {**everyone(403), "anonymous": 401, "individual": 404},
        "POST /koubo/{koubo_id:int}/apply/submit": {**everyone(403), "anonymous": 401, "individual": 404},
        "GET /mypage/koubo-applications": {**everyone(403), "anonymous": 303, "individual": 200},
        "POST /mypage/koubo-applications/{application_id:int}/decline": {
            **everyone(403),
            "anonymous": 401,
            "individual": 404,
        },
        "GET /jica/koubo/{koubo_id:int}/applications": {**everyone(403), "anonymous": 303},
        "GET /jica/koubo/{koubo_id:int}/applications.csv": {**everyone(403), "anonymous": 303},
        "GET /jica/koubo-applications/{application_id:int}": {**everyone(403), "anonymous": 303},
        "POST /jica/koubo-applications/{application_id:int}/status": {**everyone(403), "anonymous": 401},
        "POST /jica/koubo-applications/{application_id:int}/note": {**everyone(403), "anonymous": 401},
        "GET /jica/koubo-applications/{application_id:int}/files/{file_id:int}": {**everyone(403), "anonymous": 303},
        "GET /jica/koubo-applications/{application_id:int}/resume.pdf": {**everyone(403), "anonymous": 303},
        # 公募情報 (public) and 公募案件アクセス数 (the secretariat)
        "GET /koubo": everyone(200),
        "GET /koubo/archive": everyone(200),
        "GET /koubo/{koubo_id:int}": everyone(404),  # no 公募 in this database
        "GET /koubo/feed.atom": everyone(200),
        "GET /admin/koubo/access": STAFF_ONLY_GET,
        "GET /admin/koubo/access.csv": STAFF_ONLY_GET,
        "POST /admin/organizations/{organization_id:int}/jica": {
            **STAFF_ONLY_GET,
            "anonymous": 401,
            "secretariat": 303,
        },
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
        "GET /admin/koubo": STAFF_ONLY_GET,
        "GET /admin/koubo/review": STAFF_ONLY_GET,
        "GET /admin/koubo/proxy": STAFF_ONLY_GET,
        "GET /admin/koubo/{koubo_id:int}": {**STAFF_ONLY_GET, "secretariat": 404},
        **{
            f"POST /admin/koubo/{{koubo_id:int}}/{a}": {**STAFF_ONLY_GET, "anonymous": 401, "secretariat": 404}
            for a in ("approve", "return", "stop", "hide", "unhide")
        },
        # 代理登録 with an empty form: the preview shows it (200), 確認 and 登録 refuse it (422)
        "POST /admin/koubo/proxy/preview": {**STAFF_ONLY_GET, "anonymous": 401},
        "POST /admin/koubo/proxy/back": {**STAFF_ONLY_GET, "anonymous": 401},
        "POST /admin/koubo/proxy/confirm": {**STAFF_ONLY_GET, "anonymous": 401, "secretariat": 422},
        "POST /admin/koubo/proxy/publish": {**STAFF_ONLY_GET, "anonymous": 401, "secretariat": 422},
        "GET /admin/koubo-types": STAFF_ONLY_GET,
        "POST /admin/koubo-types": {**STAFF_ONLY_GET, "anonymous": 401, "secretariat": 422},  # no name
        "POST /admin/koubo-types/{type_id:int}/rename": {**STAFF_ONLY_GET, "anonymous": 401, "secretariat": 422},
        # up/down/deactivate/activate act on the seeded type; delete without its name deletes nothing (flash)
        **{
            f"POST /admin/koubo-types/{{type_id:int}}/{a}": {**STAFF_ONLY_GET, "anonymous": 401, "secretariat": 303}
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
        "GET /admin/recruitment/pre": STAFF_ONLY_GET,
        "GET /admin/recruitment/pre/new": STAFF_ONLY_GET,
        "POST /admin/recruitment/pre/new": {**STAFF_ONLY_GET, "anonymous": 401, "secretariat": 422},
        "GET /admin/recruitment/pre/{pre_koubo_id:int}": {**STAFF_ONLY_GET, "secretariat": 404},
        "POST /admin/recruitment/pre/{pre_koubo_id:int}/approve": {
            **STAFF_ONLY_GET,
            "anonymous": 401,
            "secretariat": 404,
        },
        "POST /admin/recruitment/pre/{pre_koubo_id:int}/return": {
            **STAFF_ONLY_GET,
            "anonymous": 401,
            "secretariat": 404,
        },
        "POST /admin/recruitment/pre/{pre_koubo_id:int}/stop": {**STAFF_ONLY_GET, "anonymous": 401, "secretariat": 404},
        "GET /koubo/pre": everyone(200),
        "POST /koubo/pre/{pre_koubo_id:int}/follow": {**everyone(403), "anonymous": 401, "individual": 404},
        "POST /koubo/pre/{pre_koubo_id:int}/unfollow": {**everyone(403), "anonymous": 401, "individual": 404},
    }
)

# 公示案件: the public 公示情報; 公示登録・公示一覧 only for the JICA account (org_a/org_b are not JICA: 403);
# 公示の審査・公示代理登録 for the secretariat (no 公示 1 in this database: 404)
ROWS.update(
    {
        "GET /koji": everyone(200),
        "GET /koji/feed.atom": everyone(200),
        "GET /koji/{koji_id:int}": everyone(404),
        "GET /koji/{koji_id:int}/files/{file_id:int}": everyone(404),
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
        "GET /admin/koji": STAFF_ONLY_GET,
        "GET /admin/koji/new": STAFF_ONLY_GET,
        "GET /admin/koji/{koji_id:int}": {**STAFF_ONLY_GET, "secretariat": 404},
        "GET /admin/koji/{koji_id:int}/edit": {**STAFF_ONLY_GET, "secretariat": 404},
        "GET /admin/koji/{koji_id:int}/files/{file_id:int}": {**STAFF_ONLY_GET, "secretariat": 404},
        "POST /admin/koji/save": {**STAFF_ONLY_GET, "anonymous": 401, "secretariat": 422},  # no 団体 chosen
        "POST /admin/koji/preview": {**STAFF_ONLY_GET, "anonymous": 401, "secretariat": 422},
        "POST /admin/koji/confirm": {**STAFF_ONLY_GET, "anonymous": 401, "secretariat": 422},
        "POST /admin/koji/{koji_id:int}/save": OFFICE_POST_404,
        "POST /admin/koji/{koji_id:int}/preview": OFFICE_POST_404,
        "POST /admin/koji/{koji_id:int}/confirm": OFFICE_POST_404,
        "POST /admin/koji/{koji_id:int}/publish": OFFICE_POST_404,
        "POST /admin/koji/{koji_id:int}/approve": OFFICE_POST_404,
        "POST /admin/koji/{koji_id:int}/return": OFFICE_POST_404,
        "POST /admin/koji/{koji_id:int}/stop": OFFICE_POST_404,
        "POST /admin/koji/{koji_id:int}/result": OFFICE_POST_404,
        "POST /admin/koji/{koji_id:int}/files/{file_id:int}/delete": OFFICE_POST_404,
    }
)
