"""A slice's life cycle as a table: (move, from state) -> (to state, who may make it). One lookup
and one refusal for every slice, so each refuses a move the same way (a 409 at the route) and the
buttons shown are exactly the moves the table allows."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

M = TypeVar("M")
A = TypeVar("A")

ACTOR_REFUSAL = "「{move}」はこのアカウントではできません。"


class TransitionRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Lifecycle(Generic[M, A]):
    table: Mapping[tuple[M, str], tuple[str, frozenset[A]]]
    label: Callable[[str], str]
    # The refusals, with {state} (the state's label) and {move} (the move's name) filled in.
    refusal: str
    actor_refusal: str = ACTOR_REFUSAL
    moves: Collection[M] | None = field(default=None)  # None: every move in the table

    def target(self, move: M, status: str, actor: A, moves: Collection[M] | None = None) -> str:
        """The state `move` leads to from `status`, or TransitionRefused if `actor` may not make it."""
        usable = moves if moves is not None else self.moves
        rule = self.table.get((move, status)) if usable is None or move in usable else None
        name = getattr(move, "value", move)
        if rule is None:
            raise TransitionRefused(self.refusal.format(state=self.label(status), move=name))
        to_state, actors = rule
        if actor not in actors:
            raise TransitionRefused(self.actor_refusal.format(move=name))
        return to_state

    def allowed(self, status: str, actor: A, moves: Collection[M] | None = None) -> list[M]:
        """The moves to offer this actor in this state (the buttons to show)."""
        usable = moves if moves is not None else self.moves
        return [
            m
            for (m, source), (_to, actors) in self.table.items()
            if source == status and actor in actors and (usable is None or m in usable)
        ]
