"""履歴書 (individual mypage), 人材閲覧・オファーメール発信 and 人材お気に入り一覧 (organizations)."""

from __future__ import annotations

from litestar import Request, Router, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import slices
from app.deps import AppSettings, DbSession
from app.forms import first
from app.pagination import page_number
from app.reference import COUNTRIES, LANGUAGE_LEVELS, LANGUAGES, PREFECTURES, SECTORS
from app.security import client_ip, require_role
from app.sessions import current_session, flash
from app.templating import is_htmx, render, see_other
from features.accounts import api as accounts
from features.accounts.api import RegistrationKind, Role
from features.talent import forms, pdf, service

INDIVIDUAL = [require_role(Role.INDIVIDUAL)]
ORGANIZATION = [require_role(Role.ORGANIZATION)]
SEARCH_CHOICES = {
    "sectors": SECTORS,
    "languages": LANGUAGES,
    "levels": LANGUAGE_LEVELS,
    "countries": COUNTRIES,
    "age_bands": forms.AGE_BANDS,
    "degrees": forms.DEGREES,
    "prefectures": PREFECTURES,
    "wish_locations": forms.WISH_LOCATIONS[:2],
    "employment": forms.EMPLOYMENT_TYPES,
    "flexible": forms.FLEXIBLE_WORK,
}
BROWSING_REFUSED = (
    "人材閲覧・オファーメール発信は、国際協力団体（法人格あり）と「JICA・政府機関・学校法人・地方自治体」の"
    "団体がご利用いただけます。国際協力実施団体（法人格無）と簡易団体登録の団体はご利用いただけません。"
)


# -- the individual's résumé ----------------------------------------------------------------


async def _my_resume(request: Request, db):
    user_id = current_session(request)["uid"]
    individual = await accounts.individual_of(db, user_id)
    if individual is None or individual.kind != RegistrationKind.FULL:
        raise PermissionDeniedException(
            "履歴書は国際協力人材登録の方が作成できます。マイページの「登録内容の確認/更新」から"
            "登録種別を国際協力人材登録に変更してください。"
        )
    return individual, await service.resume_of(db, user_id, create=True)


@get("/mypage/resume", name="talent:resume", guards=INDIVIDUAL)
async def show_resume(request: Request, db: DbSession) -> Template:
    individual, resume = await _my_resume(request, db)
    return render(
        request,
        "talent/resume.html.jinja",
        {
            "individual": individual,
            "resume": resume,
            "rows": await service.rows_of(db, resume.id),
            "sections": forms.SECTIONS,
            "labels": forms.PROFILE_LABELS,
            "lookups": pdf.LOOKUP,
        },
    )


def _profile_page(request: Request, values: dict, errors: dict, status_code: int = 200) -> Template:
    return render(
        request,
        "talent/resume_profile.html.jinja",
        {
            "values": values,
            "errors": errors,
            "labels": forms.PROFILE_LABELS,
            "sectors": SECTORS,
            "degrees": forms.DEGREES,
            "locations": forms.WISH_LOCATIONS,
            "terms": forms.WISH_TERMS,
            "employment": forms.EMPLOYMENT_TYPES,
            "flexible": forms.FLEXIBLE_WORK,
        },
        status_code=status_code,
    )


@get("/mypage/resume/profile", name="talent:profile", guards=INDIVIDUAL)
async def edit_profile(request: Request, db: DbSession) -> Template:
    _, resume = await _my_resume(request, db)
    values = resume.model_dump()
    values["wish_employment"] = [v for v in resume.wish_employment.split(",") if v]
    values["wish_flexible"] = [v for v in resume.wish_flexible.split(",") if v]
    return _profile_page(request, values, {})


@post("/mypage/resume/profile", name="talent:save_profile", guards=INDIVIDUAL)
async def save_profile(request: Request, db: DbSession) -> Template | Response:
    _, resume = await _my_resume(request, db)
    form = forms.parse_profile((await request.form()).dict())
    if not form.ok:
        return _profile_page(request, form.values, form.errors, status_code=422)
    await service.save_profile(db, resume, form.values)
    flash(request, "希望条件・自己PRを保存しました。")
    return see_other(request, request.app.route_reverse("talent:resume"))


def _section(key: str) -> forms.RowSection:
    if key not in forms.BY_KEY:
        raise NotFoundException("この項目はありません。")
    return forms.BY_KEY[key]


def _section_page(request: Request, section, rows: list[dict], errors: dict, status_code: int = 200) -> Template:
    return render(
        request,
        "talent/resume_section.html.jinja",
        {
            "section": section,
            "rows": rows or [{}],
            "errors": errors,
            "choices": forms.CHOICES,
        },
        fragments={"section-form": "section_form"},
        status_code=status_code,
    )


