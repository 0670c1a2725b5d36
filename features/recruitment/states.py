"""The life of a 公募, a プレ公募 and a 公示, by role: which move is allowed from which state.

Stored states are NoticeStatus; an approved 公募 is 掲載予定, 公募中 or 締切 by its dates (phase),
so the deadline holds to the minute whatever the scheduled jobs are doing. Every move goes through
move(), which refuses what the table below does not allow, with a message for the person who tried.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from app.transitions import Lifecycle
from app.transitions import TransitionRefused as TransitionRefused
from features.recruitment.models import NoticeStatus as S


class Phase(StrEnum):
    """What a person sees."""

    DRAFT = "下書き"
    PENDING = "承認待ち"
    RETURNED = "差戻し"
    SCHEDULED = "掲載予定"
    OPEN = "公募中"  # (a プレ公募 or 公示 that is public shows 掲載中)
    PUBLISHED = "掲載中"
    CLOSED = "締切"
    SCREENING = "選考中"
    FINISHED = "選考終了"
    ARCHIVED = "過去の公募"
    STOPPED = "掲載中止"


class Actor(StrEnum):
    JICA = "jica"  # the JICA organization account that owns the notice
    SECRETARIAT = "secretariat"
    SYSTEM = "system"  # the scheduled jobs


class Move(StrEnum):
    SUBMIT = "掲載依頼"
    APPROVE = "承認"
    RETURN = "差戻し"
    PROXY_PUBLISH = "代理登録"  # the secretariat enters and publishes at once
    START_SCREENING = "選考中にする"
    FINISH = "選考終了にする"
    ARCHIVE = "過去の公募に移す"
    STOP = "掲載中止"


class Notice(Protocol):
    status: str


# (move, from state) -> (to state, who may make it)
_J, _S, _Y = Actor.JICA, Actor.SECRETARIAT, Actor.SYSTEM
_LIVE = (S.APPROVED, S.SCREENING)
TRANSITIONS: dict[tuple[Move, str], tuple[str, frozenset[Actor]]] = {
    (Move.SUBMIT, S.DRAFT): (S.PENDING, frozenset({_J})),
    (Move.SUBMIT, S.RETURNED): (S.PENDING, frozenset({_J})),
    (Move.APPROVE, S.PENDING): (S.APPROVED, frozenset({_S})),
    (Move.RETURN, S.PENDING): (S.RETURNED, frozenset({_S})),
    (Move.PROXY_PUBLISH, S.DRAFT): (S.APPROVED, frozenset({_S})),
    (Move.START_SCREENING, S.APPROVED): (S.SCREENING, frozenset({_J, _S})),
    (Move.FINISH, S.SCREENING): (S.CLOSED, frozenset({_J, _S})),
    (Move.ARCHIVE, S.CLOSED): (S.ARCHIVED, frozenset({_Y, _S})),
    (Move.ARCHIVE, S.APPROVED): (S.ARCHIVED, frozenset({_Y, _S})),  # the archive_after_days have passed
    (Move.ARCHIVE, S.SCREENING): (S.ARCHIVED, frozenset({_Y, _S})),
    **{(Move.STOP, state): (S.STOPPED, frozenset({_J, _S})) for state in (S.PENDING, S.RETURNED, *_LIVE)},
}
# Which moves exist for which kind of notice (a プレ公募 and a 公示 have no selection).
KOUBO_MOVES = frozenset(Move)
SIMPLE_MOVES = frozenset({Move.SUBMIT, Move.APPROVE, Move.RETURN, Move.PROXY_PUBLISH, Move.STOP})
EDITABLE_BY_JICA = (S.DRAFT, S.RETURNED)


# phase_label is defined below: the lifecycle looks it up when it refuses.
LIFECYCLE = Lifecycle(TRANSITIONS, lambda status: phase_label(status), refusal="{state}の案件は「{move}」できません。")


def target(move: Move, status: str, actor: Actor, allowed_moves: frozenset[Move] = KOUBO_MOVES) -> str:
    """The state `move` leads to from `status`, or TransitionRefused if `actor` may not make it."""
    return LIFECYCLE.target(move, status, actor, allowed_moves)


def move(notice: Notice, move_: Move, actor: Actor, allowed_moves: frozenset[Move] = KOUBO_MOVES) -> str:
    """Apply a move to the notice's status (the caller sets the dates and reasons that go with it)."""
    notice.status = target(move_, notice.status, actor, allowed_moves)
    return notice.status


def allowed(notice: Notice, actor: Actor, allowed_moves: frozenset[Move] = KOUBO_MOVES) -> list[Move]:
    """The buttons to show this actor."""
    return LIFECYCLE.allowed(notice.status, actor, allowed_moves)


# 応募締切 12:00 accepts a submission at 12:00:59 and refuses one at 12:01:00.
ONE_MINUTE = timedelta(minutes=1)

_STORED_PHASES = {
    S.DRAFT: Phase.DRAFT,
    S.PENDING: Phase.PENDING,
    S.RETURNED: Phase.RETURNED,
    S.SCREENING: Phase.SCREENING,
    S.CLOSED: Phase.FINISHED,
    S.ARCHIVED: Phase.ARCHIVED,
    S.STOPPED: Phase.STOPPED,
}


def phase_label(status: str) -> str:
    return _STORED_PHASES.get(status, Phase.PUBLISHED).value


def phase(status: str, publish_at: datetime | None, deadline_at: datetime | None, now: datetime) -> Phase:
    """An approved notice is 掲載予定 before its 掲載開始日時, then 公募中 up to and including the
    minute of its deadline, then 締切 (without a deadline, as a プレ公募 has none: 掲載中)."""
    if status != S.APPROVED:
        return _STORED_PHASES[S(status)]
    if publish_at is not None and now < publish_at:
        return Phase.SCHEDULED
    if deadline_at is None:
        return Phase.PUBLISHED
    return Phase.OPEN if now < deadline_at + ONE_MINUTE else Phase.CLOSED


def accepts_applications(status: str, publish_at: datetime | None, deadline_at: datetime | None, now: datetime) -> bool:
    return phase(status, publish_at, deadline_at, now) == Phase.OPEN
