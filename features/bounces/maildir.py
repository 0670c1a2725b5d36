"""The other way in: bounce notifications a mail server delivered to a maildir. Each message in
new/ is processed in a transaction of its own and then moved to cur/ (flag S), so a second run
reads nothing twice."""

from __future__ import annotations

import asyncio
import mailbox
from dataclasses import dataclass, field
from pathlib import Path

import click

from app.config import Settings
from app.db import Database
from features.bounces import service


@dataclass
class MaildirResult:
    read: int = 0
    kinds: dict[str, int] = field(default_factory=dict)


async def read_maildir(database: Database, settings: Settings, path: Path | str) -> MaildirResult:
    box = mailbox.Maildir(str(path), factory=None, create=False)
    result = MaildirResult()
    for key in sorted(box.iterkeys()):
        message = box.get_message(key)
        if message.get_subdir() != "new":
            continue
        raw = box.get_bytes(key)
        async with database.session() as db:
            outcome = await service.process_message(db, settings, raw)
        message.set_subdir("cur")
        message.add_flag("S")
        box[key] = message  # rewrites it under cur/ with the flag
        result.read += 1
        result.kinds[outcome.kind] = result.kinds.get(outcome.kind, 0) + 1
    return result


@click.group(name="bounces", help="不達メール")
def group() -> None:
    pass


@group.command("read-maildir", help="maildir の new/ にある不達通知を読み込み、cur/ に移す")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
def read_maildir_command(path: Path) -> None:
    from app.config import get_settings
    from app.db import create_database
    from app.routes import install_slices

    async def run() -> MaildirResult:
        install_slices()
        settings = get_settings()
        database = create_database(settings)
        try:
            return await read_maildir(database, settings, path)
        finally:
            await database.dispose()

    result = asyncio.run(run())
    figures = "、".join(f"{kind} {n}件" for kind, n in sorted(result.kinds.items())) or "なし"
    click.echo(f"{result.read}件の通知を読み込みました（{figures}）。")
