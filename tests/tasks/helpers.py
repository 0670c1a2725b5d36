"""The worker as production runs it: `python -m tasks.worker` in a process of its own."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

from app.config import ROOT


def start_worker(settings, log_path, **extra_env: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "PARTNER_APP_DEBUG": "true" if settings.app.debug else "false",
        "PARTNER_APP_SECRET_KEY": settings.app.secret_key,
        "PARTNER_APP_VAR_DIR": settings.app.var_dir,
        "PARTNER_DATABASE_URL": settings.database.url,
        "PARTNER_QUEUE_URL": settings.queue.url,
        "PARTNER_QUEUE_NAME": settings.queue.name,
        "PARTNER_QUEUE_SWEEP_SECONDS": "1",
        **extra_env,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "tasks.worker"],
        cwd=ROOT,
        env=env,
        stdout=open(log_path, "ab"),
        stderr=subprocess.STDOUT,
    )


async def wait_until(predicate, timeout: float = 60.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.05)
