"""talent_search: resume.listed_until, the date until which organizations may find a résumé, kept by triggers

人材閲覧 checked, for every résumé it considered, that the person is a 国際協力人材登録 with an active
account (not suspended, withdrawn or 物故) and an unexpired registration: two index probes per
row, 250–330 ms for a common keyword at 100,000 people. That rule now lives in one indexed
column on resume: the registration's expires_at while the résumé is public and the account may
be shown, NULL otherwise; "findable now" is `listed_until > now`. Triggers keep it in the same
statement as every write that changes an input — the résumé's visibility, the registration's
expiry or kind, the account's status — whoever writes (a service, a bulk UPDATE, the
secretariat's tools), so the search can never disagree with the rule.

Revision ID: 0037_talent_search
Revises: 0036_report_documents
Create Date: 2026-12-07 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0037_talent_search'
down_revision = '0036_report_documents'
branch_labels = None
depends_on = None

# The accounts rule as of this revision (features/accounts/service.py findable): a frozen copy;
# tests/features/talent/test_listed_until.py checks that the column agrees with the live rule.
ACTIVE = "active"
FULL = "国際協力人材登録"


def _listed(user_id: str, visibility: str) -> str:
    return (
        f"CASE WHEN {visibility} = 'public' THEN (SELECT i.expires_at FROM individual i"
        f" JOIN user_account u ON u.id = i.user_id WHERE i.user_id = {user_id}"
        f" AND u.status = '{ACTIVE}' AND i.kind = '{FULL}') END"
    )


SQLITE_UP = [
    f"""CREATE TRIGGER resume_listed_insert AFTER INSERT ON resume BEGIN
         UPDATE resume SET listed_until = {_listed('new.user_id', 'new.visibility')} WHERE id = new.id; END""",
    f"""CREATE TRIGGER resume_listed_update AFTER UPDATE OF visibility, user_id ON resume BEGIN
         UPDATE resume SET listed_until = {_listed('new.user_id', 'new.visibility')} WHERE id = new.id; END""",
    f"""CREATE TRIGGER individual_listed_insert AFTER INSERT ON individual BEGIN
         UPDATE resume SET listed_until = {_listed('resume.user_id', 'resume.visibility')}
         WHERE user_id = new.user_id; END""",
    f"""CREATE TRIGGER individual_listed_update AFTER UPDATE OF expires_at, kind, user_id ON individual BEGIN
         UPDATE resume SET listed_until = {_listed('resume.user_id', 'resume.visibility')}
         WHERE user_id IN (new.user_id, old.user_id); END""",
    """CREATE TRIGGER individual_listed_delete AFTER DELETE ON individual BEGIN
         UPDATE resume SET listed_until = NULL WHERE user_id = old.user_id; END""",
    f"""CREATE TRIGGER user_account_listed_update AFTER UPDATE OF status ON user_account BEGIN
         UPDATE resume SET listed_until = {_listed('resume.user_id', 'resume.visibility')}
         WHERE user_id = new.id; END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER user_account_listed_update",
    "DROP TRIGGER individual_listed_delete",
    "DROP TRIGGER individual_listed_update",
    "DROP TRIGGER individual_listed_insert",
    "DROP TRIGGER resume_listed_update",
    "DROP TRIGGER resume_listed_insert",
]
POSTGRES_UP = [
    # The keyword count reads resume_text's heap for every index hit (the GIN index has no ids):
    # the long texts and the tsvector go to TOAST, so a heap row is ~100 bytes, not ~1.4 kB.
    # Rows written from now on; existing rows move when next saved.
    "ALTER TABLE resume_text SET (toast_tuple_target = 128)",
    f"""CREATE FUNCTION resume_listed_until(p_user_id integer, p_visibility varchar) RETURNS timestamptz
        LANGUAGE sql STABLE AS $$ SELECT {_listed('p_user_id', 'p_visibility')} $$""",
    """CREATE FUNCTION resume_listed_row() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN NEW.listed_until := resume_listed_until(NEW.user_id, NEW.visibility); RETURN NEW; END $$""",
    """CREATE FUNCTION resume_listed_person() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_TABLE_NAME = 'user_account' THEN
           UPDATE resume SET listed_until = resume_listed_until(user_id, visibility) WHERE user_id = NEW.id;
         ELSIF TG_OP = 'DELETE' THEN
           UPDATE resume SET listed_until = NULL WHERE user_id = OLD.user_id;
         ELSIF TG_OP = 'UPDATE' THEN
           UPDATE resume SET listed_until = resume_listed_until(user_id, visibility)
             WHERE user_id IN (NEW.user_id, OLD.user_id);
         ELSE
           UPDATE resume SET listed_until = resume_listed_until(user_id, visibility) WHERE user_id = NEW.user_id;
         END IF;
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER resume_listed BEFORE INSERT OR UPDATE OF visibility, user_id ON resume
       FOR EACH ROW EXECUTE FUNCTION resume_listed_row()""",
    """CREATE TRIGGER individual_listed AFTER INSERT OR DELETE OR UPDATE OF expires_at, kind, user_id
       ON individual FOR EACH ROW EXECUTE FUNCTION resume_listed_person()""",
    """CREATE TRIGGER user_account_listed AFTER UPDATE OF status ON user_account
       FOR EACH ROW EXECUTE FUNCTION resume_listed_person()""",
]
POSTGRES_DOWN = [
    "ALTER TABLE resume_text RESET (toast_tuple_target)",
    "DROP TRIGGER user_account_listed ON user_account",
    "DROP TRIGGER individual_listed ON individual",
    "DROP TRIGGER resume_listed ON resume",
    "DROP FUNCTION resume_listed_person()",
    "DROP FUNCTION resume_listed_row()",
    "DROP FUNCTION resume_listed_until(integer, varchar)",
]


def upgrade() -> None:
    with op.batch_alter_table('resume', schema=None) as batch_op:
        batch_op.add_column(sa.Column('listed_until', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        # The count of everyone findable (希望勤務地 too): an index-only range scan.
        batch_op.create_index('ix_resume_listed_until', ['listed_until', 'wish_location'], unique=False)
        # The newest first, findable ones picked off the index: a page without keyword reads ~30 entries.
        batch_op.create_index('ix_resume_updated_listed', ['updated_at', 'id', 'listed_until'], unique=False)
    # A page tests a broad facet per candidate: one probe of this index each.
    op.create_index('ix_talent_facet_probe', 'talent_facet', ['resume_id', 'kind', 'code', 'value'], unique=False)
    op.execute(f"UPDATE resume SET listed_until = {_listed('resume.user_id', 'resume.visibility')}")
    connection = op.get_bind()
    for statement in SQLITE_UP if connection.dialect.name == "sqlite" else POSTGRES_UP:
        op.execute(statement)


def downgrade() -> None:
    connection = op.get_bind()
    for statement in SQLITE_DOWN if connection.dialect.name == "sqlite" else POSTGRES_DOWN:
        op.execute(statement)
    op.drop_index('ix_talent_facet_probe', table_name='talent_facet')
    with op.batch_alter_table('resume', schema=None) as batch_op:
        batch_op.drop_index('ix_resume_updated_listed')
        batch_op.drop_index('ix_resume_listed_until')
        batch_op.drop_column('listed_until')
