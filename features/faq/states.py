"""The life of an FAQ entry: 下書き → 公開 ⇄ 非公開, one table of moves, and the one guard: an entry
made from an inquiry is not published until a staff member has edited its text."""

from __future__ import annotations

from enum import StrEnum

from app.transitions import TransitionRefused
from features.faq.models import STATUS_LABELS, EntryStatus, FaqEntry

S = EntryStatus


class Move(StrEnum):
    PUBLISH = "公開する"
    UNPUBLISH = "非公開にする"


# (move, from state) → to state
TRANSITIONS: dict[tuple[Move, str], str] = {
    (Move.PUBLISH, S.DRAFT): S.PUBLISHED,
    (Move.PUBLISH, S.HIDDEN): S.PUBLISHED,
    (Move.UNPUBLISH, S.PUBLISHED): S.HIDDEN,
}

REDACTION_WARNING = "個人情報が含まれていないか確認し、編集してから公開してください"
REDACTION_REFUSAL = (
    "この項目は問い合わせから作成されたため、まだ公開できません。"
    "個人情報が含まれていないか確認し、質問または回答を編集して保存してから公開してください。"
)


def label(status: str) -> str:
    return STATUS_LABELS.get(status, status)  # type: ignore[call-overload]


def target(entry: FaqEntry, move: Move) -> str:
    """The state `move` leads to from where the entry is, or TransitionRefused with the reason."""
    to = TRANSITIONS.get((move, entry.status))
    if to is None:
        raise TransitionRefused(f"{label(entry.status)}の項目には「{move.value}」の操作はできません。")
    if move == Move.PUBLISH and entry.needs_redaction:
        raise TransitionRefused(REDACTION_REFUSAL)
    return to


def moves_from(entry: FaqEntry) -> list[Move]:
    return [move for (move, source) in TRANSITIONS if source == entry.status]
