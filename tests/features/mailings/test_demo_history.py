"""The demo's メール配信 history leaves no month without a bounce: the report's 不達率 has a point in
every month even when the draw of ~1.5 % bounces gives a quiet month none."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from features.mailings.demo_history import _a_bounce_every_month


def test_a_month_the_draw_left_without_a_bounce_gets_one_of_a_history_registrant():
    now = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)
    sent = [datetime(2026, month, 10, 2, 0, tzinfo=UTC) for month in (8, 8, 9, 9, 10, 11)]
    mails = [{"created_at": at} for at in sent]
    owners = [(1, 0), (2, 1), (3, 2), (1, 3), (99, 4), (2, 5)]  # (user id, recipient row); 99 is no registrant
    bounced = [(1, 1, True, sent[1] + timedelta(minutes=5))]  # August has its bounce
    added = _a_bounce_every_month(mails, owners, bounced, {1, 2, 3}, now)
    months = sorted(mails[index]["created_at"].month for index, *_ in added)
    assert months == [9, 11]  # not August (had one), not October (only a non-registrant's mail)
    for index, row, hard, at in added:
        assert owners[index][1] == row and hard is False
        assert mails[index]["created_at"] < at < now
    assert _a_bounce_every_month(mails, owners, bounced, {1, 2, 3}, now) == added  # the same every load
