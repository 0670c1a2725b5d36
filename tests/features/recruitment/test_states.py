"""The state machine of 公募・プレ公募・公示: every move from every state, by every actor."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from features.recruitment.models import NoticeStatus as S
from features.recruitment.states import (
    KOUBO_MOVES,
    SIMPLE_MOVES,
    TRANSITIONS,
    Actor,
    Move,
    Phase,
    TransitionRefused,
    allowed,
    move,
    phase,
)

# The allowed moves, written out by hand (not derived from TRANSITIONS) so a change to the table shows here.
EXPECTED = {
    (Move.SUBMIT, S.DRAFT, Actor.JICA): S.PENDING,
    (Move.SUBMIT, S.RETURNED, Actor.JICA): S.PENDING,
    (Move.APPROVE, S.PENDING, Actor.SECRETARIAT): S.APPROVED,
    (Move.RETURN, S.PENDING, Actor.SECRETARIAT): S.RETURNED,
    (Move.PROXY_PUBLISH, S.DRAFT, Actor.SECRETARIAT): S.APPROVED,
    (Move.START_SCREENING, S.APPROVED, Actor.JICA): S.SCREENING,
    (Move.START_SCREENING, S.APPROVED, Actor.SECRETARIAT): S.SCREENING,
    (Move.FINISH, S.SCREENING, Actor.JICA): S.CLOSED,
    (Move.FINISH, S.SCREENING, Actor.SECRETARIAT): S.CLOSED,
    **{
        (Move.ARCHIVE, state, actor): S.ARCHIVED
        for state in (S.CLOSED, S.APPROVED, S.SCREENING)
        for actor in (Actor.SYSTEM, Actor.SECRETARIAT)
    },
    **{
        (Move.STOP, state, actor): S.STOPPED
        for state in (S.PENDING, S.RETURNED, S.APPROVED, S.SCREENING)
        for actor in (Actor.JICA, Actor.SECRETARIAT)
    },
}
CASES = [(m, s, a) for m in Move for s in S for a in Actor]


@pytest.mark.parametrize(("move_", "status", "actor"), CASES)
def test_every_move_from_every_state_by_every_actor(move_, status, actor):
    notice = SimpleNamespace(status=status)
    expected = EXPECTED.get((move_, status, actor))
    if expected is None:
        with pytest.raises(TransitionRefused) as refused:
            move(notice, move_, actor)
        assert refused.value.message  # a sentence for the person who pressed the button
        assert notice.status == status  # nothing changed
    else:
        assert move(notice, move_, actor) == expected
        assert notice.status == expected


def test_the_table_has_no_move_the_expectations_do_not_name():
    derived = {(m, s, a) for (m, s), (_to, actors) in TRANSITIONS.items() for a in actors}
    assert derived == set(EXPECTED)


@pytest.mark.parametrize("move_", sorted(KOUBO_MOVES - SIMPLE_MOVES))
def test_a_pre_koubo_or_koji_has_no_selection_moves(move_):
    state = {Move.START_SCREENING: S.APPROVED, Move.FINISH: S.SCREENING, Move.ARCHIVE: S.CLOSED}[move_]
    with pytest.raises(TransitionRefused):
        move(SimpleNamespace(status=state), move_, Actor.SECRETARIAT, SIMPLE_MOVES)


def test_buttons_shown_follow_the_table():
    assert allowed(SimpleNamespace(status=S.DRAFT), Actor.JICA) == [Move.SUBMIT]
    assert set(allowed(SimpleNamespace(status=S.PENDING), Actor.SECRETARIAT)) == {Move.APPROVE, Move.RETURN, Move.STOP}
    assert allowed(SimpleNamespace(status=S.ARCHIVED), Actor.JICA) == []


def test_phase_by_the_dates_and_the_deadline_to_the_minute():
    publish = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
    deadline = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # 12:00 in Japan
    assert phase(S.APPROVED, publish, deadline, publish - timedelta(seconds=1)) == Phase.SCHEDULED
    assert phase(S.APPROVED, publish, deadline, publish) == Phase.OPEN
    assert phase(S.APPROVED, publish, deadline, deadline + timedelta(seconds=59)) == Phase.OPEN
    assert phase(S.APPROVED, publish, deadline, deadline + timedelta(minutes=1)) == Phase.CLOSED
    assert phase(S.APPROVED, publish, None, publish) == Phase.PUBLISHED
    assert phase(S.SCREENING, publish, deadline, publish) == Phase.SCREENING
    assert phase(S.STOPPED, publish, deadline, publish) == Phase.STOPPED
