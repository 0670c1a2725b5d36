"""アンケート, セミナー (before, on the day and after), 対面相談, メール相談."""

from tests.app.access_table.personas import LOGGED_IN_GET, OFFICE_POST_404, STAFF_ONLY_GET, everyone

ROWS: dict[str, dict[str, int]] = {}

# アンケート (surveys): the secretariat's builder and results (no survey exists: 404 for staff), and the
# public answer page, where the personal token is the only proof (a made-up token: 404 for everyone)
ROWS.update(
    {
        "GET /admin/surveys": STAFF_ONLY_GET,
        "GET /admin/surveys/new": STAFF_ONLY_GET,
        "POST /admin/surveys": {**STAFF_ONLY_GET, "anonymous": 401, "secretariat": 422},  # no title
        "GET /admin/surveys/{survey_id:int}": {**STAFF_ONLY_GET, "secretariat": 404},
        "GET /admin/surveys/{survey_id:int}/audience": {**STAFF_ONLY_GET, "secretariat": 404},
        "GET /admin/surveys/{survey_id:int}/results": {**STAFF_ONLY_GET, "secretariat": 404},
        "GET /admin/surveys/{survey_id:int}/preview": {**STAFF_ONLY_GET, "secretariat": 404},
        "GET /admin/surveys/{survey_id:int}/results.csv": {**STAFF_ONLY_GET, "secretariat": 404},
        "GET /admin/surveys/{survey_id:int}/questions/{question_id:int}": {**STAFF_ONLY_GET, "secretariat": 404},
        **{
            f"POST /admin/surveys/{{survey_id:int}}/{a}": OFFICE_POST_404
            for a in ("settings", "questions", "copy", "close", "delete", "start")
        },
        **{
            f"POST /admin/surveys/{{survey_id:int}}/questions/{{question_id:int}}{a}": OFFICE_POST_404
            for a in ("", "/up", "/down", "/delete")
        },
        "GET /surveys/{token:str}": everyone(404),
        "POST /surveys/{token:str}": everyone(404),
    }
)

# 定期アンケート and 認知度アンケート (surveys): staff pages (no program 999; survey 1 is a program's
# question set once 準備 has run, not a 認知度アンケート: 404), and the public 認知度アンケート (none open: 404)
ROWS.update(
    {
        "GET /admin/surveys/programs": STAFF_ONLY_GET,
        "POST /admin/surveys/programs/setup": {**STAFF_ONLY_GET, "anonymous": 401, "secretariat": 303},
        "POST /admin/surveys/programs/{program_id:int}/schedule": OFFICE_POST_404,
        "POST /admin/surveys/awareness": {**STAFF_ONLY_GET, "anonymous": 401, "secretariat": 303},
        "POST /admin/surveys/awareness/{survey_id:int}/publish": OFFICE_POST_404,
        "GET /survey/awareness": everyone(404),
        "POST /survey/awareness": everyone(404),
    }
)

# セミナーの当日・後処理 (features/seminars routes_after, routes_followup): staff-only pages (no seminar
# in this database: 404 for the secretariat), the participants' materials (their own confirmed
# registration only; a guest's signed link), the public reports.
_SEMINAR_OFFICE_GET = {**STAFF_ONLY_GET, "secretariat": 404}
_SEMINAR_OFFICE_POST = {**STAFF_ONLY_GET, "anonymous": 401, "secretariat": 404}
_SEMINAR_PARTICIPANT_GET = {**everyone(404), "anonymous": 303}
ROWS.update(
    {
        "GET /admin/seminars/{seminar_id:int}/analysis": _SEMINAR_OFFICE_GET,
        "GET /admin/seminars/{seminar_id:int}/registrations.csv": _SEMINAR_OFFICE_GET,
        "GET /admin/seminars/{seminar_id:int}/materials": _SEMINAR_OFFICE_GET,
        "POST /admin/seminars/{seminar_id:int}/materials": _SEMINAR_OFFICE_POST,
        "GET /admin/seminars/{seminar_id:int}/materials/{material_id:int}": _SEMINAR_OFFICE_GET,
        "POST /admin/seminars/{seminar_id:int}/materials/{material_id:int}/delete": _SEMINAR_OFFICE_POST,
        "GET /seminars/{seminar_id:int}/materials": _SEMINAR_PARTICIPANT_GET,
        "GET /seminars/{seminar_id:int}/materials/{material_id:int}": _SEMINAR_PARTICIPANT_GET,
        "GET /seminars/{seminar_id:int}/materials/r/{registration_id:int}/{signature:str}": everyone(404),
        "GET /seminars/{seminar_id:int}/materials/r/{registration_id:int}/{signature:str}/{material_id:int}": everyone(
            404
        ),
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
        "GET /seminars/reports": everyone(200),
        "GET /seminars/{seminar_id:int}/report": everyone(404),
        "GET /seminars/{seminar_id:int}/report/photos/{photo_id:int}": everyone(404),
    }
)

