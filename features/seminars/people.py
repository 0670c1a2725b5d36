"""A seminar's people on the programme: speakers (講師) with their request status (依頼中 → 承諾 /
辞退, 再依頼), and the counselors (キャリア相談員) at its consultation booths. The seminar, its
programme and its states are in service.py.

Public for the follow-up part of the slice: counselor_names(db) -> dict[int, str]
"""

from __future__ import annotations

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from features.accounts import api as accounts
from features.seminars.models import (
    Seminar,
    SeminarCounselor,
    SeminarSession,
    SeminarSpeaker,
    SpeakerRequestStatus,
)
from features.seminars.service import check_editable
from features.seminars.states import TransitionRefused

# -- speakers (講師) ---------------------------------------------------------------------

SPEAKER_MOVES: dict[str, frozenset[str]] = {
    SpeakerRequestStatus.REQUESTED: frozenset({SpeakerRequestStatus.ACCEPTED, SpeakerRequestStatus.DECLINED}),
    SpeakerRequestStatus.ACCEPTED: frozenset({SpeakerRequestStatus.DECLINED}),  # a later 辞退
    SpeakerRequestStatus.DECLINED: frozenset({SpeakerRequestStatus.REQUESTED}),  # 再依頼
}
SPEAKER_STATUS_LABELS = {
    SpeakerRequestStatus.REQUESTED: "依頼中",
    SpeakerRequestStatus.ACCEPTED: "承諾",
    SpeakerRequestStatus.DECLINED: "辞退",
}


async def speakers_of(db: AsyncSession, seminar_id: int) -> list[SeminarSpeaker]:
    rows = await db.scalars(
        select(SeminarSpeaker).where(SeminarSpeaker.seminar_id == seminar_id).order_by(SeminarSpeaker.id)
    )
    return list(rows)


async def own_speaker(db: AsyncSession, seminar: Seminar, speaker_id: int) -> SeminarSpeaker:
    speaker = await db.get(SeminarSpeaker, speaker_id)
    if speaker is None or speaker.seminar_id != seminar.id:
        raise LookupError(speaker_id)
    return speaker


async def add_speaker(db: AsyncSession, seminar: Seminar, values: dict) -> SeminarSpeaker:
    check_editable(seminar)
    speaker = SeminarSpeaker(
        seminar_id=seminar.id, request_status=SpeakerRequestStatus.REQUESTED, requested_at=clock.now(), **values
    )
    db.add(speaker)
    await db.flush()
    return speaker


async def set_speaker_status(db: AsyncSession, seminar: Seminar, speaker_id: int, new_status: str) -> SeminarSpeaker:
    speaker = await own_speaker(db, seminar, speaker_id)
    if new_status not in SPEAKER_MOVES.get(speaker.request_status, frozenset()):
        raise TransitionRefused(
            f"{SPEAKER_STATUS_LABELS.get(speaker.request_status, speaker.request_status)}の講師を"  # type: ignore[call-overload]
            f"{SPEAKER_STATUS_LABELS.get(new_status, new_status)}にすることはできません。"  # type: ignore[call-overload]
        )
    speaker.request_status = new_status
    now = clock.now()
    if new_status == SpeakerRequestStatus.REQUESTED:
        speaker.requested_at, speaker.answered_at = now, None
    else:
        speaker.answered_at = now
    await db.flush()
    return speaker


async def delete_speaker(db: AsyncSession, seminar: Seminar, speaker_id: int) -> None:
    check_editable(seminar)
    speaker = await own_speaker(db, seminar, speaker_id)
    await db.execute(update(SeminarSession).where(SeminarSession.speaker_id == speaker.id).values(speaker_id=None))
    await db.delete(speaker)
    await db.flush()


# -- counselors at the seminar -------------------------------------------------------------


async def counselor_names(db: AsyncSession) -> dict[int, str]:
    return dict(await accounts.counselors(db))


async def counselor_slots(db: AsyncSession, seminar_id: int) -> list[SeminarCounselor]:
    rows = await db.scalars(
        select(SeminarCounselor)
        .where(SeminarCounselor.seminar_id == seminar_id)
        .order_by(SeminarCounselor.starts_at, SeminarCounselor.booth, SeminarCounselor.id)
    )
    return list(rows)


async def assign_counselor(db: AsyncSession, seminar: Seminar, values: dict) -> SeminarCounselor:
    check_editable(seminar)
    if values["counselor_user_id"] not in await counselor_names(db):
        raise TransitionRefused("キャリア相談員を一覧から選択してください。")
    # One person cannot sit in two booths at once.
    clash = await db.scalar(
        select(func.count()).where(
            SeminarCounselor.seminar_id == seminar.id,
            SeminarCounselor.counselor_user_id == values["counselor_user_id"],
            SeminarCounselor.starts_at < values["ends_at"],
            SeminarCounselor.ends_at > values["starts_at"],
        )
    )
    if clash:
        raise TransitionRefused("このキャリア相談員は同じ時間に別の相談枠を担当しています。")
    slot = SeminarCounselor(seminar_id=seminar.id, **values)
    db.add(slot)
    await db.flush()
    return slot


async def remove_counselor(db: AsyncSession, seminar: Seminar, slot_id: int) -> None:
    check_editable(seminar)
    await db.execute(
        delete(SeminarCounselor).where(SeminarCounselor.id == slot_id, SeminarCounselor.seminar_id == seminar.id)
    )
