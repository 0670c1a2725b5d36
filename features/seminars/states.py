"""The life of a seminar: 企画中 → 告知中 → 受付終了 → 開催済 → 後処理完了, 中止 before 開催済.

One table says which move leads where and who may make it; guards say what the seminar must
have before a move (告知中 needs a date, a place, a capacity and an application period).
"""

from __future__ import annotations

from enum import StrEnum

from app.transitions import Lifecycle
from app.transitions import TransitionRefused as TransitionRefused
from features.seminars.models import STATUS_LABELS, Seminar, SeminarStatus

S = SeminarStatus


class Actor(StrEnum):
    SECRETARIAT = "secretariat"
    SYSTEM = "system"  # scheduled jobs


class Move(StrEnum):
    ANNOUNCE = "告知を開始する"
    BACK_TO_PLANNING = "企画中に戻す"
    CLOSE = "受付を終了する"
    REOPEN = "受付を再開する"
    HOLD = "開催済にする"
    FINISH = "後処理完了にする"
    CANCEL = "中止する"


_SEC = frozenset({Actor.SECRETARIAT})
_ANY = frozenset({Actor.SECRETARIAT, Actor.SYSTEM})

# (move, from state) -> (to state, who may make it)
TRANSITIONS: dict[tuple[Move, str], tuple[str, frozenset[Actor]]] = {
    (Move.ANNOUNCE, S.PLANNING): (S.ANNOUNCED, _SEC),
    (Move.BACK_TO_PLANNING, S.ANNOUNCED): (S.PLANNING, _SEC),
    (Move.CLOSE, S.ANNOUNCED): (S.CLOSED, _ANY),
    (Move.REOPEN, S.CLOSED): (S.ANNOUNCED, _SEC),
    (Move.HOLD, S.ANNOUNCED): (S.HELD, _ANY),
    (Move.HOLD, S.CLOSED): (S.HELD, _ANY),
    (Move.FINISH, S.HELD): (S.DONE, _SEC),
    **{(Move.CANCEL, state): (S.CANCELLED, _SEC) for state in (S.PLANNING, S.ANNOUNCED, S.CLOSED)},
}

PUBLIC_STATES = (S.ANNOUNCED, S.CLOSED)  # shown on /seminars
EDITABLE_STATES = (S.PLANNING, S.ANNOUNCED, S.CLOSED)  # data and programme may still change
LIVE_REGISTRATION_STATES = (S.ANNOUNCED, S.CLOSED, S.HELD)  # a registration may still be cancelled


def label(status: str) -> str:
    return STATUS_LABELS.get(status, status)  # type: ignore[call-overload]


LIFECYCLE = Lifecycle(TRANSITIONS, label, refusal="{state}のセミナーは「{move}」ことができません。")


def move_to(target: str) -> Move | None:
    """The move that leads from nowhere in particular to `target` (for transition by status)."""
    for (move, _from), (to, _actors) in TRANSITIONS.items():
        if to == target:
            return move
    return None


def guard_problems(seminar: Seminar, move: Move) -> list[str]:
    """What the seminar still lacks for `move` (empty when it may be made)."""
    problems: list[str] = []
    if move == Move.ANNOUNCE:
        if not seminar.title:
            problems.append("セミナー名を入力してください。")
        if seminar.starts_at is None or seminar.ends_at is None:
            problems.append("開催日時を入力してください。")
        elif seminar.ends_at <= seminar.starts_at:
            problems.append("終了日時は開始日時より後にしてください。")
        if not seminar.venue_name and not seminar.online_url:
            problems.append("会場またはオンラインのURLを入力してください。")
        if seminar.capacity <= 0:
            problems.append("定員を入力してください。")
        if seminar.apply_from is None or seminar.apply_until is None:
            problems.append("申込期間を入力してください。")
        elif seminar.apply_until <= seminar.apply_from:
            problems.append("申込期間の終了は開始より後にしてください。")
        elif seminar.starts_at is not None and seminar.apply_until > seminar.starts_at:
            problems.append("申込期間は開催日時までに終わるようにしてください。")
    return problems


def target(seminar: Seminar, move: Move, actor: Actor) -> str:
    """The state `move` leads to, or TransitionRefused with the reason."""
    to_state = LIFECYCLE.target(move, seminar.status, actor)
    if problems := guard_problems(seminar, move):
        raise TransitionRefused(" ".join(problems))
    return to_state


def allowed(seminar: Seminar, actor: Actor = Actor.SECRETARIAT) -> list[Move]:
    """The buttons to show."""
    return LIFECYCLE.allowed(seminar.status, actor)