@get("/mypage/resume/{key:str}", name="talent:section", guards=INDIVIDUAL)
async def edit_section(request: Request, db: DbSession, key: FromPath[str]) -> Template:
    section = _section(key)
    _, resume = await _my_resume(request, db)
    return _section_page(request, section, (await service.rows_of(db, resume.id)).get(key, []), {})


@post("/mypage/resume/{key:str}", name="talent:save_section", guards=INDIVIDUAL)
async def save_section(request: Request, db: DbSession, key: FromPath[str]) -> Template | Response:
    """保存, or 行を追加 / 削除 (the form comes back with one row more or less, input kept)."""
    section = _section(key)
    _, resume = await _my_resume(request, db)
    data = (await request.form()).dict()
    rows, errors = forms.parse_rows(section, data)
    action = first(data, "action")
    if action == "add":
        return _section_page(request, section, [*rows, {}][: forms.MAX_ROWS], {})
    if action.startswith("remove-") and action[7:].isdigit():
        index = int(action[7:])
        return _section_page(request, section, [r for i, r in enumerate(rows) if i != index], {})
    if errors:
        return _section_page(request, section, rows, errors, status_code=422)
    await service.save_rows(db, resume, section, rows)
    flash(request, f"{section.label}を保存しました。")
    return see_other(request, request.app.route_reverse("talent:resume"))


def _person_lines(individual, *, for_owner: bool) -> list[tuple[str, str]]:
    lines = [
        (
            "氏名",
            f"{individual.family_name} {individual.given_name}（{individual.family_name_kana} "
            f"{individual.given_name_kana}）",
        ),
        ("ローマ字", f"{individual.family_name_roman} {individual.given_name_roman}"),
    ]
    if for_owner:
        lines += [
            ("生年月日", individual.birth_date.isoformat()),
            ("住所", f"{individual.prefecture} {individual.address}"),
            ("電話番号", individual.phone),
        ]
    else:
        lines += [("居住地", individual.prefecture)]
    return lines


@get("/mypage/resume/pdf", name="talent:own_pdf", guards=INDIVIDUAL)
async def download_own_pdf(request: Request, db: DbSession, type: FromQuery[str] = "general") -> Response:
    individual, resume = await _my_resume(request, db)
    expert = type == "expert"
    person = {"registration_code": individual.registration_code, "lines": _person_lines(individual, for_owner=True)}
    body = pdf.render(person, resume, await service.rows_of(db, resume.id), expert=expert)
    return _pdf_response(body, individual.registration_code, expert)


def _pdf_response(body: bytes, code: str, expert: bool) -> Response:
    from urllib.parse import quote

    name = f"{'専門家履歴書' if expert else '一般履歴書'}_{code}.pdf"
    return Response(
        body,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )


@get("/mypage/viewers", name="talent:viewers", guards=INDIVIDUAL)
async def list_viewers(request: Request, db: DbSession) -> Template:
    views = await service.viewers_of(db, current_session(request)["uid"])
    return render(request, "talent/viewers.html.jinja", {"views": views})


# -- organizations: 人材閲覧 -------------------------------------------------------------------


async def _browsing_organization(request: Request, db):
    organization = await accounts.organization_of(db, current_session(request)["uid"])
    if organization is not None and not accounts.registration_current(organization):
        raise PermissionDeniedException(accounts.ORGANIZATION_EXPIRED_MESSAGE)
    if organization is None or not accounts.may_browse_talent(organization):
        raise PermissionDeniedException(BROWSING_REFUSED)
    return organization


