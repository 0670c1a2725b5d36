"""canonical e-mail: every stored address in its canonical form, unique on that form

Revision ID: 0013_canonical_email
Revises: 0012_messages
Create Date: 2026-11-23 00:00:00

Addresses were stored with only the domain lower-cased while look-ups lower-cased the whole
address. This lower-cases (after NFKC, trimmed) every account and token address and turns the
unique constraint into a unique index on the column, which from now on only holds that form.
Two accounts whose addresses become the same are never merged silently: the upgrade stops
and names their ids, for the secretariat to resolve by hand first.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = '0013_canonical_email'
down_revision = '0012_messages'
branch_labels = None
depends_on = None


class CollidingEmails(RuntimeError):
    pass


def _canonical(value: str) -> str:
    # Frozen copy of app.forms.normalize_email (a migration never imports application code).
    return unicodedata.normalize("NFKC", value or "").strip().lower()


_accounts = sa.table('user_account', sa.column('id', sa.Integer), sa.column('email', sa.String))
_tokens = sa.table('action_token', sa.column('id', sa.Integer), sa.column('email', sa.String))


def _rewrite(connection, table) -> None:
    rows = connection.execute(sa.select(table.c.id, table.c.email)).all()
    for row_id, email in rows:
        if _canonical(email) != email:
            connection.execute(table.update().where(table.c.id == row_id).values(email=_canonical(email)))


def upgrade() -> None:
    connection = op.get_bind()
    groups: dict[str, list[int]] = defaultdict(list)
    for row_id, email in connection.execute(sa.select(_accounts.c.id, _accounts.c.email)).all():
        groups[_canonical(email)].append(row_id)
    colliding = sorted(sorted(ids) for ids in groups.values() if len(ids) > 1)
    if colliding:
        listed = "; ".join(", ".join(map(str, ids)) for ids in colliding)
        raise CollidingEmails(
            f"user_account: {len(colliding)}組のアカウントのメールアドレスが、小文字にそろえると同じになります"
            f"（id: {listed}）。自動では統合しません。どちらかのアドレスを変更してから、もう一度実行してください。"
        )
    _rewrite(connection, _accounts)
    _rewrite(connection, _tokens)
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint('uq_user_account_email', type_='unique')
        batch_op.create_index('ix_user_account_email', ['email'], unique=True)


def downgrade() -> None:
    # The addresses stay lower-cased: the old code finds them just as well.
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_index('ix_user_account_email')
        batch_op.create_unique_constraint('uq_user_account_email', ['email'])
