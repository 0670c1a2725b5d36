"""The report's sections, in the page's order: each builder calls one slice's published counters
(its api.py) for the three periods and names the figures. The report never reads another slice's
tables; a slice without counters has no builder (and a builder returning None is left out)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from features.accounts import api as accounts
from features.applications import api as applications
from features.bounces import api as bounces
from features.consultation import api as consultation
from features.inquiries import api as inquiries
from features.mail_consultation import api as mail_consultation
from features.mail_preferences import api as mail_preferences
from features.mailings import api as mailings
from features.messages import api as messages
from features.postings import api as postings
from features.press import api as press
from features.recruitment import api as recruitment
from features.reports.section_surveys import survey_scores
from features.reports.service import Builder, Comparison, Section, figure, measure
from features.seminars import api as seminars

# 000 §8.2: a posting is approved within three business days of its 申請.
APPROVAL_TARGET_BUSINESS_DAYS = 3
DAYS = "営業日"
PEOPLE = "人"
PERCENT = "%"


async def registrations(db: AsyncSession, comparison: Comparison) -> Section:
    results = await measure(db, accounts.count_registrations, comparison)
    events = await measure(db, accounts.count_account_events, comparison)
    deaths = await measure(db, accounts.count_deaths_recorded, comparison)
    kinds = list(results[0]["new"])
    figures = [
        figure(f"新規登録（{kind}）", results, lambda r, k=kind: r["new"].get(k, 0), unit=PEOPLE) for kind in kinds
    ]
    figures += [
        figure(f"延長登録（{kind}）", events, lambda r, k=kind: r["individual_extended"].get(k, 0), unit=PEOPLE)
        for kind in kinds
    ]
    figures += [
        figure("期限切れ", results, lambda r: r["expired"], unit=PEOPLE),
        figure("退会", events, lambda r: sum(r["individual_withdrawn"].values()), unit=PEOPLE),
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
        notes=("期限切れは、登録有効期限が期間中に来て延長されていない登録の数です。",),
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


async def organization_renewals(db: AsyncSession, comparison: Comparison) -> Section:
    events = await measure(db, accounts.count_account_events, comparison)
    types = list(events[0]["organization_extended"])
    figures = [
        figure(f"延長登録（{t}）", events, lambda r, t=t: r["organization_extended"].get(t, 0), unit="団体")
        for t in types
    ]
    figures += [
        figure("期限切れ（延長なし）", events, lambda r: sum(r["organization_expired"].values()), unit="団体"),
        figure("無効登録", events, lambda r: sum(r["organization_disabled"].values()), unit="団体"),
    ]
    return Section(
        "organization-renewals",
        "団体の延長登録・期限切れ・無効登録",
        tuple(figures),
        comparison,
        link_route="accounts:admin_org_expiring",
        link_label="登録期限の近い団体",
        notes=("延長登録は団体自身と事務局（依頼による延長）の両方を数えます。",),
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


async def consultations(db: AsyncSession, comparison: Comparison) -> Section:
    results = await measure(db, consultation.count_consultation_figures, comparison)
    figures = [
        figure("予約（キャンセルを除く）", results, lambda r: r["total"]["booked"]),
        figure("実施", results, lambda r: r["total"]["held"]),
        figure("無断欠席", results, lambda r: r["total"]["no_show"]),
        figure("キャンセル", results, lambda r: r["total"]["cancelled"]),
    ]
    figures += [
        figure(f"実施（{place}）", results, lambda r, p=place: r["by_place"].get(p, {}).get("held", 0))
        for place in results[0]["by_place"]
    ]
    return Section(
        "consultations",
        "対面相談（期間中の相談日時）",
        tuple(figures),
        comparison,
        link_route="consultation:admin",
        link_label="対面相談の管理",
    )


async def consultation_breakdown(db: AsyncSession, comparison: Comparison) -> Section:
    results = await measure(db, consultation.count_consultation_figures, comparison)
    figures = [
        figure(f"相談区分：{c}", results, lambda r, c=c: r["by_category"].get(c, {}).get("booked", 0))
        for c in results[0]["by_category"]
    ]
    counselors = sorted({name for r in results for name in r["by_counselor"]})
    figures += [
        figure(f"相談員：{name}", results, lambda r, n=name: r["by_counselor"].get(n, {}).get("booked", 0))
        for name in counselors
    ]
    return Section(
        "consultation-breakdown",
        "対面相談（相談区分別・相談員別の予約）",
        tuple(figures),
        comparison,
        link_route="consultation:admin",
        link_label="対面相談の管理",
        notes=("予約はキャンセルを除いた数です（無断欠席を含む）。",),
    )


async def mail_consultations(db: AsyncSession, comparison: Comparison) -> Section:
    results = await measure(db, mail_consultation.count_mail_consultation_figures, comparison)
    target = results[0]["target_business_days"]
    return Section(
        "mail-consultations",
        "メール相談",
        (
            figure("受付", results, lambda r: r["received"]),
            figure("回答", results, lambda r: r["answered"]),
            figure(f"{target}営業日以内の回答", results, lambda r: r["within_target"]),
            figure(
                "回答までの営業日数（中央値）", results, lambda r: r["median_business_days"], unit=DAYS, charted=False
            ),
            figure("同（90パーセンタイル）", results, lambda r: r["p90_business_days"], unit=DAYS, charted=False),
        ),
        comparison,
        link_route="mail_consultation:queue",
        link_label="メール相談の一覧",
        notes=(f"目標：受付から{target}営業日以内に回答（期間中に回答したメール相談）。",),
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


async def koubo_access(db: AsyncSession, comparison: Comparison) -> Section:
    results = await measure(db, recruitment.count_koubo_access, comparison)
    labels = (("views", "詳細表示"), ("apply_clicks", "「この案件に応募する」クリック"), ("started", "応募開始"))
    figures = [figure(label, results, lambda r, k=key: r[k], unit="回") for key, label in labels]
    figures += [
        figure("応募完了", results, lambda r: r["submitted"]),
        figure("閲覧された公募", results, lambda r: r["koubo"], charted=False),
    ]
    return Section(
        "koubo-access",
        "公募案件アクセス数",
        tuple(figures),
        comparison,
        link_route="recruitment:access_report",
        link_label="公募案件アクセス数",
        notes=("日本時間の日ごとに数えています（閲覧者は記録せず、クローラーは除いています）。",),
    )


async def koubo_top(db: AsyncSession, comparison: Comparison) -> Section | None:
    current = (await measure(db, recruitment.count_koubo_access, comparison))[0]  # koubo_access's, measured once
    if not current["top"]:
        return None
    ids = [item.koubo_id for item in current["top"]]
    earlier = [await recruitment.count_koubo_access(db, p.start, p.end, koubo_ids=ids) for p in comparison.periods[1:]]
    views = [{item.koubo_id: item.views for item in r["top"]} for r in (current, *earlier)]
    figures = tuple(
        figure(f"{item.number} {item.title}".strip(), views, lambda r, i=item.koubo_id: r.get(i, 0), unit="回")
        for item in current["top"]
    )
    return Section(
        "koubo-top",
        f"詳細表示の多い公募（当期の上位{len(figures)}件）",
        figures,
        comparison,
        link_route="recruitment:access_report",
        link_label="公募案件アクセス数",
    )


async def mailing_counts(db: AsyncSession, comparison: Comparison) -> Section:
    results = await measure(db, mailings.count_mailings, comparison)
    bulk = await measure(db, bounces.count_bulk_bounces, comparison)
    categories = [c.value for c in mail_preferences.Category]
    categories += sorted({c for r in results for c in r["mailings"]} - set(categories))
    labels = {c.value: label for c, label in mail_preferences.LABELS.items()}
    figures = [
        figure(f"配信開始（{labels.get(c, c)}）", results, lambda r, c=c: r["mailings"].get(c, 0)) for c in categories
    ]
    figures += [
        figure("配信先（送信キューへ）", results, lambda r: r["queued"], unit="通", charted=False),
        figure("配信対象外（配信停止・不達など）", results, lambda r: r["suppressed"], unit="通", charted=False),
        figure("一斉配信メールの送信（合計）", bulk, lambda r: r["sent"], unit="通", charted=False),
    ]
    return Section(
        "mailings",
        "メール配信",
        tuple(figures),
        comparison,
        link_route="mailings:list",
        link_label="メール配信の一覧",
        notes=("一斉配信メールは、メール配信・PARTNERニュース・新着情報のお知らせを合わせた送信数です。",),
    )


def _rate(part: int, whole: int) -> float | None:
    return None if not whole else round(part * 100 / whole, 2)


async def mail_rates(db: AsyncSession, comparison: Comparison) -> Section:
    bulk = await measure(db, bounces.count_bulk_bounces, comparison)
    stops = await measure(db, mail_preferences.count_unsubscribes, comparison)
    combined = [{**b, "stopped": sum(s.values())} for b, s in zip(bulk, stops, strict=True)]
    return Section(
        "mail-rates",
        "一斉配信メールの不達率・配信停止率",
        (
            figure("不達率", combined, lambda r: _rate(r["bounced"], r["sent"]), unit=PERCENT),
            figure("うちハードバウンス", combined, lambda r: _rate(r["hard"], r["sent"]), unit=PERCENT),
            figure("配信停止率", combined, lambda r: _rate(r["stopped"], r["sent"]), unit=PERCENT),
            figure("不達", combined, lambda r: r["bounced"], unit="通", charted=False),
            figure("配信停止（メールのリンクから）", combined, lambda r: r["stopped"], charted=False),
        ),
        comparison,
        link_route="bounces:list",
        link_label="不達メールの一覧",
        notes=("率は期間中に送信した一斉配信メールに対する割合です（不達は後から届いた通知も含めて数えます）。",),
    )


BUILDERS: tuple[Builder, ...] = (
    registrations,
    organizations,
    organization_renewals,
    posting_counts,
    approval_days,
    application_counts,
    offers,
    koubo_access,
    koubo_top,
    seminar_counts,
    consultations,
    consultation_breakdown,
    mail_consultations,
    inquiry_counts,
    mailing_counts,
    mail_rates,
    press_releases,
    survey_scores,
)
