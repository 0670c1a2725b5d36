"""The one table that decides what may happen to an article, and when.

(action) → (from statuses, from revision states (None: any), to status (None: unchanged),
to revision state (None: unchanged)). A public article (公開予定 / 公開中 / 非公開) is never edited
in place: its changes are a revision, written and reviewed while the public copy stays.
"""

from __future__ import annotations

from features.content.models import ContentItem, ContentStatus, RevisionState

D, R, S, P, H = (
    ContentStatus.DRAFT,
    ContentStatus.REVIEW,
    ContentStatus.SCHEDULED,
    ContentStatus.PUBLISHED,
    ContentStatus.HIDDEN,
)
PUBLIC_COPY = frozenset({S, P, H})  # statuses whose article has an approved copy

TRANSITIONS: dict[str, tuple[frozenset[str], frozenset[str] | None, str | None, str | None]] = {
    "save_draft": (frozenset({D}), frozenset({RevisionState.NONE}), D, None),
    "save_revision": (PUBLIC_COPY, frozenset({RevisionState.NONE, RevisionState.DRAFT}), None, RevisionState.DRAFT),
    "submit": (frozenset({D}), None, R, None),
    "submit_revision": (PUBLIC_COPY, frozenset({RevisionState.DRAFT}), None, RevisionState.REVIEW),
    "approve": (frozenset({R}), None, P, None),
    "approve_scheduled": (frozenset({R}), None, S, None),
    "approve_revision": (PUBLIC_COPY, frozenset({RevisionState.REVIEW}), None, RevisionState.NONE),
    "return": (frozenset({R}), None, D, None),
    "return_revision": (PUBLIC_COPY, frozenset({RevisionState.REVIEW}), None, RevisionState.DRAFT),
    "publish_due": (frozenset({S}), None, P, None),  # the scheduled job
    "unpublish": (frozenset({P}), None, H, None),
    "republish": (frozenset({H}), None, P, None),
}

REFUSALS = {
    "save_draft": "確認待ちの記事は編集できません。差し戻してから編集してください。",
    "save_revision": "修正が確認待ちのため、承認または差戻しまで編集できません。",
    "submit": "この記事は確認待ちにできません。",
    "submit_revision": "確認に出す修正がありません。",
    "approve": "確認待ちの記事ではありません。",
    "approve_scheduled": "確認待ちの記事ではありません。",
    "approve_revision": "確認待ちの修正はありません。",
    "return": "確認待ちの記事ではありません。",
    "return_revision": "確認待ちの修正はありません。",
    "publish_due": "公開予定の記事ではありません。",
    "unpublish": "公開中の記事ではありません。",
    "republish": "非公開の記事ではありません。",
}


class TransitionError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def allowed(item: ContentItem, action: str) -> bool:
    statuses, revisions, _to, _rev = TRANSITIONS[action]
    return item.status in statuses and (revisions is None or item.revision_state in revisions)


def apply(item: ContentItem, action: str) -> None:
    """Move the item, or raise TransitionError with the Japanese reason."""
    if not allowed(item, action):
        raise TransitionError(REFUSALS[action])
    _statuses, _revisions, to_status, to_revision = TRANSITIONS[action]
    if to_status is not None:
        item.status = to_status
    if to_revision is not None:
        item.revision_state = to_revision


def has_pending(item: ContentItem) -> bool:
    """Something waits for the reviewer: a new article or a revision."""
    return item.status == ContentStatus.REVIEW or item.revision_state == RevisionState.REVIEW
