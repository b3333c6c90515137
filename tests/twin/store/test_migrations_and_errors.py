"""Schema versions, and stores that cannot be used: each a StoreError naming the store."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa
from store_helpers import entry, experiments

from twin.store import MIGRATIONS, ExperimentStore, StoreError, upgrade
from twin.store.engine import make_engine


def test_a_foreign_sqlite_file_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    with pytest.raises(StoreError) as error:
        ExperimentStore.open(str(path))
    assert str(error.value) == (
        f"experiment store sqlite:///{path}: not a GigaTwin experiment store (it has the "
        "tables invoices but no store_version table)")
    with sqlite3.connect(path) as connection:
        names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master")]
    assert names == ["invoices"]


def test_a_corrupted_file_is_a_store_error_naming_it(tmp_path):
    path = tmp_path / "broken.db"
    path.write_bytes(b"this is not a database at all" * 200)
    with pytest.raises(StoreError, match=rf"experiment store sqlite:///{path}: .*not a database"):
        ExperimentStore.open(str(path))


@pytest.mark.parametrize(("url", "reason"), [
    ("mysql://user@host/db", "unsupported database 'mysql'"),
    ("nonsense://", "unsupported database 'nonsense'"),
    ("://x", "not a database URL"),
    ("postgresql://u@host:port/db", "not a database URL"),
    ("postgresql+nodriver://u@localhost/db", "cannot use this URL"),
])
def test_a_wrong_url_names_the_store(url, reason):
    with pytest.raises(StoreError, match=rf"^experiment store .*: ({reason})"):
        ExperimentStore.open(url)


def test_an_unreachable_server_is_reported_with_the_password_hidden():
    url = "postgresql://kaizen:secret@127.0.0.1:9/gigatwin"  # port 9: nothing listens
    with pytest.raises(StoreError) as error:
        ExperimentStore.open(url)
    message = str(error.value)
    assert message.startswith("experiment store postgresql://kaizen:***@127.0.0.1:9/gigatwin: ")
    assert "secret" not in message
    assert "connect" in message.lower() or "refused" in message.lower()


def test_a_store_from_a_newer_gigatwin_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    ExperimentStore.open(url).close()
    with sa.create_engine(url).begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO store_version VALUES (99, '2030-01-01 00:00:00', '9.0')")
    with pytest.raises(StoreError, match="written by a newer GigaTwin .store version 99"):
        ExperimentStore.open(url)


def test_opening_an_old_store_runs_only_the_missing_steps(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    store = ExperimentStore.open(url)  # version 1, with one record
    kept = store.record(entry(experiments(replications=2)))
    store.close()
    calls = []

    def add_labels(connection):
        calls.append("v2")
        connection.exec_driver_sql("CREATE TABLE labels (experiment_id INTEGER, label TEXT)")

    engine = make_engine(url)
    assert upgrade(engine, url, (*MIGRATIONS, add_labels)) == len(MIGRATIONS) + 1
    assert upgrade(engine, url, (*MIGRATIONS, add_labels)) == len(MIGRATIONS) + 1
    assert calls == ["v2"]  # run once, not again on the second open
    assert "labels" in sa.inspect(engine).get_table_names()
    engine.dispose()
    with pytest.raises(StoreError, match="newer GigaTwin"):  # this GigaTwin knows version 1
        ExperimentStore.open(url)
    assert kept == 1


def test_version_2_gives_old_kpi_names_their_unit_suffix(tmp_path):
    """A record written under version 1 (old KPI names) reads with the new names after the
    upgrade; other KPIs and values are untouched."""
    from twin.store import tables

    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = ExperimentStore.open(url)
    store.record(entry(experiments(replications=2)))
    store.close()
    renamed = {"line_oee_share": "line_oee", "scrap_share": "scrap_rate"}
    engine = make_engine(url)
    with engine.begin() as connection:  # make it a version-1 store holding an old record
        before = _kpi_rows(connection, tables.replication_kpis)
        for table in (tables.experiment_kpis, tables.replication_kpis):
            for new, old in renamed.items():
                connection.execute(table.update().where(table.c.kpi == new).values(kpi=old))
        connection.execute(tables.store_version.delete().where(tables.store_version.c.version > 1))
    assert "line_oee_share" in {kpi for kpi, _, _ in before}
    assert upgrade(engine, url) == 2
    with engine.connect() as connection:
        assert _kpi_rows(connection, tables.replication_kpis) == before
        kpis = {row.kpi for row in connection.execute(sa.select(tables.experiment_kpis.c.kpi))}
    assert not kpis & set(renamed.values())
    engine.dispose()


def _kpi_rows(connection, table):
    return sorted(connection.execute(sa.select(table.c.kpi, table.c.replication,
                                               table.c.value)).all())
