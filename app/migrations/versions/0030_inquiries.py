"""inquiries: the desk takes over the contact form's `inquiry` table — states, account, 担当者,
the new categories — with a timeline, 定型文 and a count of forged inbound replies

Existing rows become 新規 cases (the desk has no record of how they were answered by mail), each
with its message as the first timeline entry and a note saying it came from before the desk. The
old categories map to the desk's: 登録・ログインについて → 登録, 求人・研修情報の掲載について → 求人掲載,
キャリア相談について → 相談, システムの不具合について and その他 → その他.

Revision ID: 0030_inquiries
Revises: 0029_faq
Create Date: 2026-12-07 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0030_inquiries'
down_revision = '0029_faq'
branch_labels = None
depends_on = None

OLD_TO_NEW = {
    '登録・ログインについて': '登録',
    '求人・研修情報の掲載について': '求人掲載',
    'キャリア相談について': '相談',
    'システムの不具合について': 'その他',
}
NEW_TO_OLD = {
    '登録': '登録・ログインについて',
    'ログイン': '登録・ログインについて',
    '求人掲載': '求人・研修情報の掲載について',
    '相談': 'キャリア相談について',
}
MIGRATED_NOTE = '窓口の導入前に受け付けたお問い合わせです（当時の対応は事務局のメールをご確認ください）。'


def _map_categories(mapping: dict[str, str], rest: str) -> None:
    inquiry = sa.table('inquiry', sa.column('category', sa.String))
    for old, new in mapping.items():
        op.execute(inquiry.update().where(inquiry.c.category == old).values(category=new))
    op.execute(inquiry.update().where(inquiry.c.category.not_in([*mapping.values(), rest])).values(category=rest))


def upgrade() -> None:
    with op.batch_alter_table('inquiry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))
        batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('assignee_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('waiting_since', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('first_replied_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('faq_entry_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.execute("UPDATE inquiry SET status = 'new', waiting_since = created_at, updated_at = created_at")
    _map_categories(OLD_TO_NEW, 'その他')
    with op.batch_alter_table('inquiry', schema=None) as batch_op:
        batch_op.alter_column('status', existing_type=sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False)
        batch_op.alter_column('waiting_since', existing_type=sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False)
        batch_op.alter_column('updated_at', existing_type=sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_inquiry_user_id_user_account'), 'user_account', ['user_id'], ['id'], ondelete='SET NULL'
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_inquiry_assignee_id_user_account'),
            'user_account',
            ['assignee_id'],
            ['id'],
            ondelete='SET NULL',
        )
        batch_op.create_index(batch_op.f('ix_inquiry_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inquiry_assignee_id'), ['assignee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inquiry_first_replied_at'), ['first_replied_at'], unique=False)
        batch_op.create_index('ix_inquiry_status_waiting', ['status', 'waiting_since'], unique=False)
        batch_op.create_index('ix_inquiry_category_created', ['category', 'created_at'], unique=False)

    op.create_table(
        'inquiry_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('actor_user_id', sa.Integer(), nullable=True),
        sa.Column('actor_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('body', sa.Text(), server_default='', nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['case_id'], ['inquiry.id'], name=op.f('fk_inquiry_event_case_id_inquiry'), ondelete='CASCADE'
        ),
        sa.ForeignKeyConstraint(
            ['actor_user_id'],
            ['user_account.id'],
            name=op.f('fk_inquiry_event_actor_user_id_user_account'),
            ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiry_event')),
    )
    with op.batch_alter_table('inquiry_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inquiry_event_case_id'), ['case_id'], unique=False)
    op.execute(
        "INSERT INTO inquiry_event (case_id, kind, actor_name, body, created_at) "
        "SELECT id, 'received', name, body, created_at FROM inquiry ORDER BY id"
    )
    event = sa.table(
        'inquiry_event',
        sa.column('case_id', sa.Integer),
        sa.column('kind', sa.String),
        sa.column('actor_name', sa.String),
        sa.column('body', sa.Text),
        sa.column('created_at', sqlmodel.sql.sqltypes.UTCDateTime()),
    )
    inquiry = sa.table(
        'inquiry', sa.column('id', sa.Integer), sa.column('created_at', sqlmodel.sql.sqltypes.UTCDateTime())
    )
    op.execute(
        event.insert().from_select(
            ['case_id', 'kind', 'actor_name', 'body', 'created_at'],
            sa.select(
                inquiry.c.id,
                sa.literal('note'),
                sa.literal('システム（移行）'),
                sa.literal(MIGRATED_NOTE),
                inquiry.c.created_at,
            ).order_by(inquiry.c.id),
        )
    )

    op.create_table(
        'inquiry_reply_template',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column('body', sa.Text(), server_default='', nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiry_reply_template')),
        sa.UniqueConstraint('name', name=op.f('uq_inquiry_reply_template_name')),
    )
    op.create_table(
        'inquiry_inbound_rejection',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('recipient', sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('received_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiry_inbound_rejection')),
    )
    with op.batch_alter_table('inquiry_inbound_rejection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inquiry_inbound_rejection_received_at'), ['received_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('inquiry_inbound_rejection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inquiry_inbound_rejection_received_at'))
    op.drop_table('inquiry_inbound_rejection')
    op.drop_table('inquiry_reply_template')
    with op.batch_alter_table('inquiry_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inquiry_event_case_id'))
    op.drop_table('inquiry_event')
    with op.batch_alter_table('inquiry', schema=None) as batch_op:
        batch_op.drop_index('ix_inquiry_category_created')
        batch_op.drop_index('ix_inquiry_status_waiting')
        batch_op.drop_index(batch_op.f('ix_inquiry_first_replied_at'))
        batch_op.drop_index(batch_op.f('ix_inquiry_assignee_id'))
        batch_op.drop_index(batch_op.f('ix_inquiry_user_id'))
        batch_op.drop_constraint(batch_op.f('fk_inquiry_assignee_id_user_account'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_inquiry_user_id_user_account'), type_='foreignkey')
        batch_op.drop_column('updated_at')
        batch_op.drop_column('faq_entry_id')
        batch_op.drop_column('closed_at')
        batch_op.drop_column('first_replied_at')
        batch_op.drop_column('waiting_since')
        batch_op.drop_column('assignee_id')
        batch_op.drop_column('user_id')
        batch_op.drop_column('status')
    _map_categories(NEW_TO_OLD, 'その他')
