"""The SQL statements this process runs inside a block, for tests that count round trips."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine


@contextmanager
def statements(keep: Callable[[str], bool] = lambda _statement: True) -> Iterator[list[str]]:
    """Every statement any engine runs inside the block (those `keep` accepts), in order."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:
        if keep(statement):
            seen.append(statement)

    event.listen(Engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", note)
