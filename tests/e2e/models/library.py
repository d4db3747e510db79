"""tests/e2e/models/library.py - SQLModel models for 86-models-sqlmodel.t.

SQLModel's own column types (str as VARCHAR, int, float, bool, datetime,
date, UUID; Decimal through sa_column), Optional fields (nullable), a native enum, foreign
keys (Field(foreign_key=...), and one with ondelete through sa_column),
a server default, indexes
(Field(index=True) and a composite Index), a unique field and a naming
convention on SQLModel.metadata.
"""
import datetime
import decimal
import enum
import uuid
from typing import Optional

from sqlalchemy import Column, ForeignKey, Index, Integer, Numeric, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

SQLModel.metadata.naming_convention = {
    "pk": "pk_%(table_name)s", "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "ix": "ix_%(table_name)s_%(column_0_N_name)s"}


class Genre(enum.Enum):
    novel = "novel"
    poetry = "poetry"


class Author(SQLModel, table=True):
    __tablename__ = "authors"
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    email: str = Field(sa_column_kwargs={"unique": True})
    born: Optional[datetime.date] = None
    bio: Optional[str] = Field(default=None, sa_column=Column(Text, server_default=text("''")))


class Book(SQLModel, table=True):
    __tablename__ = "books"
    __table_args__ = (UniqueConstraint("author_id", "title"),
                      Index("ix_books_genre_published", "genre", "published"))
    id: Optional[int] = Field(default=None, primary_key=True)
    uid: uuid.UUID
    title: str
    genre: Genre
    price: decimal.Decimal = Field(sa_column=Column(Numeric(8, 2), nullable=False))
    rating: Optional[float] = None
    in_print: bool = True
    published: Optional[datetime.datetime] = None
    author_id: int = Field(sa_column=Column(Integer, ForeignKey("authors.id", ondelete="CASCADE"),
                                            nullable=False))
    editor_id: Optional[int] = Field(default=None, foreign_key="authors.id")
