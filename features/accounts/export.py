"""個人情報抽出 (000 §1.6): registrants as CSV for the secretariat's internal use.

Written by app/exports.py (UTF-8 with a BOM for Excel, formula cells neutralized). Every
export is written to the audit trail: who, when, which filter, how many rows.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import audit, clock
from app.exports import csv_bytes
from app.templating import format_date_ja
from features.accounts.models import AccountStatus, Individual, UserAccount

COLUMNS = [
    "登録コード",
    "氏名",
    "フリガナ",
    "ローマ字",
    "メールアドレス",
    "電話番号",
    "郵便番号",
    "都道府県",
    "住所",
    "生年月日",
    "国籍",
    "登録種別",
    "登録日",
    "登録有効期限",
    "JOCV帰国者",
    "状態",
]
MAX_ROWS = 200_000


@dataclass(frozen=True)
class ExportFilter:
    kind: str = ""
    prefecture: str = ""
    jocv_only: bool = False
    include_expired: bool = False


async def registrants_csv(
    db: AsyncSession, filters: ExportFilter, *, actor_user_id: int, client_ip: str
) -> tuple[bytes, int]:
    statement = (
        select(Individual, UserAccount)
        .join(UserAccount, UserAccount.id == Individual.user_id)
        .where(UserAccount.status == AccountStatus.ACTIVE)
        .order_by(Individual.registration_code)
    )
    if filters.kind:
        statement = statement.where(Individual.kind == filters.kind)
    if filters.prefecture:
        statement = statement.where(Individual.prefecture == filters.prefecture)
    if filters.jocv_only:
        statement = statement.where(Individual.jocv_verified_at.is_not(None))
    if not filters.include_expired:
        statement = statement.where(Individual.expires_at > clock.now())
    rows = [
        [
            individual.registration_code,
            f"{individual.family_name} {individual.given_name}",
            f"{individual.family_name_kana} {individual.given_name_kana}",
            f"{individual.family_name_roman} {individual.given_name_roman}",
            user.email,
            individual.phone,
            individual.postal_code,
            individual.prefecture,
            individual.address,
            individual.birth_date.isoformat(),
            individual.nationality,
            individual.kind,
            format_date_ja(individual.registered_at),
            format_date_ja(individual.expires_at),
            "確認済み" if individual.jocv_verified_at else "",
            "利用中",
        ]
        for individual, user in (await db.execute(statement.limit(MAX_ROWS))).all()
    ]
    count = len(rows)
    await audit.record(
        db,
        "registrant_export",
        actor_user_id=actor_user_id,
        target_type="registrants",
        detail=json.dumps({**asdict(filters), "rows": count}, ensure_ascii=False),
        client_ip=client_ip,
    )
    return csv_bytes(COLUMNS, rows), count
