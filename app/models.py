"""The one SQLModel base every table uses, with constraint names that migrations can rely on.

Import SQLModel and friends from here (not from sqlmodel) so the naming convention is
in place before any table is defined.
"""

from sqlmodel import Column, Field, SQLModel, Text

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

__all__ = ["Column", "Field", "SQLModel", "Text"]
