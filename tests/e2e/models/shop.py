"""tests/e2e/models/shop.py - SQLAlchemy models for 86-models-sqlalchemy.t.

Common column types, server defaults, a native enum, foreign keys with
ondelete (one to its own table, one composite), composite keys, indexes
(one on an expression), unique constraints, a naming convention and a
second schema, and a standalone sequence in it that a column's default
calls.
"""
import enum
from sqlalchemy import (BigInteger, Boolean, CheckConstraint, Column, Date, DateTime, Enum, ForeignKey,
    ForeignKeyConstraint, Index, Integer, LargeBinary, MetaData, Sequence, Numeric, String, Text, UniqueConstraint, func, text, Float, Interval, Time, SmallInteger)
from sqlalchemy.dialects.postgresql import JSONB, UUID, ARRAY, INET
from sqlalchemy.orm import declarative_base

Base = declarative_base(metadata=MetaData(naming_convention={
    "pk": "pk_%(table_name)s", "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s", "ix": "ix_%(column_0_label)s"}))

class Status(enum.Enum):
    new = 1
    paid = 2

class Customer(Base):
    __tablename__ = "customers"
    id = Column(Integer, primary_key=True)
    email = Column(String(255), nullable=False, unique=True)
    name = Column(Text, nullable=False, server_default="anon")
    active = Column(Boolean, nullable=False, server_default=text("true"))
    created_at = Column(DateTime(timezone=True), nullable=False, server_default=func.now())
    born = Column(Date)
    tags = Column(ARRAY(Text))
    meta = Column(JSONB)
    token = Column(UUID(as_uuid=True))
    ip = Column(INET)
    photo = Column(LargeBinary)
    referrer_id = Column(Integer, ForeignKey("customers.id", ondelete="SET NULL"))
    __table_args__ = (CheckConstraint("length(email) > 3", name="email_len"),)

class Order(Base):
    __tablename__ = "orders"
    id = Column(BigInteger, primary_key=True)
    customer_id = Column(Integer, ForeignKey("customers.id", ondelete="CASCADE"), nullable=False, index=True)
    status = Column(Enum(Status, name="order_status"), nullable=False, server_default="new")
    total = Column(Numeric(10, 2), nullable=False)
    weight = Column(Float)
    at = Column(Time)
    small = Column(SmallInteger)
    note = Column(String)

class Line(Base):
    __tablename__ = "lines"
    order_id = Column(BigInteger, ForeignKey("orders.id"), primary_key=True)
    n = Column(Integer, primary_key=True)
    sku = Column(String(32), nullable=False)
    __table_args__ = (UniqueConstraint("order_id", "sku"), Index("lines_sku_lower", func.lower(text("sku"))), {"schema": "sales"})

audit_ref = Sequence("audit_ref_seq", start=1000, increment=10, schema="sales", metadata=Base.metadata)

class Audit(Base):
    __tablename__ = "audit"
    ref = Column(BigInteger, nullable=False, server_default=text("nextval('sales.audit_ref_seq')"))
    id = Column(Integer, primary_key=True)
    line_order = Column(BigInteger)
    line_n = Column(Integer)
    __table_args__ = (ForeignKeyConstraint(["line_order", "line_n"], ["sales.lines.order_id", "sales.lines.n"], ondelete="SET NULL"), {"schema": "sales"})

# the MetaData itself, for MODULE:ATTR naming a MetaData
metadata = Base.metadata
