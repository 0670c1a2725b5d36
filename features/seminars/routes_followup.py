"""後処理: the seminar's survey (attach a standard or copied one, send it to the attendees, its
results) and the 報告書 PDF. Thin handlers: the rules are in followup, analysis and documents_after."""

from __future__ import annotations

from litestar import Request, Router, get, post
from litestar.params import FromPath
from litestar.response import Response, Template
from sqlalchemy import select

from app import uploads
from app.deps import AppSettings, DbSession
from app.sessions import flash
from app.templating import render, see_other
from features.seminars import analysis, checkin, documents_after, followup, seminar_report
from features.seminars.admin_pages import OFFICE, seminar_or_404, url_for
from features.seminars.models import KIND_LABELS, Seminar, SeminarSession, SeminarSpeaker
from features.seminars.routes_after import (
    base_context,
    current_user_id,
    form_orders,
    form_text,
    refusal,
)
from features.surveys import api as surveys

# -- 後処理: survey and report -------------------------------------------------------------------


@get("/admin/seminars/{seminar_id:int}/after", name="seminars:after", guards=OFFICE)
async def show_after(request: Request, db: DbSession, seminar_id: FromPath[int]) -> Template:
    seminar = await seminar_or_404(db, seminar_id)
    summary, dispatch, results = await followup.survey_state(db, seminar)
    report = await seminar_report.report_of(db, seminar.id)
    charts = {}
    if results is not None:
        charts = {index: surveys.results_chart_svg(q) for index, q in enumerate(results.questions) if q.kind != "text"}
    return render(
        request,
        "seminars/after/after.html.jinja",
        {
            **base_context(request, seminar),
            "count": await checkin.count(db, seminar.id),
            "survey": summary,
            "dispatch": dispatch,
            "results": results,
            "charts": charts,
            "survey_admin_url": surveys.admin_url(seminar.survey_id) if seminar.survey_id else "",
            "copy_sources": [
                (str(s.id), s.title) for s in await followup.copy_sources(db) if s.id != seminar.survey_id
            ],
            "report": report,
            "report_label": seminar_report.status_label(report.status) if report else "未作成",
            "report_states": seminar_report.REPORT_STATES,
        },
    )


def _after_url(request: Request, seminar: Seminar) -> str:
    return url_for(request, "seminars:after", seminar_id=seminar.id)


@post("/admin/seminars/{seminar_id:int}/survey/standard", name="seminars:attach_standard_survey", guards=OFFICE)
async def attach_standard_survey(
    request: Request, db: DbSession, settings: AppSettings, seminar_id: FromPath[int]
) -> Response:
    seminar = await seminar_or_404(db, seminar_id)
    try:
        await followup.attach_standard_survey(db, settings, seminar, actor_user_id=current_user_id(request))
    except followup.FollowupError as error:
        raise refusal(error.message, error.status_code) from None
    flash(request, "標準のセミナー参加者アンケートを作成しました（下書き）。質問はアンケートの画面で編集できます。")
    return see_other(request, _after_url(request, seminar))


@post("/admin/seminars/{seminar_id:int}/survey/copy", name="seminars:attach_copied_survey", guards=OFFICE)
async def attach_copied_survey(
    request: Request, db: DbSession, settings: AppSettings, seminar_id: FromPath[int]
) -> Response:
    seminar = await seminar_or_404(db, seminar_id)
    raw = form_text(await request.form(), "source_survey_id")
    if not raw.isdigit():
        raise refusal("複製するアンケートを選択してください。", 422)
    try:
        await followup.attach_copy(db, settings, seminar, int(raw), actor_user_id=current_user_id(request))
    except followup.FollowupError as error:
        raise refusal(error.message, error.status_code) from None
    flash(request, "アンケートを複製して設定しました（下書き）。")
    return see_other(request, _after_url(request, seminar))


@post("/admin/seminars/{seminar_id:int}/survey/send", name="seminars:send_survey", guards=OFFICE)
async def send_survey(request: Request, db: DbSession, settings: AppSettings, seminar_id: FromPath[int]) -> Response:
    seminar = await seminar_or_404(db, seminar_id)
    try:
        invited = await followup.send_to_attendees(db, settings, seminar)
    except followup.FollowupError as error:
        raise refusal(error.message, error.status_code) from None
    flash(
        request,
        f"出席者{invited}名にアンケートを送信しました。"
        if invited
        else "新たに送信する出席者はいません（送信済みです）。",
    )
    return see_other(request, _after_url(request, seminar))


# -- 報告書 ----------------------------------------------------------------------------------


async def _overview(db, seminar: Seminar) -> documents_after.Overview:
    speakers = {
        s.id: s for s in await db.scalars(select(SeminarSpeaker).where(SeminarSpeaker.seminar_id == seminar.id))
    }
    sessions = await db.scalars(
        select(SeminarSession)
        .where(SeminarSession.seminar_id == seminar.id)
        .order_by(SeminarSession.starts_at, SeminarSession.position, SeminarSession.id)
    )
    programme = []
    for s in sessions:
        speaker = speakers.get(s.speaker_id) if s.speaker_id else None
        who = f"（講師：{speaker.name}{'・' + speaker.affiliation if speaker.affiliation else ''}）" if speaker else ""
        start, end = documents_after.to_jst(s.starts_at), documents_after.to_jst(s.ends_at)
        programme.append(f"{start:%H:%M}〜{end:%H:%M} {checkin.session_label(s)}{who}")
    report = await seminar_report.published_report(db, seminar.id)
    venue = "　".join(p for p in (seminar.venue_name, seminar.venue_address) if p)
    if seminar.online_url:
        venue = f"{venue}（オンライン併用）" if venue else "オンライン"
    return documents_after.Overview(
        title=seminar.title,
        kind_label=KIND_LABELS.get(seminar.kind, ""),
        theme=seminar.theme,
        when=documents_after.when_text(seminar.starts_at, seminar.ends_at),
        venue=venue,
        capacity=seminar.capacity,
        audience=seminar.audience,
        fee=seminar.fee,
        programme=tuple(programme),
        report_text=report.body if report else "",
    )


async def build_report_pdf(db, seminar: Seminar) -> bytes:
    result = await analysis.analyse(db, seminar, orders=await form_orders())
    survey, survey_title = None, ""
    if seminar.survey_id is not None and (summary := await surveys.survey_summary(db, seminar.survey_id)):
        survey, survey_title = await surveys.survey_results(db, seminar.survey_id), summary.title
    return documents_after.report_pdf(await _overview(db, seminar), result, survey, survey_title)


@get("/admin/seminars/{seminar_id:int}/report.pdf", name="seminars:report_pdf", guards=OFFICE)
async def report_pdf(db: DbSession, seminar_id: FromPath[int]) -> Response:
    seminar = await seminar_or_404(db, seminar_id)
    body = await build_report_pdf(db, seminar)
    return Response(
        body, media_type="application/pdf", headers=uploads.attachment_headers(f"報告書_{seminar.title}.pdf")
    )


followup_router = Router(
    path="",
    route_handlers=[show_after, attach_standard_survey, attach_copied_survey, send_survey, report_pdf],
)
