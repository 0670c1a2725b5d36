"""履歴書PDF for an organization, and whether a person has a 専門家履歴書 — for other slices
(applications, recruitment, consultation) through api.py."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from features.accounts import api as accounts
from features.talent.forms import SECTIONS
from features.talent.models import ResumeRow
from features.talent.service import resume_of, rows_of

# The section only the 専門家履歴書 has (業務経験（案件）).
EXPERT_SECTION = next(section.key for section in SECTIONS if section.expert_only)


async def has_expert_resume(db: AsyncSession, user_id: int) -> bool:
    """The 専門家履歴書 has what makes it one: at least one 業務経験（案件）."""
    resume = await resume_of(db, user_id)
    if resume is None:
        return False
    rows = await db.execute(
        select(ResumeRow.id).where(ResumeRow.resume_id == resume.id, ResumeRow.section == EXPERT_SECTION).limit(1)
    )
    return rows.first() is not None


async def resume_pdf_for_organization(
    db: AsyncSession, user_id: int, *, expert: bool, contact: bool
) -> tuple[bytes, str]:
    """履歴書PDF for an organization. `contact` (氏名, メールアドレス, 電話番号, 住所) is shared only
    with an organization the person applied to, for that application while it is not withdrawn:
    the applications slice decides and passes it. Any other PDF (人材閲覧, オファー) carries what
    人材閲覧 shows: 登録コード, 年齢帯, 居住地."""
    from features.talent import pdf

    individual = await accounts.individual_of(db, user_id)
    resume = await resume_of(db, user_id)
    if contact:
        user = await accounts.user_by_id(db, user_id)
        address = " ".join(
            part
            for part in (
                f"〒{individual.postal_code}" if individual.postal_code else "",
                individual.prefecture,
                individual.address,
            )
            if part
        )
        lines = [
            (
                "氏名",
                f"{individual.family_name} {individual.given_name}（{individual.family_name_kana} "
                f"{individual.given_name_kana}）",
            ),
            ("メールアドレス", user.email),
            ("電話番号", individual.phone),
            ("住所", address),
        ]
    else:
        summary = (await accounts.individual_summaries(db, {user_id}))[user_id]
        lines = [("年齢帯", summary["age_band"]), ("居住地", summary["prefecture"])]
    rows = await rows_of(db, resume.id) if resume else {}
    person = {"registration_code": individual.registration_code, "lines": lines}
    return pdf.render(person, resume, rows, expert=expert), individual.registration_code
