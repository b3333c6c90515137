"""Schema versions of the store: a ``store_version`` table and the steps between versions.

Opening a store brings it to :data:`SCHEMA_VERSION` by running the missing steps of
:data:`MIGRATIONS` in one transaction (on PostgreSQL under an advisory lock, on SQLite under
the write lock), so two processes opening a new store at once do not both create it. A
database with tables but no ``store_version`` is not a GigaTwin store and is refused, and so
is a store written by a newer GigaTwin. A new schema version is one more function here:
earlier steps never change, since stores in the field ran them already.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from importlib import metadata as package_metadata

import sqlalchemy as sa

from twin.store import tables
from twin.store.errors import StoreError

Migration = Callable[[sa.Connection], None]
"""One step: brings the schema from the version before it to its own version."""
ADVISORY_LOCK_KEY = 0x6769_6761  # "giga": serialises migrations on a shared PostgreSQL


def _create_version_1(connection: sa.Connection) -> None:
    """Version 1: experiments, their scenarios, summary KPIs and replication KPIs."""
    for table in (tables.experiments, *tables.CHILD_TABLES):
        table.create(connection)


KPI_RENAMES_V2 = {"line_oee": "line_oee_share", "scrap_rate": "scrap_share",
                  "scrap_rate_share": "scrap_share"}
"""KPI names that gained their unit suffix (version 2): old name -> new name."""


def _rename_kpis_version_2(connection: sa.Connection) -> None:
    """Version 2: KPI names carry their unit (``line_oee`` -> ``line_oee_share``, ...)."""
    for table in (tables.experiment_kpis, tables.replication_kpis):
        keys = [c.name for c in table.primary_key.columns if c.name != "kpi"]
        for old, new in KPI_RENAMES_V2.items():
            other = table.alias("other")
            taken = sa.exists().where(other.c.kpi == new,
                                      *(other.c[k] == table.c[k] for k in keys))
            # a record holding both names (a plan's line and plan scrap) keeps the new one
            connection.execute(table.update().where(table.c.kpi == old, ~taken)
                               .values(kpi=new))


MIGRATIONS: tuple[Migration, ...] = (_create_version_1, _rename_kpis_version_2)
"""Step i (0-based) brings a store from version i to version i + 1."""
SCHEMA_VERSION = len(MIGRATIONS)


def upgrade(engine: sa.Engine, url: str, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring the store to the newest version and return it; refuse foreign or newer databases."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                               {"key": ADVISORY_LOCK_KEY})
        current = _current_version(connection, url)
        if current > len(migrations):
            raise StoreError(url, f"written by a newer GigaTwin (store version {current}; this "
                                  f"one knows up to {len(migrations)}): upgrade gigatwin")
        for version, step in enumerate(migrations[current:], start=current + 1):
            step(connection)
            connection.execute(tables.store_version.insert().values(
                version=version, applied_utc=datetime.now(UTC), gigatwin_version=_gigatwin()))
        return max(current, len(migrations))


def _current_version(connection: sa.Connection, url: str) -> int:
    """The store's version; 0 for an empty database (after creating ``store_version``)."""
    names = set(sa.inspect(connection).get_table_names())
    if tables.store_version.name in names:
        found = connection.execute(sa.select(sa.func.max(tables.store_version.c.version)))
        return int(found.scalar() or 0)
    ours = {table.name for table in tables.metadata.sorted_tables}
    clash = names & ours if connection.dialect.name == "postgresql" else names
    if clash:
        raise StoreError(url, "not a GigaTwin experiment store (it has the tables "
                              f"{', '.join(sorted(clash))} but no store_version table)")
    tables.store_version.create(connection)
    return 0


def _gigatwin() -> str:
    try:
        return package_metadata.version("gigatwin")
    except package_metadata.PackageNotFoundError:
        return "unknown"
