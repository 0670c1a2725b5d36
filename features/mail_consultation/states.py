"""The life of a メール相談, by role: which move is allowed from which state, and who may make it.

受付 → 担当割当 → 回答案作成 → 事務局確認 → 回答送信 → 完了; 事務局確認 may go back to 回答案作成
(差戻し, with a comment). Every move goes through target(), which refuses what the table does not
allow with a message for the person who tried (a 409 at the route)."""

from __future__ import annotations

from enum import StrEnum

from app.transitions import Lifecycle
from app.transitions import TransitionRefused as TransitionRefused
from features.mail_consultation.models import CaseStatus as S

STATUS_LABELS = {
    S.RECEIVED: "受付",
    S.ASSIGNED: "担当割当",
    S.DRAFTING: "回答案作成",
    S.REVIEW: "事務局確認",
    S.SENT: "回答送信",
    S.CLOSED: "完了",
}
# What the person sees of their case: nothing of who drafts or of the secretariat's review.
PERSON_LABELS = {
    S.RECEIVED: "受付済み",
    S.ASSIGNED: "回答準備中",
    S.DRAFTING: "回答準備中",
    S.REVIEW: "回答準備中",
    S.SENT: "回答済み",
    S.CLOSED: "完了",
}
OPEN_STATES = (S.RECEIVED, S.ASSIGNED, S.DRAFTING, S.REVIEW)  # not yet answered: the age counts


class Actor(StrEnum):
    SECRETARIAT = "secretariat"
    ASSIGNEE = "assignee"  # the counselor assigned, or the JICA contact through the mailed link
    PERSON = "person"  # who asked


class Move(StrEnum):
    ASSIGN = "担当割当"
    SAVE_DRAFT = "回答案を保存"
    SUBMIT_DRAFT = "事務局確認へ"
    APPROVE = "承認して回答送信"
    SEND_BACK = "差戻し"
    COMPLETE = "完了"


_SE, _AS, _PE = Actor.SECRETARIAT, Actor.ASSIGNEE, Actor.PERSON
# (move, from state) -> (to state, who may make it). The secretariat may save or submit a draft
# too: it pastes what a JICA contact sent back by ordinary mail.
TRANSITIONS: dict[tuple[Move, str], tuple[str, frozenset[Actor]]] = {
    (Move.ASSIGN, S.RECEIVED): (S.ASSIGNED, frozenset({_SE})),
    (Move.ASSIGN, S.ASSIGNED): (S.ASSIGNED, frozenset({_SE})),  # 担当変更
    (Move.ASSIGN, S.DRAFTING): (S.ASSIGNED, frozenset({_SE})),
    (Move.SAVE_DRAFT, S.ASSIGNED): (S.DRAFTING, frozenset({_AS, _SE})),
    (Move.SAVE_DRAFT, S.DRAFTING): (S.DRAFTING, frozenset({_AS, _SE})),
    (Move.SUBMIT_DRAFT, S.ASSIGNED): (S.REVIEW, frozenset({_AS, _SE})),
    (Move.SUBMIT_DRAFT, S.DRAFTING): (S.REVIEW, frozenset({_AS, _SE})),
    (Move.APPROVE, S.REVIEW): (S.SENT, frozenset({_SE})),
    (Move.SEND_BACK, S.REVIEW): (S.DRAFTING, frozenset({_SE})),
    (Move.COMPLETE, S.SENT): (S.CLOSED, frozenset({_SE, _PE})),
}


def label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


LIFECYCLE = Lifecycle(TRANSITIONS, label, refusal="「{state}」の相談は「{move}」できません。")
target = LIFECYCLE.target


def allowed(status: str, actor: Actor) -> list[Move]:
    """The moves to offer this actor (buttons and forms)."""
    return LIFECYCLE.allowed(status, actor)
