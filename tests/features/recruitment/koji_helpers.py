"""公示案件 test helpers: a complete form, posting its buttons, rows made directly, sample files."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, timedelta

from sqlalchemy import select

from app import clock
from features.accounts.models import Role
from features.recruitment.models import Koji, KojiFile, NoticeStatus
from tests.conftest import csrf_headers
from tests.features.accounts.helpers import log_in, make_user
from tests.features.applications.helpers import one_page_pdf
from tests.features.recruitment.helpers import JICA_EMAIL, make_jica

OFFICE_EMAIL = "office@example.jp"
PDF = one_page_pdf("koji")


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def koji_form(**changes) -> dict:
    values = {
        "notice_on": "2026-11-18",
        "procurement_number": "2026-00123",
        "country": "KE",
        "title": "ケニア国保健医療体制強化プロジェクト",
        "work_type": "専門家業務",
        "contract_type": "業務実施契約",
        "selection_method": "企画競争",
        "role-0": "業務主任者／保健医療",
        "grade-0": "2号",
        "role-1": "地域保健",
        "grade-1": "3号",
        "period_start": "2027-04-01",
        "period_end": "2029-03-31",
        "mm_field": "24.5",
        "mm_domestic": "1.25",
        "question_deadline_at_date": "2026-12-01",
        "question_deadline_at_time": "12:00",
        "submission_deadline_at_date": "2026-12-15",
        "submission_deadline_at_time": "12:00",
        "jica_url": "https://www.jica.go.jp/announce/2026-00123.html",
        "file_label-0": "説明書",
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


async def post_koji(client, data: dict, button: str, koji_id: int | None = None, files=None, proxy=False):
    base = "/admin/koji" if proxy else "/mypage/koji"
    path = f"{base}/{button}" if koji_id is None else f"{base}/{koji_id}/{button}"
    return await client.post(path, data=data, files=files, headers=csrf_headers(client), follow_redirects=False)


async def as_jica(client, database):
    user, organization = await make_jica(database)
    await log_in(client, database, JICA_EMAIL)
    return user, organization


async def switch_to(client, database, email: str, role=Role.SECRETARIAT, make=True):
    await client.get("/healthz")
    await client.post("/logout", headers=csrf_headers(client))
    if make:
        await make_user(database, email, role)
    await log_in(client, database, email)
    await client.get("/healthz")  # a CSRF cookie for the next form


async def kojis(database) -> list[Koji]:
    async with database.session(write=False) as db:
        return list((await db.execute(select(Koji).order_by(Koji.id))).scalars())


async def koji_files(database) -> list[KojiFile]:
    async with database.session(write=False) as db:
        return list((await db.execute(select(KojiFile).order_by(KojiFile.id))).scalars())


async def make_koji(database, organization_id: int, *, status: str = NoticeStatus.APPROVED, **values) -> Koji:
    now = clock.now()
    serial = values.pop("serial", 1)
    fields = dict(
        organization_id=organization_id,
        notice_on=date(2026, 11, 1) + timedelta(days=serial % 20),
        procurement_number=f"2026-{serial:05d}",
        country="KE",
        title=f"公示案件{serial}",
        work_type="専門家業務",
        contract_type="業務実施契約",
        selection_method="企画競争",
        roles='[{"role": "業務主任者／保健医療", "grade": "2号"}]',
        submission_deadline_at=now + timedelta(days=serial),
        status=status,
        created_at=now,
        updated_at=now,
        approved_at=now if status == NoticeStatus.APPROVED else None,
    )
    fields.update(values)
    fields["search_text"] = f"{fields['title']} {fields['procurement_number']}".lower()
    async with database.session() as db:
        koji = Koji(**fields)
        db.add(koji)
        await db.flush()
        await db.refresh(koji)
    return koji


def jst(day: str, hm: str = "00:00") -> datetime:
    return datetime.fromisoformat(f"{day}T{hm}").replace(tzinfo=clock.JST)
