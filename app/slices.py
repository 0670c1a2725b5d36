"""What a slice contributes to the whole, declared once as `SLICE` in the slice's package.

`app.routes.SLICES` lists them; `install()` hands that list to the frame, and every process
calls it before doing anything: the web app, the worker (`litestar worker run` and
`python -m tasks.worker`), the CLI and the tests. Nothing registers itself on import, so a
process cannot end up with half the erasers because it happened to import fewer modules.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from litestar import Router
from sqlalchemy.ext.asyncio import AsyncSession

from app import navigation
from app.config import Settings
from app.navigation import NavItem

# hook(db, settings, user_id): delete or anonymize a person's data / withdraw an organization's things.
Hook = Callable[[AsyncSession, Settings, int], Awaitable[None]]
DemoLoader = Callable[[AsyncSession, random.Random, Settings], Awaitable[None]]
JobRun = Callable[[AsyncSession, Settings], Awaitable[int]]


@dataclass(frozen=True)
class ScheduledJob:
    """Work the worker runs on a cron schedule (UTC), in one transaction of its own."""

    name: str  # the saq job name: keep it stable, running jobs and cron uniqueness are keyed on it
    run: JobRun
    cron: str
    timeout: int = 600
    retries: int = 3  # each job is idempotent; a retry covers a worker lost mid-run (or saq's sweep racing a dequeue)


@dataclass(frozen=True)
class QueuedTask:
    """Work a slice enqueues by name (app.queue.enqueue(name, **kwargs)) and the worker runs in one
    transaction of its own as run(db, settings, **kwargs). Arguments are stored by the queue and
    shown in its UI: ids only, never a secret."""

    name: str
    run: Callable[..., Awaitable[object]]


@dataclass(frozen=True)
class Slice:
    name: str
    router: Router
    nav: tuple[NavItem, ...] = ()
    mypage: tuple[NavItem, ...] = ()
    seed_demo: DemoLoader | None = None
    person_erasers: tuple[Hook, ...] = ()  # 退会 and retention (APPI)
    organization_retirers: tuple[Hook, ...] = ()  # a confirmed 無効登録
    jobs: tuple[ScheduledJob, ...] = ()
    tasks: tuple[QueuedTask, ...] = ()
    settings_section: str = ""  # the litestar.toml section this slice reads ([registration], …), if any
    # What this slice answers for a lower slice that asks by name (slices.ask): the lower one
    # never imports a higher one.
    provides: Mapping[str, Callable[..., Awaitable[Any]]] = field(default_factory=dict)


class SlicesNotInstalled(RuntimeError):
    """A process tried to erase, retire or schedule before installing the slices."""


_installed: tuple[Slice, ...] = ()


def install(slices: Iterable[Slice]) -> None:
    """Make these slices the ones every registry reads (idempotent: the same list twice is one install)."""
    global _installed
    chosen = tuple(slices)
    names = [s.name for s in chosen]
    if len(set(names)) != len(names):  # checked first: a refused list leaves the installed one as it was
        raise ValueError(f"slice names must be unique: {names}")
    _installed = chosen
    navigation.replace([i for s in _installed for i in s.nav], [i for s in _installed for i in s.mypage])


def installed() -> tuple[Slice, ...]:
    if not _installed:
        raise SlicesNotInstalled("app.routes.install_slices() must run before the slices' hooks are used")
    return _installed


def person_erasers() -> list[Hook]:
    return [hook for s in installed() for hook in s.person_erasers]


def organization_retirers() -> list[Hook]:
    return [hook for s in installed() for hook in s.organization_retirers]


def scheduled_jobs() -> list[ScheduledJob]:
    return [job for s in installed() for job in s.jobs]


def queued_tasks() -> list[QueuedTask]:
    return [task for s in installed() for task in s.tasks]


async def ask(name: str, *args: Any, default: Any) -> Any:
    """The answer of the slice that provides `name`, or `default` when none does (a lower slice
    asking a higher one, e.g. the postings list asking for 応募件数)."""
    for slice_ in installed():
        provider = slice_.provides.get(name)
        if provider is not None:
            return await provider(*args)
    return default


async def ask_all(name: str, *args: Any) -> list[Any]:
    """Every providing slice's answer to `name`, in slice order (e.g. the target lists each
    higher slice offers the survey builder); an empty list when none provides it."""
    return [await s.provides[name](*args) for s in installed() if name in s.provides]


def demo_loaders() -> list[DemoLoader]:
    return [s.seed_demo for s in installed() if s.seed_demo is not None]
