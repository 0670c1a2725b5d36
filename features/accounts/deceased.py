"""物故者管理 (000 §1.7): the secretariat records a registrant's death — one account at a time, or
a list (氏名・生年月日, e.g. from the obituaries JICA publishes internally) matched against the
registrants and confirmed before anything changes. A 物故 account can no longer log in, is gone
from every list organizations see (they all require an active account), and gets no mail of any
kind (app/mailblock). The record can be revoked — the account returns to its previous status —
until the retention period has erased the person's data."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import audit, clock, exports, mailblock
from app.config import Settings
from app.sessions import end_user_sessions
from features.accounts.lifecycle import anonymize_person
from features.accounts.models import (
    AccountStatus,
    ActionToken,
    DeathRecord,
    Individual,
    LoginChallenge,
    Role,
    UserAccount,
)

MAX_IMPORT_ROWS = 1000
DEFAULT_SOURCE = "JICAイントラネット訃報"
BLOCK_REASON = "deceased"


class DeceasedError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DeceasedError):
    pass


def _name_key(text: str) -> str:
    """氏名 for comparison: NFKC, no spaces of either width."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


async def record_death(
    db: AsyncSession,
    user_id: int,
    *,
    died_on: date | None,
    source: str,
    note: str = "",
    actor_id: int,
    client_ip: str = "",
) -> DeathRecord:
    user = await db.get(UserAccount, user_id, with_for_update=True)
    if user is None:
        raise NotFound("アカウントが見つかりません。")
    if user.role != Role.INDIVIDUAL:
        raise DeceasedError("物故の記録は個人のアカウントにだけできます。")
    if user.status == AccountStatus.DECEASED:
        raise DeceasedError("このアカウントはすでに物故として記録されています。")
    if user.status == AccountStatus.WITHDRAWN:
        raise DeceasedError("退会済みのアカウントです（個人情報は消去されています）。")
    record = DeathRecord(
        user_id=user.id,
        died_on=died_on,
        source=source,
        note=note,
        previous_status=user.status,
        recorded_by=actor_id,
        recorded_at=clock.now(),
    )
    db.add(record)
    user.status = AccountStatus.DECEASED
    await mailblock.block(db, user.email, BLOCK_REASON)
    await end_user_sessions(db, user.id)
    await db.execute(delete(LoginChallenge).where(LoginChallenge.user_id == user.id))
    await db.execute(delete(ActionToken).where(ActionToken.user_id == user.id))
    await db.flush()
    await audit.record(
        db,
        "deceased_record",
        actor_user_id=actor_id,
        target_type="user",
        target_id=user.id,
        detail=f"record {record.id}; source {source}",
        client_ip=client_ip,
    )
    return record


async def revoke_record(
    db: AsyncSession, record_id: int, *, reason: str, actor_id: int, client_ip: str = ""
) -> DeathRecord:
    """A mistaken record: the account gets its previous status back and may be mailed again."""
    record = await db.get(DeathRecord, record_id, with_for_update=True)
    if record is None:
        raise NotFound("物故の記録が見つかりません。")
    if record.revoked_at is not None:
        raise DeceasedError("この記録はすでに取り消されています。")
    if record.erased_at is not None:
        raise DeceasedError("保存期間を過ぎて個人情報を消去したため、取り消せません。")
    user = await db.get(UserAccount, record.user_id, with_for_update=True)
    record.revoked_at, record.revoked_by, record.revoke_reason = clock.now(), actor_id, reason
    if user is not None and user.status == AccountStatus.DECEASED:
        user.status = record.previous_status
        await mailblock.unblock(db, user.email)
    await audit.record(
        db,
        "deceased_revoke",
        actor_user_id=actor_id,
        target_type="user",
        target_id=record.user_id,
        detail=f"record {record.id}; {reason}"[:500],
        client_ip=client_ip,
    )
    return record


async def records(db: AsyncSession, *, limit: int = 200) -> list[tuple[DeathRecord, UserAccount]]:
    rows = await db.execute(
        select(DeathRecord, UserAccount)
        .join(UserAccount, UserAccount.id == DeathRecord.user_id)
        .order_by(DeathRecord.recorded_at.desc(), DeathRecord.id.desc())
        .limit(limit)
    )
    return list(rows.all())


async def record_of(db: AsyncSession, user_id: int) -> DeathRecord | None:
    """The account's standing record (not revoked), if any."""
    return await db.scalar(
        select(DeathRecord)
        .where(DeathRecord.user_id == user_id, DeathRecord.revoked_at.is_(None))
        .order_by(DeathRecord.id.desc())
        .limit(1)
    )


