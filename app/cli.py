"""`litestar` subcommands: db upgrade/downgrade/current/revision, demo load, worker run."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from contextlib import contextmanager

import click
from litestar.plugins import CLIPlugin

from app.config import ROOT


def alembic_config(database_url: str | None = None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(ROOT / "app" / "migrations"))
    if database_url:
        config.attributes["database_url"] = database_url
    return config


def upgrade_database(database_url: str | None = None, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(database_url), revision)


def downgrade_database(database_url: str | None = None, revision: str = "base") -> None:
    from alembic import command

    command.downgrade(alembic_config(database_url), revision)


@click.group(name="db", help="データベースのマイグレーション")
def db_group() -> None:
    pass


@db_group.command("upgrade", help="マイグレーションを適用する (既定: head)")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    upgrade_database(revision=revision)
    click.echo(f"データベースを {revision} に更新しました。")


@db_group.command("downgrade", help="マイグレーションを戻す")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    downgrade_database(revision=revision)
    click.echo(f"データベースを {revision} に戻しました。")


@db_group.command("current", help="現在のリビジョンを表示する")
def db_current() -> None:
    from alembic import command

    command.current(alembic_config(), verbose=False)


@db_group.command("revision", help="新しいマイグレーションを作る")
@click.option("-m", "--message", required=True)
@click.option("--autogenerate/--empty", default=True)
def db_revision(message: str, autogenerate: bool) -> None:
    from alembic import command

    command.revision(alembic_config(), message=message, autogenerate=autogenerate)


@click.group(name="demo", help="デモデータ")
def demo_group() -> None:
    pass


@demo_group.command("load", help="デモデータを投入する")
@click.option("--if-empty", is_flag=True, help="データベースが空のときだけ投入する")
def demo_load(if_empty: bool) -> None:
    from app.config import get_settings
    from app.db import create_database
    from app.demo import database_is_empty, load_demo
    from app.routes import install_slices

    async def run() -> str:
        install_slices()
        settings = get_settings()
        database = create_database(settings)
        try:
            if if_empty and not await database_is_empty(database):
                return "データベースにデータがあるため、デモデータは投入しませんでした。"
            await load_demo(database, settings, history=True)
            return "デモデータを投入しました。"
        finally:
            await database.dispose()

    click.echo(asyncio.run(run()))


@click.group(name="worker", help="saq ワーカー (メール配信など)")
def worker_group() -> None:
    pass


@worker_group.command("run", help="ワーカーを独立したプロセスとして起動する")
def worker_run() -> None:
    import logging

    from tasks.worker import run_standalone

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    asyncio.run(run_standalone())


@click.group(name="user", help="アカウント")
def user_group() -> None:
    pass


@user_group.command("create-staff", help="事務局またはキャリア相談員のアカウントを作る")
@click.argument("email")
@click.option("--name", required=True, help="氏名")
@click.option("--counselor", is_flag=True, help="キャリア相談員として作る")
@click.option(
    "--password", prompt=True, hide_input=True, confirmation_prompt=True, help="パスワード (省略すると入力を求めます)"
)
def user_create_staff(email: str, name: str, counselor: bool, password: str) -> None:
    from app.config import get_settings
    from app.db import create_database
    from app.routes import create_staff_account

    async def run() -> str:
        settings = get_settings()
        database = create_database(settings)
        try:
            async with database.session() as db:
                return await create_staff_account(db, settings, email, name, counselor, password)
        finally:
            await database.dispose()

    try:
        click.echo(asyncio.run(run()))
    except Exception as error:  # StaffError carries a Japanese message
        raise click.ClickException(getattr(error, "message", str(error))) from None


class PartnerCLIPlugin(CLIPlugin):
    @contextmanager
    def server_lifespan(self, app) -> Iterator[None]:
        """Entered by `litestar run` just before uvicorn starts (its --wc worker processes inherit
        the environment). uvicorn believes X-Forwarded-For from 127.0.0.1 unless told otherwise and
        rewrites the client address before the app sees it; security.trusted_proxies alone decides."""
        os.environ["FORWARDED_ALLOW_IPS"] = ""
        yield

    def on_cli_init(self, cli: click.Group) -> None:
        cli.add_command(db_group)
        cli.add_command(demo_group)
        cli.add_command(worker_group)
        cli.add_command(user_group)
        from app.routes import slice_cli_groups

        for group in slice_cli_groups():
            cli.add_command(group)
