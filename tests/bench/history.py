"""Every bench appends its figures as one JSON line to var/bench/history.jsonl, so that the figures
of two commits can be compared (`git log` gives the commit, the line gives what it measured)."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from app.config import ROOT

HISTORY = Path(os.environ.get("BENCH_HISTORY", ROOT / "var" / "bench" / "history.jsonl"))


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def record(bench: str, figures: dict) -> dict:
    """Append one line {at, commit, bench, host, cpus, figures} and return it."""
    line = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "bench": bench,
        "host": platform.node(),
        "cpus": os.cpu_count(),
        "figures": figures,
    }
    HISTORY.parent.mkdir(parents=True, exist_ok=True)
    with HISTORY.open("a", encoding="utf-8") as out:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return line
