"""organization_expiry: 団体の登録有効期限 and its reminders (団体の延長登録, 000 §2.7)

Organizations approved before this revision get their approval date plus three years, but never
less than 90 days from the upgrade: nobody is cut off by the deployment itself.

Revision ID: 0034_organization_expiry
Revises: 0033_operations
Create Date: 2026-12-07 08:00:00
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0034_organization_expiry'
down_revision = '0033_operations'
branch_labels = None
depends_on = None

VALID = timedelta(days=365 * 3)
GRACE = timedelta(days=90)


def upgrade() -> None:
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.add_column(sa.Column('registration_expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('expiry_reminder_days', sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f('ix_organization_registration_expires_at'), ['registration_expires_at'], unique=False
        )
    connection = op.get_bind()
    floor = datetime.now(UTC) + GRACE
    rows = connection.execute(
        sa.text("SELECT id, approved_at FROM organization WHERE approved_at IS NOT NULL AND status = '承認済み'")
    ).all()
    for organization_id, approved_at in rows:
        if isinstance(approved_at, str):  # SQLite hands back text
            approved_at = datetime.fromisoformat(approved_at)
        if approved_at.tzinfo is None:
            approved_at = approved_at.replace(tzinfo=UTC)
        expires = max(approved_at + VALID, floor)
        value = expires if connection.dialect.name == "postgresql" else _sqlite_text(expires)
        connection.execute(
            sa.text("UPDATE organization SET registration_expires_at = :expires WHERE id = :id"),
            {"expires": value, "id": organization_id},
        )


def _sqlite_text(value: datetime) -> str:
    """How SQLAlchemy writes a UTC datetime into SQLite."""
    return value.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def downgrade() -> None:
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organization_registration_expires_at'))
        batch_op.drop_column('expiry_reminder_days')
        batch_op.drop_column('registration_expires_at')
