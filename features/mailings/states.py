"""The life of a mailing: which move is allowed from which state, and who may make it.

下書き → 承認待ち → (承認, by a staff member other than the one who wrote or submitted it) → 配信予約
(a time, or now) → 配信中 → 配信完了; 配信中 may be 一時停止 and 再開; anything not yet finished may be
中止. Every move goes through target(); the service writes it with a conditional UPDATE on the
state it read, so a double click acts once."""

from __future__ import annotations

from enum import StrEnum

from app.transitions import Lifecycle
from app.transitions import TransitionRefused as TransitionRefused
from features.mailings.models import MailingStatus as S

STATUS_LABELS = {
    S.DRAFT: "下書き",
    S.PENDING: "承認待ち",
    S.SCHEDULED: "配信予約",
    S.SENDING: "配信中",
    S.PAUSED: "一時停止",
    S.DONE: "配信完了",
    S.CANCELLED: "中止",
}
TONES = {S.DRAFT: "neutral", S.PENDING: "warning", S.SCHEDULED: "info", S.SENDING: "info", S.PAUSED: "warning"}
ACTIVE_STATES = (S.SCHEDULED, S.SENDING)  # the page polls its progress


class Actor(StrEnum):
    SECRETARIAT = "secretariat"
    SYSTEM = "system"  # the sending job


class Move(StrEnum):
    EDIT = "保存"
    SUBMIT = "承認を依頼"
    SEND_BACK = "差戻し"
    APPROVE = "承認"
    START = "配信開始"
    FINISH = "配信完了"
    PAUSE = "一時停止"
    RESUME = "再開"
    CANCEL = "中止"


_SE, _SY = frozenset({Actor.SECRETARIAT}), frozenset({Actor.SYSTEM})
# (move, from state) -> (to state, who may make it). APPROVE also needs a second person
# (service.approve checks it: four-eyes).
TRANSITIONS: dict[tuple[Move, str], tuple[str, frozenset[Actor]]] = {
    (Move.EDIT, S.DRAFT): (S.DRAFT, _SE),
    (Move.SUBMIT, S.DRAFT): (S.PENDING, _SE),
    (Move.SEND_BACK, S.PENDING): (S.DRAFT, _SE),
    (Move.APPROVE, S.PENDING): (S.SCHEDULED, _SE),
    (Move.START, S.SCHEDULED): (S.SENDING, _SY),
    (Move.FINISH, S.SENDING): (S.DONE, _SY),
    (Move.PAUSE, S.SENDING): (S.PAUSED, _SE),
    (Move.RESUME, S.PAUSED): (S.SENDING, _SE),
    (Move.CANCEL, S.DRAFT): (S.CANCELLED, _SE),
    (Move.CANCEL, S.PENDING): (S.CANCELLED, _SE),
    (Move.CANCEL, S.SCHEDULED): (S.CANCELLED, _SE),
    (Move.CANCEL, S.SENDING): (S.CANCELLED, _SE),
    (Move.CANCEL, S.PAUSED): (S.CANCELLED, _SE),
}


def label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


LIFECYCLE = Lifecycle(
    TRANSITIONS,
    label,
    refusal="「{state}」の配信は「{move}」できません。",
    actor_refusal="「{move}」はこの操作者にはできません。",
)
target = LIFECYCLE.target


def allowed(status: str, actor: Actor = Actor.SECRETARIAT) -> list[Move]:
    """The moves to offer this actor (buttons and forms)."""
    return LIFECYCLE.allowed(status, actor)