@get("/talent", name="talent:search", guards=ORGANIZATION)
async def search_talent(request: Request, db: DbSession) -> Template:
    organization = await _browsing_organization(request, db)
    q = request.query_params
    pick = lambda name, allowed: q.get(name, "") if q.get(name, "") in allowed else ""  # noqa: E731
    filters = service.TalentFilters(
        keyword=q.get("keyword", "").strip()[:100],
        sector=pick("sector", dict(SECTORS)),
        min_years=forms.whole_number(q.get("min_years", "")),
        language=pick("language", dict(LANGUAGES)),
        min_level=pick("min_level", dict(LANGUAGE_LEVELS)),
        country=pick("country", dict(COUNTRIES)),
        age_band=pick("age_band", dict(forms.AGE_BANDS)),
        education_level=pick("education_level", forms.DEGREES),
        prefecture=pick("prefecture", PREFECTURES),
        wish_location=pick("wish_location", forms.WISH_LOCATIONS),
        employment=pick("employment", forms.EMPLOYMENT_TYPES),
        flexible=tuple(v for v in q.getall("flexible", []) if v in dict(forms.FLEXIBLE_WORK)),
        jocv=q.get("jocv") == "1",
        sort="experience" if q.get("sort") == "experience" else "updated",
        page=page_number(q.get("page")),
    )
    result = await service.search(db, filters)
    ids = [r.id for r in result.items]
    # The pager keeps every filter as parsed (多様な働き方 may hold several values), not the raw query.
    params = {
        "keyword": filters.keyword,
        "sector": filters.sector,
        "min_years": filters.min_years or "",
        "language": filters.language,
        "min_level": filters.min_level,
        "country": filters.country,
        "age_band": filters.age_band,
        "education_level": filters.education_level,
        "prefecture": filters.prefecture,
        "wish_location": filters.wish_location,
        "employment": filters.employment,
        "flexible": filters.flexible,
        "jocv": "1" if filters.jocv else "",
        "sort": filters.sort,
    }
    return render(
        request,
        "talent/search.html.jinja",
        {
            "page": result,
            "filters": filters,
            "choices": SEARCH_CHOICES,
            "params": params,
            "people": await accounts.individual_summaries(db, {r.user_id for r in result.items}),
            "experience": await service.experience_summaries(db, ids),
            "favorites": await service.favorite_ids(db, organization.id, ids),
            "sector_labels": dict(SECTORS),
            # 条件を保存, when the saved_searches slice offers it (hook "save_search_link")
            "save_search_url": await slices.ask(
                "save_search_link", db, organization.user_id, Role.ORGANIZATION, "talent", params, default=None
            ),
        },
        fragments={"talent-results": "talent_results"},
    )


async def _visible_resume(request: Request, db, code: str):
    organization = await _browsing_organization(request, db)
    resume = await service.findable_resume(db, code.upper()[:12])
    if resume is None:
        raise NotFoundException("この登録者の情報は表示できません（非公開、または登録期間外です）。")
    return organization, resume


@get("/talent/{code:str}", name="talent:detail", guards=ORGANIZATION, opt={"writes": True})
async def show_talent(request: Request, db: DbSession, settings: AppSettings, code: FromPath[str]) -> Template:
    organization, resume = await _visible_resume(request, db, code)
    await service.record_view(
        db,
        "profile_view",
        current_session(request)["uid"],
        organization.id,
        resume.user_id,
        client_ip(request.scope, settings),
    )
    person = (await accounts.individual_summaries(db, {resume.user_id}))[resume.user_id]
    return render(
        request,
        "talent/detail.html.jinja",
        {
            "resume": resume,
            "person": person,
            "rows": await service.rows_of(db, resume.id),
            "sections": forms.SECTIONS,
            "labels": forms.PROFILE_LABELS,
            "lookups": pdf.LOOKUP,
            "favorite": resume.id in await service.favorite_ids(db, organization.id, [resume.id]),
            "threads": await slices.ask("correspondence", db, organization.id, resume.user_id, default=[]),
        },
    )


@post("/talent/{code:str}/favorite", name="talent:favorite", guards=ORGANIZATION)
async def toggle_favorite(request: Request, db: DbSession, code: FromPath[str]) -> Template | Response:
    organization, resume = await _visible_resume(request, db, code)
    favorite = await service.toggle_favorite(db, organization.id, resume.id)
    if is_htmx(request):
        return render(
            request, "talent/_favorite.html.jinja", {"favorite": favorite, "code": code.upper(), "announce": True}
        )
    flash(request, "気になるに登録しました。" if favorite else "気になるから外しました。")
    back = first((await request.form()).dict(), "back")
    # Back to the list or the detail page the button was on; anywhere else, the detail page.
    if not back.startswith(request.app.route_reverse("talent:search")):
        back = request.app.route_reverse("talent:detail", code=code.upper())
    return see_other(request, back)


@get("/talent/favorites", name="talent:favorites", guards=ORGANIZATION)
async def list_favorites(request: Request, db: DbSession, page: FromQuery[str | None] = None) -> Template:
    organization = await _browsing_organization(request, db)
    result = await service.favorites(db, organization.id, page_number(page))
    return render(
        request,
        "talent/favorites.html.jinja",
        {
            "page": result,
            "people": await accounts.individual_summaries(db, {r.user_id for r in result.items}),
            "experience": await service.experience_summaries(db, [r.id for r in result.items]),
            "sector_labels": dict(SECTORS),
        },
    )


router = Router(
    path="/",
    route_handlers=[
        show_resume,
        edit_profile,
        save_profile,
        download_own_pdf,
        list_viewers,
        edit_section,
        save_section,
        search_talent,
        list_favorites,
        show_talent,
        toggle_favorite,
    ],
)
