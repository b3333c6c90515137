"""A SQLAlchemy engine for a store URL: SQLite (WAL, busy timeout, queued writers) or PostgreSQL.

SQLite: every transaction starts with ``BEGIN IMMEDIATE`` and waits up to
:data:`SQLITE_TIMEOUT_S` for the write lock, so writers from several processes take turns
instead of failing; WAL lets readers go on while one writes. PostgreSQL: psycopg 3, with a
short connect timeout so an unreachable server is reported instead of hanging.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from twin.store.errors import StoreError

SQLITE_TIMEOUT_S = 30.0
PG_CONNECT_TIMEOUT_S = 5


def make_engine(url: str) -> Engine:
    """The engine of ``url``; a URL that is not SQLite or PostgreSQL raises :class:`StoreError`."""
    parsed = _parse(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url, parsed)
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return _create(url, parsed, connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S},
                       pool_pre_ping=True)
    raise StoreError(url, f"unsupported database {backend!r}: use a SQLite file "
                          "(sqlite:///path or a plain path) or postgresql://user@host/db")


def _parse(url: str) -> URL:
    try:
        return make_url(url)
    except (ArgumentError, ValueError):  # ValueError: e.g. a port that is not a number
        raise StoreError(url, "not a database URL (e.g. sqlite:///path/experiments.db or "
                              "postgresql://user@host:5432/gigatwin)") from None


def _create(url: str, parsed: URL, **options: Any) -> Engine:
    try:
        return sa.create_engine(parsed, **options)
    except (NoSuchModuleError, ArgumentError, ImportError) as error:
        raise StoreError(url, f"cannot use this URL ({error})") from None


def _sqlite_engine(url: str, parsed: URL) -> Engine:
    database = parsed.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        try:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(url, f"cannot create the folder of the store file ({error})") from None
    engine = _create(url, parsed, connect_args={"timeout": SQLITE_TIMEOUT_S})
    sa.event.listen(engine, "connect", _sqlite_connect)
    sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    """WAL journal and foreign keys; the driver's own BEGIN is replaced by :func:`_sqlite_begin`."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_TIMEOUT_S * 1000)}")
    finally:
        cursor.close()


def _sqlite_begin(connection: sa.Connection) -> None:
    """Take the write lock at the start: concurrent writers queue on the busy timeout."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")
