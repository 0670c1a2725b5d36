"""The life of an inquiry case: which move is allowed from which state, and who may make it.

新規 → 対応中 → 回答済 → クローズ. A reply (返信) may be sent from 新規 or 対応中 and again from 回答済
(a follow-up); a reply from the inquirer — pasted in by staff or received by mail — reopens 回答済
and クローズ to 対応中 (and leaves 新規 and 対応中 as they are); staff may also reopen by hand (再開).
Every move goes through target(), which refuses what the table does not allow (a 409 at the route)."""

from __future__ import annotations

from enum import StrEnum

from app.transitions import Lifecycle
from app.transitions import TransitionRefused as TransitionRefused
from features.inquiries.models import CaseStatus as S

STATUS_LABELS = {S.NEW: "新規", S.IN_PROGRESS: "対応中", S.ANSWERED: "回答済", S.CLOSED: "クローズ"}
OPEN_STATES = (S.NEW, S.IN_PROGRESS)  # waiting for the secretariat: the age counts


class Actor(StrEnum):
    STAFF = "staff"  # 事務局
    INQUIRER = "inquirer"  # a reply mail from who asked (through the inbound receiver)


class Move(StrEnum):
    START = "対応開始"
    REPLY = "返信"
    RECEIVE = "返信を受信"
    CLOSE = "クローズ"
    REOPEN = "再開"


_ST, _IN = Actor.STAFF, Actor.INQUIRER
_STAFF = frozenset({_ST})
_RECEIVERS = frozenset({_ST, _IN})  # staff paste a received mail in; the receiver adds one by itself
# (move, from state) -> (to state, who may make it)
TRANSITIONS: dict[tuple[Move, str], tuple[str, frozenset[Actor]]] = {
    (Move.START, S.NEW): (S.IN_PROGRESS, _STAFF),
    (Move.REPLY, S.NEW): (S.ANSWERED, _STAFF),
    (Move.REPLY, S.IN_PROGRESS): (S.ANSWERED, _STAFF),
    (Move.REPLY, S.ANSWERED): (S.ANSWERED, _STAFF),  # a follow-up before the inquirer answers
    (Move.RECEIVE, S.NEW): (S.NEW, _RECEIVERS),
    (Move.RECEIVE, S.IN_PROGRESS): (S.IN_PROGRESS, _RECEIVERS),
    (Move.RECEIVE, S.ANSWERED): (S.IN_PROGRESS, _RECEIVERS),
    (Move.RECEIVE, S.CLOSED): (S.IN_PROGRESS, _RECEIVERS),
    (Move.CLOSE, S.NEW): (S.CLOSED, _STAFF),
    (Move.CLOSE, S.IN_PROGRESS): (S.CLOSED, _STAFF),
    (Move.CLOSE, S.ANSWERED): (S.CLOSED, _STAFF),
    (Move.REOPEN, S.ANSWERED): (S.IN_PROGRESS, _STAFF),
    (Move.REOPEN, S.CLOSED): (S.IN_PROGRESS, _STAFF),
}


def label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


LIFECYCLE = Lifecycle(TRANSITIONS, label, refusal="「{state}」のお問い合わせは「{move}」できません。")
target = LIFECYCLE.target


def allowed(status: str, actor: Actor = Actor.STAFF) -> list[Move]:
    """The moves to offer this actor (buttons and forms)."""
    return LIFECYCLE.allowed(status, actor)
