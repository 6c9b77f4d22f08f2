"""Database binding: one proxy that all models (core and plugins) use.

SQLite is the embedded default: WAL, foreign keys on, a busy timeout, and
``BEGIN IMMEDIATE`` for every write transaction (without it concurrent
read-modify-write transactions fail with "database is locked" regardless of the
busy timeout). PostgreSQL is chosen by URL.
"""

from __future__ import annotations

import contextlib
import os
from contextvars import ContextVar
from pathlib import Path

from peewee import DatabaseProxy, Model, PostgresqlDatabase, SqliteDatabase
from playhouse.db_url import parse

database = DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10000,
    # FULL survives power loss and costs about 0.25 ms per commit (measured).
    "synchronous": "full",
    "cache_size": -32000,
}


class ReadOnlyViolation(RuntimeError):
    """A statement tried to write inside a read-only transaction (a GET request)."""


_reading: ContextVar[bool] = ContextVar("gezinsroute_read_only", default=False)
_WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLAC")


class _ReadOnlyGuard:
    """Refuses writes while a :func:`read_only_transaction` is open. A prefix check on the
    statement, so it costs nothing measurable and adds no statement of its own."""

    def execute_sql(self, sql, params=None):
        if _reading.get() and sql[:6].upper() in _WRITE_VERBS:
            raise ReadOnlyViolation(
                f"write during a read-only request ({sql[:40]}...): a GET may not change data; queue "
                "bookkeeping with gezinsroute.events.write_after_reads()")
        return super().execute_sql(sql, params)


class GezinsrouteSqliteDatabase(_ReadOnlyGuard, SqliteDatabase):
    pass


class GezinsroutePostgresqlDatabase(_ReadOnlyGuard, PostgresqlDatabase):
    pass


@contextlib.contextmanager
def read_only_transaction(db=None):
    """A transaction for reads only: on SQLite a deferred ``BEGIN`` (a snapshot, no write lock),
    and any write inside it raises :class:`ReadOnlyViolation`."""
    db = db or database
    token = _reading.set(True)
    try:
        with db.atomic() if is_postgres(db) else db.atomic(lock_type="DEFERRED"):
            yield
    finally:
        _reading.reset(token)


class BaseModel(Model):
    """Base of every table, core or plugin. Plugins prefix their tables with their slug."""

    class Meta:
        database = database
        legacy_table_names = False


def is_postgres(db=None) -> bool:
    db = db or database.obj
    db = getattr(db, "obj", db)  # the proxy
    return isinstance(db, PostgresqlDatabase)


def make_database(url: str):
    """Build (not connect) a peewee database from a URL.

    ``sqlite:///relative/path.sqlite3``, ``sqlite:////abs/path``, ``sqlite:///:memory:``
    and ``postgresql://user@host:port/name`` are understood.
    """
    if url.startswith("sqlite:"):
        path = url.split("sqlite:///", 1)[1] if "sqlite:///" in url else ":memory:"
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        return GezinsrouteSqliteDatabase(path, pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE",
                                         check_same_thread=False)
    if url.startswith(("postgres://", "postgresql://")):
        params = parse(url)
        name = params.pop("database")
        return GezinsroutePostgresqlDatabase(name, **params)
    raise ValueError(f"unsupported database URL {url!r}: use sqlite:/// or postgresql://")


def bind(url: str):
    """Create the database for ``url`` and bind the shared proxy to it."""
    db = make_database(url)
    database.initialize(db)
    return db


def database_url_from_env(default: str) -> str:
    return os.environ.get("DATABASE_URL") or default
