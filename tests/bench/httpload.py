"""A small keep-alive HTTP/1.1 load generator: the same client measures every server."""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass


@dataclass
class LoadResult:
    requests: int
    seconds: float
    latencies_ms: list[float]
    errors: int

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * p))]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms)


async def _connection(host: str, port: int, path: str, count: int, latencies: list[float]) -> int:
    reader, writer = await asyncio.open_connection(host, port)
    request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: keep-alive\r\n\r\n".encode()
    errors = 0
    try:
        for _ in range(count):
            started = time.perf_counter()
            writer.write(request)
            status_line = await reader.readline()
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                if name.lower() == "content-length":
                    length = int(value.strip())
            await reader.readexactly(length)
            latencies.append((time.perf_counter() - started) * 1000)
            if not status_line.startswith(b"HTTP/1.1 200"):
                errors += 1
    finally:
        writer.close()
    return errors


async def run_load(port: int, path: str, *, requests: int = 2000, concurrency: int = 8) -> LoadResult:
    latencies: list[float] = []
    per_connection = requests // concurrency
    started = time.perf_counter()
    errors = await asyncio.gather(
        *(_connection("127.0.0.1", port, path, per_connection, latencies) for _ in range(concurrency))
    )
    elapsed = time.perf_counter() - started
    return LoadResult(
        requests=per_connection * concurrency, seconds=elapsed, latencies_ms=latencies, errors=sum(errors)
    )
