"""The report's sections, in the page's order: each builder calls one slice's published counters
(its api.py) for the three periods and names the figures. The report never reads another slice's
tables; a slice without counters has no builder (and a builder returning None is left out)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from features.accounts import api as accounts
from features.applications import api as applications
from features.inquiries import api as inquiries
from features.mail_consultation import api as mail_consultation
from features.messages import api as messages
from features.postings import api as postings
from features.press import api as press
from features.reports.section_surveys import survey_scores
from features.reports.service import Builder, Comparison, Section, figure, measure
from features.seminars import api as seminars

# 000 §8.2: a posting is approved within three business days of its 申請.
APPROVAL_TARGET_BUSINESS_DAYS = 3
DAYS = "営業日"
PEOPLE = "人"


async def registrations(db: AsyncSession, comparison: Comparison) -> Section:
    results = await measure(db, accounts.count_registrations, comparison)
    deaths = await measure(db, accounts.count_deaths_recorded, comparison)
    kinds = list(results[0]["new"])
    figures = [
        figure(f"新規登録（{kind}）", results, lambda r, k=kind: r["new"].get(k, 0), unit=PEOPLE) for kind in kinds
    ]
    figures += [
        figure("期限切れ", results, lambda r: r["expired"], unit=PEOPLE),
        figure("物故の記録", deaths, lambda r: r, unit=PEOPLE),
        figure("有効登録者数（期末）", results, lambda r: r["active_at_end"], unit=PEOPLE, charted=False),
    ]
    return Section(
        "registrations",
        "個人の登録",
        tuple(figures),
        comparison,
        link_route="accounts:admin_accounts",
        link_label="アカウント一覧",
        notes=("延長登録と退会は日時が記録されていないため集計していません。",),
    )


async def organizations(db: AsyncSession, comparison: Comparison) -> Section:
    results = await measure(db, accounts.count_organization_figures, comparison)
    types = list(results[0]["new"])
    figures = [figure(f"新規承認（{t}）", results, lambda r, t=t: r["new"].get(t, 0), unit="団体") for t in types]
    figures += [
        figure(f"有効団体（期末、{t}）", results, lambda r, t=t: r["active"].get(t, 0), unit="団体", charted=False)
        for t in types
    ]
    return Section(
        "organizations",
        "団体の登録",
        tuple(figures),
        comparison,
        link_route="accounts:admin_organizations",
        link_label="団体登録の審査",
    )


async def posting_counts(db: AsyncSession, comparison: Comparison) -> Section:
    results = await measure(db, postings.count_postings, comparison)
    figures = []
    for key, verb in (("submitted", "申請"), ("approved", "承認"), ("stopped", "掲載中止")):
        for kind, spec in postings.KINDS.items():
            figures.append(figure(f"{verb}（{spec.noun}）", results, lambda r, key=key, kind=kind: r[key].get(kind, 0)))
    pending = results[0]["pending_now"]
    waiting = "、".join(f"{spec.noun} {pending.get(kind, 0)}件" for kind, spec in postings.KINDS.items())
    return Section(
        "postings",
        "掲載情報",
        tuple(figures),
        comparison,
        link_route="postings:review_queue",
        link_label="掲載情報の承認待ち一覧",
        notes=(
            f"現在の承認待ち：{waiting}。",
            "申請・承認は最後の申請・承認の日時で数えます（再申請・修正の承認を含む）。",
        ),
    )


async def approval_days(db: AsyncSession, comparison: Comparison) -> Section:
    results = [r["approval"] for r in await measure(db, postings.count_postings, comparison)]
    figures = (
        figure("承認件数", results, lambda r: r["count"], charted=False),
        figure("中央値", results, lambda r: r["median_business_days"], unit=DAYS),
        figure("90パーセンタイル", results, lambda r: r["p90_business_days"], unit=DAYS),
    )
    return Section(
        "approval-days",
        "掲載情報の承認までの営業日数",
        figures,
        comparison,
        link_route="postings:review_queue",
        link_label="掲載情報の承認待ち一覧",
        notes=(f"目標：申請から{APPROVAL_TARGET_BUSINESS_DAYS}営業日以内（期間中に承認した掲載情報）。",),
    )


async def application_counts(db: AsyncSession, comparison: Comparison) -> Section:
    results = await measure(db, applications.count_applications, comparison)
    figures = [figure("応募", results, lambda r: r["submitted"])]
    figures += [
        figure(status, results, lambda r, s=status: r["outcomes"].get(s, 0)) for status in results[0]["outcomes"]
    ]
    return Section(
        "applications",
        "応募と選考結果",
        tuple(figures),
        comparison,
        notes=("選考結果は期間中にその状態になった応募の数です（事務局向けの応募一覧はありません）。",),
    )


async def offers(db: AsyncSession, comparison: Comparison) -> Section:
    results = await measure(db, messages.count_offers, comparison)
    return Section(
        "offers",
        "オファーメール",
        (
            figure("送信", results, lambda r: r["sent"], unit="通"),
            figure("返信", results, lambda r: r["replies"], unit="通"),
            figure("返信のあったオファー（期間中に送信した分）", results, lambda r: r["answered"]),
        ),
        comparison,
    )


async def seminar_counts(db: AsyncSession, comparison: Comparison) -> Section:
    results = [await seminars.count_registrations(db, (p.start, p.end)) for p in comparison.periods]
    return Section(
        "seminars",
        "セミナー（期間中に開催）",
        (
            figure("開催", results, lambda r: r["seminars"], unit="回"),
            figure("参加確定", results, lambda r: r["confirmed"], unit=PEOPLE),
            figure("キャンセル待ち", results, lambda r: r["waiting"], unit=PEOPLE),
            figure("出席", results, lambda r: r["attended"], unit=PEOPLE),
        ),
        comparison,
        link_route="seminars:admin_list",
        link_label="セミナー一覧",
    )


async def mail_consultations(db: AsyncSession, comparison: Comparison) -> Section:
    results = await measure(db, mail_consultation.count_mail_consultations, comparison)
    return Section(
        "mail-consultations",
        "メール相談",
        (
            figure("受付", results, lambda r: r["received"]),
            figure("回答", results, lambda r: r["answered"]),
            figure(
                "回答までの営業日数（中央値）", results, lambda r: r["median_business_days"], unit=DAYS, charted=False
            ),
        ),
        comparison,
        link_route="mail_consultation:queue",
        link_label="メール相談の一覧",
    )


async def inquiry_counts(db: AsyncSession, comparison: Comparison) -> Section:
    cases = await measure(db, inquiries.count_cases, comparison)
    times = await measure(db, inquiries.response_times, comparison)
    figures = [figure("受付（合計）", cases, lambda r: r["total"], charted=False)]
    figures += [
        figure(category, cases, lambda r, c=category: r["by_category"].get(c, 0))
        for category in cases[0]["by_category"]
    ]
    figures += [
        figure(
            "最初の返信までの営業日数（中央値）", times, lambda r: r["median_business_days"], unit=DAYS, charted=False
        ),
        figure("同（90パーセンタイル）", times, lambda r: r["p90_business_days"], unit=DAYS, charted=False),
    ]
    return Section(
        "inquiries",
        "お問い合わせ（分類別）",
        tuple(figures),
        comparison,
        link_route="inquiries:desk",
        link_label="問い合わせ対応",
    )


async def press_releases(db: AsyncSession, comparison: Comparison) -> Section:
    results = await measure(db, press.count_releases, comparison)
    labels = (("submitted", "申請"), ("approved", "承認"), ("returned", "差戻し"), ("withdrawn", "取り下げ"))
    return Section(
        "press",
        "プレスリリース",
        tuple(figure(label, results, lambda r, k=key: r[k]) for key, label in labels),
        comparison,
        link_route="press:admin_list",
        link_label="プレスリリースの審査",
    )


BUILDERS: tuple[Builder, ...] = (
    registrations,
    organizations,
    posting_counts,
    approval_days,
    application_counts,
    offers,
    seminar_counts,
    mail_consultations,
    inquiry_counts,
    press_releases,
    survey_scores,
)
