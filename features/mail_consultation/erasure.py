"""メール相談: erasure. 退会 removes the person's cases with their notes, history and
attachments; a daily sweep removes stored attachments no case points to."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, uploads
from app.config import Settings
from app.db import after_commit
from features.mail_consultation.models import CaseEvent, CaseNote, MailConsultation
from features.mail_consultation.service import UPLOAD_AREA


async def erase_cases(db: AsyncSession, settings: Settings, user_id: int) -> None:
    """退会: the person's cases go, with their notes, history and attachments."""
    rows = await db.execute(
        select(MailConsultation.id, MailConsultation.attachment_stored).where(MailConsultation.user_id == user_id)
    )
    found = rows.all()
    if not found:
        return
    ids = [row[0] for row in found]
    await db.execute(delete(CaseNote).where(CaseNote.consultation_id.in_(ids)))
    await db.execute(delete(CaseEvent).where(CaseEvent.consultation_id.in_(ids)))
    await db.execute(delete(MailConsultation).where(MailConsultation.id.in_(ids)))
    stored = [row[1] for row in found if row[1]]
    if stored:

        async def remove() -> None:  # only once the rows are surely gone
            uploads.remove(settings, stored, area=UPLOAD_AREA)

        after_commit(db, remove)


ORPHAN_GRACE = timedelta(hours=6)


async def sweep_orphan_attachments(db: AsyncSession, settings: Settings) -> int:
    """Daily: delete stored attachments no case points to (a submission whose transaction failed
    after the file was written), older than ORPHAN_GRACE. Only this slice's area is looked at."""
    candidates = uploads.stored_before(settings, clock.now() - ORPHAN_GRACE, UPLOAD_AREA)
    referenced: set[str] = set()
    for start in range(0, len(candidates), 500):  # bounded IN lists
        rows = await db.execute(
            select(MailConsultation.attachment_stored).where(
                MailConsultation.attachment_stored.in_(candidates[start : start + 500])
            )
        )
        referenced.update(rows.scalars())
    orphans = [name for name in candidates if name not in referenced]
    uploads.remove(settings, orphans, UPLOAD_AREA)
    return len(orphans)
