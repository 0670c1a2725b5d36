"""Real servers for the suite, started on loopback: PostgreSQL, Redis and an SMTP sink."""

from __future__ import annotations

import email
import email.policy
import os
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

PG_BIN_CANDIDATES = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def make_run_recipe(**variables: str) -> tuple[dict[str, str], list[str]]:
    """What `make run` starts, read from the Makefile without running it: the environment its
    command line sets (PARTNER_…=…) and the command itself."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PARTNER_")}
    dry_run = subprocess.run(
        ["make", "-n", "-s", "run", *(f"{k}={v}" for k, v in variables.items())],
        cwd=PROJECT_ROOT,
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    )
    words = shlex.split(dry_run.stdout.strip().splitlines()[-1])
    assignments = {}
    while words and re.match(r"[A-Z_][A-Z0-9_]*=", words[0]):
        name, _, value = words.pop(0).partition("=")
        assignments[name] = value
    return assignments, words


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"port {port} did not open in {timeout}s")


class ServiceMissing(RuntimeError):
    """A system package the suite needs is not installed (make test installs them)."""


def _as_postgres_user(cmd: list[str]) -> list[str]:
    # initdb refuses to run as root; on CI (root) the server runs as Debian's postgres user.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@dataclass
class PostgresServer:
    port: int
    workdir: Path
    bin_dir: Path
    url_user: str = "partner"

    def url(self, database: str, driver: str = "postgresql+asyncpg") -> str:
        return f"{driver}://{self.url_user}@127.0.0.1:{self.port}/{database}"

    def psql(self, *statements: str, database: str = "postgres") -> None:
        """Run each statement in its own transaction (CREATE/DROP DATABASE need that), in one psql."""
        commands = [arg for sql in statements for arg in ("-c", sql)]
        subprocess.run(
            [
                str(self.bin_dir / "psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                self.url_user,
                "-d",
                database,
                "-v",
                "ON_ERROR_STOP=1",
                "-q",
                *commands,
            ],
            check=True,
            capture_output=True,
        )

    def stop(self) -> None:
        subprocess.run(
            _as_postgres_user(
                [str(self.bin_dir / "pg_ctl"), "-D", str(self.workdir / "data"), "-m", "immediate", "stop"]
            ),
            capture_output=True,
        )
        shutil.rmtree(self.workdir, ignore_errors=True)


def start_postgres() -> PostgresServer:
    if not PG_BIN_CANDIDATES:
        raise ServiceMissing("PostgreSQL のサーバーが見つかりません (apt-get install postgresql)")
    bin_dir = PG_BIN_CANDIDATES[0]
    workdir = Path(tempfile.mkdtemp(prefix="partner-pg-"))
    os.chmod(workdir, 0o777)
    data = workdir / "data"
    port = free_port()
    run = lambda cmd: subprocess.run(_as_postgres_user(cmd), check=True, capture_output=True)  # noqa: E731
    run([str(bin_dir / "initdb"), "-D", str(data), "-U", "partner", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"])
    options = (
        f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
        " -c full_page_writes=off -c max_connections=200"
    )
    run([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(workdir / "log"), "-w", "start"])
    return PostgresServer(port=port, workdir=workdir, bin_dir=bin_dir)


@dataclass
class RedisServer:
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_redis(port: int | None = None) -> RedisServer:
    binary = shutil.which("redis-server")
    if not binary:
        raise ServiceMissing("redis-server が見つかりません (apt-get install redis-server)")
    port = port or free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port)
    return RedisServer(port=port, process=process)


@dataclass
class ReceivedMail:
    mail_from: str
    recipients: list[str]
    message: email.message.EmailMessage

    @property
    def message_id(self) -> str:
        return self.message["Message-ID"]

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        return self.message.get_content()


@dataclass
class SmtpSink:
    """aiosmtpd on loopback, collecting every accepted message."""

    port: int = 0
    messages: list[ReceivedMail] = field(default_factory=list)
    hold: threading.Event | None = None  # when set by a test: DATA waits until released
    reject_held: bool = False
    held: int = 0  # DATA commands that are waiting on `hold`
    _controller: object = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        import asyncio

        hold = self.hold
        if hold is not None:
            self.held += 1
            await asyncio.get_running_loop().run_in_executor(None, hold.wait)
            if self.reject_held:
                return "451 4.3.0 try again later"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"

    def start(self) -> SmtpSink:
        from aiosmtpd.controller import Controller

        self.port = self.port or free_port()
        controller = Controller(self, hostname="127.0.0.1", port=self.port)
        controller.start()
        self._controller = controller
        return self

    def stop(self) -> None:
        if self._controller is not None:
            if self.hold is not None:
                self.hold.set()
            self._controller.stop()
            self._controller = None

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()

    def wait_for(self, count: int, timeout: float = 90.0) -> list[ReceivedMail]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.02)
        raise AssertionError(f"expected {count} mails, got {len(self.messages)} within {timeout}s")


async def wait_for_mail(sink: SmtpSink, count: int, timeout: float = 90.0) -> list[ReceivedMail]:
    """Async twin of SmtpSink.wait_for, for tests whose event loop runs the worker."""
    import asyncio

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(sink.messages) >= count:
            return list(sink.messages)
        await asyncio.sleep(0.02)
    raise AssertionError(f"expected {count} mails, got {len(sink.messages)} within {timeout}s")
