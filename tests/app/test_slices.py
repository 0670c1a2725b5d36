"""One registry of what slices contribute, read the same way by every process."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from app import erasure, slices
from app.config import ROOT

# Each entry point in a fresh interpreter, as production starts it; then what the registry holds.
ENTRY_POINTS = {
    "web": "from app import create_app; create_app(settings)",
    "standalone worker": "from app.queue import build_queue; from app.db import create_database; "
    "from tasks.worker import build_worker; "
    "worker = build_worker(settings, create_database(settings), build_queue(settings))",
}
REPORT = """
import json
from app import slices
from app.config import Settings
settings = Settings()
settings.app.debug = True
settings.app.secret_key = "k" * 40
{entry}
name = lambda f: f.__module__ + "." + f.__qualname__
print(json.dumps({{
    "slices": [s.name for s in slices.installed()],
    "erasers": [name(h) for h in slices.person_erasers()],
    "retirers": [name(h) for h in slices.organization_retirers()],
    "jobs": [[j.name, j.cron] for j in slices.scheduled_jobs()],
    "demo": [name(d) for d in slices.demo_loaders()],
    "worker_cron": sorted(c.function.__qualname__ for c in worker.cron_jobs) if "worker" in globals() else None,
}}))
"""


def _registry_seen_by(entry: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", REPORT.format(entry=entry)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_every_process_sees_the_same_hooks_and_jobs():
    seen = {label: _registry_seen_by(entry) for label, entry in ENTRY_POINTS.items()}
    web, worker = seen["web"], seen["standalone worker"]
    for key in ("slices", "erasers", "retirers", "jobs", "demo"):
        assert web[key] == worker[key], key
    assert {
        "features.talent.service.erase_resume",
        "features.applications.service.erase_applications",
        "features.messages.service.erase_person_mail",
    } <= set(web["erasers"])
    assert {
        "features.postings.service.withdraw_organization_postings",
        "features.messages.service.erase_organization_templates",
    } <= set(web["retirers"])
    assert "erase_long_expired_registrations" in [name for name, _ in web["jobs"]]
    # The worker schedules exactly the slices' jobs, plus the frame's sweeps of the outbox and of
    # old mail attachments.
    frame = ["sweep_mail_attachments", "sweep_outbox"]
    assert worker["worker_cron"] == sorted([name for name, _ in web["jobs"]] + frame)


async def test_erasing_before_the_slices_are_installed_fails_loudly(monkeypatch):
    monkeypatch.setattr(slices, "_installed", ())
    with pytest.raises(slices.SlicesNotInstalled):
        await erasure.erase_person(None, None, 1)
    with pytest.raises(slices.SlicesNotInstalled):
        await erasure.retire_organization(None, None, 1)


def test_slice_names_are_unique():
    from litestar import Router

    twin = slices.Slice("talent", Router(path="/_twin", route_handlers=[]))
    before = slices.installed()
    with pytest.raises(ValueError):
        slices.install([*before, twin])
    assert slices.installed() == before  # the refused list was not installed


def test_every_slice_settings_section_exists_and_belongs_to_one_slice():
    from dataclasses import fields

    from app.config import Settings

    frame = {"app", "database", "queue", "mail", "security", "page_cache"}
    sections = {f.name for f in fields(Settings)}
    claimed = [s.settings_section for s in slices.installed() if s.settings_section]
    assert len(claimed) == len(set(claimed)) and set(claimed) <= sections
    assert set(claimed) == sections - frame  # a section nobody reads, or one the frame forgot


async def test_ask_all_returns_every_providers_answer_in_slice_order(monkeypatch):
    from litestar import Router

    async def first(x):
        return ["a", x]

    async def second(x):
        return None

    extra = [
        slices.Slice("ask-one", Router(path="/", route_handlers=[]), provides={"offer": first}),
        slices.Slice("ask-none", Router(path="/", route_handlers=[])),
        slices.Slice("ask-two", Router(path="/", route_handlers=[]), provides={"offer": second}),
    ]
    monkeypatch.setattr(slices, "_installed", (*slices.installed(), *extra))
    assert await slices.ask_all("offer", 1) == [["a", 1], None]
    assert await slices.ask_all("nobody-offers-this", 1) == []