# セミナー (seminars): the public pages and links, the mypage list, the secretariat's pages.
_SEMINAR_OFFICE_GET_404 = {**STAFF_ONLY_GET, "secretariat": 404}  # no seminar in this database
ROWS.update(
    {
        "GET /seminars": everyone(200),
        "GET /seminars/{seminar_id:int}": everyone(404),
        "GET /seminars/{seminar_id:int}/apply": everyone(404),
        "POST /seminars/{seminar_id:int}/apply": everyone(404),
        "GET /seminars/{seminar_id:int}/applied": everyone(404),
        "GET /seminars/verify/{token:str}": everyone(404),
        "POST /seminars/verify/{token:str}": everyone(409),  # the link is no good
        "GET /seminars/cancel/{token:str}": everyone(404),
        "POST /seminars/cancel/{token:str}": everyone(404),
        "GET /mypage/seminars": LOGGED_IN_GET,
        "POST /mypage/seminars/{registration_id:int}/cancel": {**everyone(404), "anonymous": 401},
        "GET /admin/seminars": STAFF_ONLY_GET,
        "GET /admin/seminars/new": STAFF_ONLY_GET,
        "POST /admin/seminars/new": {**STAFF_ONLY_GET, "anonymous": 401, "secretariat": 422},  # empty form
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
            f"POST /admin/seminars/{{seminar_id:int}}{suffix}": OFFICE_POST_404
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
_INDIVIDUAL_GET_404 = {**everyone(403), "anonymous": 303, "individual": 404}
_INDIVIDUAL_POST_404 = {**everyone(403), "anonymous": 401, "individual": 404}
_COUNSELOR_POST = {**everyone(403), "anonymous": 401}
_STAFF_GET_404 = {**everyone(403), "anonymous": 303, "secretariat": 404, "counselor": 404}
ROWS.update(
    {
        "GET /consultation": everyone(200),
        "GET /consultation/slots/{slot_id:int}": _INDIVIDUAL_GET_404,
        "POST /consultation/slots/{slot_id:int}": _INDIVIDUAL_POST_404,
        "GET /mypage/consultations": {**everyone(403), "anonymous": 303, "individual": 200},
        "GET /mypage/consultations/{booking_id:int}": _INDIVIDUAL_GET_404,
        "POST /mypage/consultations/{booking_id:int}/cancel": _INDIVIDUAL_POST_404,
        "GET /mypage/consultations/{booking_id:int}/reschedule": _INDIVIDUAL_GET_404,
        "POST /mypage/consultations/{booking_id:int}/reschedule": _INDIVIDUAL_POST_404,
        "GET /counselor/slots": {**everyone(403), "anonymous": 303, "counselor": 200},
        "POST /counselor/slots": {**_COUNSELOR_POST, "counselor": 422},
        "POST /counselor/slots/pattern": {**_COUNSELOR_POST, "counselor": 422},
        "POST /counselor/slots/{slot_id:int}/delete": {**_COUNSELOR_POST, "counselor": 404},
        "GET /counselor/bookings": {**everyone(403), "anonymous": 303, "secretariat": 200, "counselor": 200},
        "GET /counselor/bookings/{booking_id:int}": _STAFF_GET_404,
        "GET /counselor/bookings/{booking_id:int}/resume": _STAFF_GET_404,
        "POST /counselor/bookings/{booking_id:int}/record": {**_COUNSELOR_POST, "counselor": 404},
        "POST /counselor/bookings/{booking_id:int}/no-show": {**_COUNSELOR_POST, "counselor": 404},
        "POST /counselor/bookings/{booking_id:int}/cancel": {**_COUNSELOR_POST, "counselor": 404},
        "POST /counselor/bookings/{booking_id:int}/reschedule": {**_COUNSELOR_POST, "counselor": 404},
        "GET /admin/consultation": STAFF_ONLY_GET,
    }
)

# メール相談: the person's own cases, the secretariat's queue, the counselor's assigned cases, and
# the JICA contact's pages behind a mailed token (none is valid here). No case in this database.
_MC_PERSON_GET = {**everyone(403), "anonymous": 303, "individual": 200}
_MC_PERSON_404 = {**everyone(403), "anonymous": 303, "individual": 404}
_MC_PERSON_POST_404 = {**everyone(403), "anonymous": 401, "individual": 404}
_MC_OFFICE_POST_404 = {**everyone(403), "anonymous": 401, "secretariat": 404}
_MC_COUNSELOR_GET = {**everyone(403), "anonymous": 303, "counselor": 200}
_MC_COUNSELOR_404 = {**everyone(403), "anonymous": 303, "counselor": 404}
_MC_COUNSELOR_POST_404 = {**everyone(403), "anonymous": 401, "counselor": 404}
ROWS.update(
    {
        "GET /mypage/mail-consultations": _MC_PERSON_GET,
        "GET /mypage/mail-consultations/new": _MC_PERSON_GET,
        "POST /mypage/mail-consultations": {**everyone(403), "anonymous": 401, "individual": 422},
        "GET /mypage/mail-consultations/{case_id:int}": _MC_PERSON_404,
        "POST /mypage/mail-consultations/{case_id:int}/complete": _MC_PERSON_POST_404,
        "GET /mypage/mail-consultations/{case_id:int}/attachment": _MC_PERSON_404,
        "GET /admin/mail-consultations": STAFF_ONLY_GET,
        "GET /admin/mail-consultations/{case_id:int}": {**STAFF_ONLY_GET, "secretariat": 404},
        "GET /admin/mail-consultations/{case_id:int}/attachment": {**STAFF_ONLY_GET, "secretariat": 404},
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
        "GET /admin/mail-consultation-templates": STAFF_ONLY_GET,
        "POST /admin/mail-consultation-templates": {**everyone(403), "anonymous": 401, "secretariat": 422},
        "GET /admin/mail-consultation-templates/{template_id:int}": {**STAFF_ONLY_GET, "secretariat": 404},
        "POST /admin/mail-consultation-templates/{template_id:int}": _MC_OFFICE_POST_404,
        "POST /admin/mail-consultation-templates/{template_id:int}/delete": _MC_OFFICE_POST_404,
        "GET /counselor/mail-consultations": _MC_COUNSELOR_GET,
        "GET /counselor/mail-consultations/{case_id:int}": _MC_COUNSELOR_404,
        "GET /counselor/mail-consultations/{case_id:int}/attachment": _MC_COUNSELOR_404,
        "POST /counselor/mail-consultations/{case_id:int}/draft": _MC_COUNSELOR_POST_404,
        "POST /counselor/mail-consultations/{case_id:int}/submit": _MC_COUNSELOR_POST_404,
        "POST /counselor/mail-consultations/{case_id:int}/notes": _MC_COUNSELOR_POST_404,
        "GET /mail-consultation/jica/{token:str}": everyone(404),
        "POST /mail-consultation/jica/{token:str}": everyone(404),
        "POST /mail-consultation/jica/{token:str}/save": everyone(404),
        "GET /mail-consultation/jica-done": everyone(200),
    }
)
