"""The server processes of tests/bench/bench_writers.py as /proc sees them: their children (the
processes uvicorn --workers forks), their CPU seconds (utime + stime, every thread) and their peak
resident memory, sampled once a second."""

from __future__ import annotations

import os
import threading
from pathlib import Path


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _cpu_seconds(pid: int) -> float:
    """utime + stime of a process (all its threads: aiosqlite's too), in seconds; 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_seconds(servers, database_pid: int | None = None) -> dict[str, float]:
    """CPU seconds used so far by the server processes (web, the processes uvicorn --workers forks,
    the saq worker) and, when given, by the database server with its backends."""
    used = {"server": 0.0, "database": 0.0, "web": 0.0, "worker": 0.0}
    for n, process in enumerate(servers.processes):
        for pid in [process.pid, *_children(process.pid)]:
            seconds = _cpu_seconds(pid)
            used["server"] += seconds
            used["web" if n == 0 else "worker"] += seconds
    if database_pid:
        for pid in [database_pid, *_children(database_pid)]:
            used["database"] += _cpu_seconds(pid)
    return used


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class RssSampler(threading.Thread):
    """Peak RSS of every server process (and the processes uvicorn --workers forks), once a second."""

    def __init__(self, servers) -> None:  # bench_writers.Servers or ThreadServer
        super().__init__(daemon=True)
        self.servers = servers
        self.peaks: dict[str, float] = {}
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(1.0):
            self.sample()

    def sample(self) -> None:
        for n, process in enumerate(self.servers.processes):
            role = "web" if n == 0 else "worker"
            for pid, name in [(process.pid, role), *((c, f"{role}-child") for c in _children(process.pid))]:
                key = f"{name} pid {pid}"
                self.peaks[key] = max(self.peaks.get(key, 0.0), _rss_mb(pid))
