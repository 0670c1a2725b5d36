"""app/lru.py: the bounded, expiring map behind the kept pages and session rows."""

from __future__ import annotations

from app.lru import ExpiringLRU


def test_an_entry_is_fresh_from_its_put_until_its_expiry():
    kept: ExpiringLRU[str, str] = ExpiringLRU(10)
    kept.put("a", "page", 100.0, 105.0)
    assert kept.get("a", 100.0) == "page"
    assert kept.get("a", 104.9) == "page"
    assert kept.get("a", 105.0) is None  # expired: dropped
    assert "a" not in kept and len(kept) == 0
    assert kept.get("missing", 100.0) is None


def test_a_clock_set_back_before_the_put_makes_an_entry_stale():
    kept: ExpiringLRU[str, str] = ExpiringLRU(10)
    kept.put("a", "page", 100.0, 105.0)
    assert kept.get("a", 99.0) is None
    assert "a" not in kept


def test_the_least_recently_used_goes_first_when_full():
    kept: ExpiringLRU[str, int] = ExpiringLRU(3)
    for number, key in enumerate("abc"):
        kept.put(key, number, 0.0, 10.0)
    assert kept.get("a", 1.0) == 0  # now the most recently used
    kept.put("d", 3, 1.0, 10.0)
    assert "b" not in kept and set(kept.values()) == {0, 2, 3}
    kept.put("c", 22, 2.0, 10.0)  # a put refreshes too
    kept.put("e", 4, 2.0, 10.0)
    assert "a" not in kept and sorted(kept.values()) == [3, 4, 22]
    assert len(kept) == 3


def test_peek_discard_and_clear():
    kept: ExpiringLRU[str, list[int]] = ExpiringLRU(2)
    kept.put("a", [1], 0.0, 1.0)
    kept.put("b", [2], 0.0, 1.0)
    kept.peek("a").append(9)  # read without refreshing, even when stale
    assert kept.peek("a") == [1, 9] and kept.peek("x") is None
    kept.put("c", [3], 0.5, 1.0)  # "a" was the least recently used still
    assert "a" not in kept
    kept.discard("b")
    kept.discard("b")
    assert kept.values() == [[3]]
    kept.clear()
    assert len(kept) == 0