async def erase_after_retention(db: AsyncSession, settings: Settings) -> int:
    """Daily: a record older than the retention period erases what identifies the person (as 退会
    does); the account stays 物故 and the record can no longer be revoked."""
    cutoff = clock.now() - timedelta(days=settings.registration.deceased_retention_days)
    due = await db.execute(
        select(DeathRecord, UserAccount)
        .join(UserAccount, UserAccount.id == DeathRecord.user_id)
        .where(DeathRecord.revoked_at.is_(None), DeathRecord.erased_at.is_(None), DeathRecord.recorded_at < cutoff)
        .limit(200)
    )
    erased = 0
    for record, user in due.all():
        address = user.email
        await anonymize_person(db, settings, user)
        user.status = AccountStatus.DECEASED
        await mailblock.unblock(db, address)  # the address itself is no longer kept anywhere
        record.erased_at = clock.now()
        erased += 1
    return erased


# -- a list to match --------------------------------------------------------------------------


@dataclass(frozen=True)
class ListedPerson:
    line: int
    name: str
    birth_date: date


@dataclass(frozen=True)
class Candidate:
    user_id: int
    name: str
    kana: str
    birth_date: date
    registration_code: str
    status: str


@dataclass
class MatchResult:
    listed: ListedPerson
    exact: list[Candidate] = field(default_factory=list)
    possible: list[Candidate] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return "exact" if self.exact else "possible" if self.possible else "none"


def _parse_date(text: str) -> date | None:
    raw = unicodedata.normalize("NFKC", text).strip().replace("/", "-").replace(".", "-")
    for suffix in ("日",):
        raw = raw.replace(suffix, "")
    raw = raw.replace("年", "-").replace("月", "-")
    try:
        year, month, day = (int(part) for part in raw.split("-"))
        return date(year, month, day)
    except (ValueError, TypeError):
        return None


def parse_list(text: str) -> tuple[list[ListedPerson], list[str]]:
    """(people, problems) from the decoded CSV (app.uploads.text_upload): a row that cannot be read
    is a problem with its line number, never silently skipped. A first row whose date does not parse
    is taken as the header."""
    rows = exports.csv_rows(text)
    people: list[ListedPerson] = []
    problems: list[str] = []
    for number, row in enumerate(rows, start=1):
        cells = row
        if not any(cells):
            continue
        if len(cells) < 2:
            problems.append(f"{number}行目：氏名と生年月日の2列が必要です。")
            continue
        born = _parse_date(cells[1])
        if born is None:
            if number == 1:
                continue  # 氏名,生年月日
            problems.append(f"{number}行目：生年月日「{cells[1][:20]}」を読み取れません（例：1950-04-01）。")
            continue
        if not _name_key(cells[0]):
            problems.append(f"{number}行目：氏名が空です。")
            continue
        people.append(ListedPerson(number, cells[0][:100], born))
    if len(people) > MAX_IMPORT_ROWS:
        problems.append(f"一度に照合できるのは{MAX_IMPORT_ROWS:,}人までです。ファイルを分けてください。")
    if not people and not problems:
        problems.append("照合する行がありません。")
    return people, problems


def _candidate(individual: Individual, user: UserAccount) -> Candidate:
    return Candidate(
        user_id=user.id,
        name=f"{individual.family_name} {individual.given_name}",
        kana=f"{individual.family_name_kana} {individual.given_name_kana}",
        birth_date=individual.birth_date,
        registration_code=individual.registration_code or "",
        status=user.status,
    )


async def match_list(db: AsyncSession, people: list[ListedPerson]) -> list[MatchResult]:
    """Exact: the same 氏名 (kanji or kana, spaces ignored) and 生年月日. Possible: the same 生年月日
    and 姓, or the same 氏名 with another 生年月日. Accounts already 物故 or 退会 are not offered."""
    if not people:
        return []
    dates = {p.birth_date for p in people}
    full_names = {_name_key(p.name) for p in people}
    rows = await db.execute(
        select(Individual, UserAccount)
        .join(UserAccount, UserAccount.id == Individual.user_id)
        .where(
            UserAccount.status.in_([AccountStatus.ACTIVE, AccountStatus.SUSPENDED]),
            or_(
                Individual.birth_date.in_(dates),
                func.replace(func.replace(Individual.family_name + Individual.given_name, " ", ""), "　", "").in_(
                    full_names
                ),
            ),
        )
    )
    registrants = [(_candidate(i, u), i) for i, u in rows.all()]
    results = []
    for person in people:
        key = _name_key(person.name)
        result = MatchResult(person)
        for candidate, individual in registrants:
            same_name = key in (
                _name_key(individual.family_name + individual.given_name),
                _name_key(individual.family_name_kana + individual.given_name_kana),
            )
            same_date = individual.birth_date == person.birth_date
            if same_name and same_date:
                result.exact.append(candidate)
            elif (same_date and key.startswith(_name_key(individual.family_name))) or same_name:
                result.possible.append(candidate)
        results.append(result)
    return results


async def count_recorded(db: AsyncSession, start, end) -> int:
    """Counter for the reports: deaths recorded (and not revoked) in [start, end)."""
    return (
        await db.scalar(
            select(func.count())
            .select_from(DeathRecord)
            .where(DeathRecord.recorded_at >= start, DeathRecord.recorded_at < end, DeathRecord.revoked_at.is_(None))
        )
        or 0
    )
