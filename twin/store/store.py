"""The experiment store: record, list, read and delete experiments in one SQL database.

:meth:`ExperimentStore.open` resolves the URL (``--store``, ``GIGATWIN_STORE``, the default
SQLite file), connects and migrates; every database error comes out as a
:class:`~twin.store.errors.StoreError` naming the store. The parent process records: workers
that simulate replications never touch the store, so they stay pure functions of their inputs;
and the database serialises concurrent writers (several CLI runs or app sessions at once).
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from twin.store import tables
from twin.store.engine import make_engine
from twin.store.errors import NotFoundError, StoreError, reason_of
from twin.store.location import display_url, resolve_store_url
from twin.store.migrations import upgrade
from twin.store.records import SUMMARY_COLUMNS, ExperimentEntry, ExperimentRecord, ScenarioAsRun

HISTORY_COLUMNS = ("id", "created_utc", "source", "command", "tag", "note", "experiments",
                   "seed", "replications", "throughput_uph", "out_dir")


class ExperimentStore:
    """One experiment store (a SQLite file or a PostgreSQL database)."""

    def __init__(self, engine: sa.Engine, url: str) -> None:
        self._engine = engine
        self.url = url

    @classmethod
    def open(cls, url: str | None = None) -> ExperimentStore:
        """Open (creating or migrating if needed) the store at ``url`` or the default one."""
        resolved = resolve_store_url(url)
        store = cls(make_engine(resolved), resolved)
        with store._translated():
            upgrade(store._engine, resolved)
        return store

    @property
    def name(self) -> str:
        """The store's URL with any password hidden."""
        return display_url(self.url)

    def close(self) -> None:
        """Release the store's connections."""
        self._engine.dispose()

    def record(self, entry: ExperimentEntry) -> int:
        """Write ``entry`` and its tables in one transaction; return its new id."""
        with self._translated(), self._engine.begin() as connection:
            found = connection.execute(
                tables.experiments.insert().returning(tables.experiments.c.id),
                _experiment_row(entry))
            experiment_id = int(found.scalar_one())
            for table, rows in _child_rows(experiment_id, entry).items():
                if rows:
                    connection.execute(table.insert(), rows)
        return experiment_id

    def count(self) -> int:
        """The number of recorded experiments."""
        with self._translated(), self._engine.connect() as connection:
            query = sa.select(sa.func.count()).select_from(tables.experiments)
            return int(connection.execute(query).scalar_one())

    def history(self, tag: str | None = None, last: int | None = None,
                command: str | None = None) -> pd.DataFrame:
        """Recorded experiments, newest first; optionally one tag, one command, the last N."""
        e = tables.experiments
        query = sa.select(*(e.c[c] for c in HISTORY_COLUMNS if c in e.c)).order_by(e.c.id.desc())
        if tag is not None:
            query = query.where(e.c.tag == tag)
        if command is not None:
            query = query.where(e.c.command == command)
        if last is not None:
            query = query.limit(last)
        with self._translated(), self._engine.connect() as connection:
            rows = pd.DataFrame(connection.execute(query).mappings().all())
            if rows.empty:
                return pd.DataFrame(columns=list(HISTORY_COLUMNS))
            extra = _history_extras(connection, [int(i) for i in rows["id"]])
        rows["created_utc"] = [_utc(t) for t in rows["created_utc"]]
        rows["experiments"] = [extra["keys"].get(int(i), "") for i in rows["id"]]
        rows["throughput_uph"] = [extra["throughput"].get(int(i), "") for i in rows["id"]]
        return rows[list(HISTORY_COLUMNS)]

    def get(self, experiment_id: int) -> ExperimentRecord:
        """The full record ``experiment_id``; :class:`NotFoundError` if there is none."""
        with self._translated(), self._engine.connect() as connection:
            row = connection.execute(sa.select(tables.experiments).where(
                tables.experiments.c.id == experiment_id)).mappings().first()
            if row is None:
                raise NotFoundError(self.url, f"no experiment {experiment_id}")
            children = {table.name: _select_children(connection, table, experiment_id)
                        for table in tables.CHILD_TABLES}
        return _record(dict(row), children)

    def delete(self, experiment_id: int) -> bool:
        """Delete one experiment and its rows; False if there was none."""
        with self._translated(), self._engine.begin() as connection:
            for table in tables.CHILD_TABLES:
                connection.execute(table.delete().where(table.c.experiment_id == experiment_id))
            gone = connection.execute(tables.experiments.delete().where(
                tables.experiments.c.id == experiment_id))
            return bool(gone.rowcount)

    @contextlib.contextmanager
    def _translated(self) -> Iterator[None]:
        """Turn any database error into a :class:`StoreError` that names this store."""
        try:
            yield
        except SQLAlchemyError as error:
            raise StoreError(self.url, reason_of(error)) from error


def _experiment_row(entry: ExperimentEntry) -> dict[str, Any]:
    meta = entry.metadata
    return {
        "created_utc": datetime.now(UTC), "source": entry.source, "command": entry.command,
        "tag": entry.tag, "note": entry.note, "arguments": dict(meta.get("arguments") or {}),
        "overrides": dict(entry.overrides), "inputs": dict(entry.inputs),
        "seed": meta.get("seed"), "replications": meta.get("replications"),
        "seed_rule": meta.get("seed_rule"),
        "replication_seeds": list(meta.get("replication_seeds") or []),
        "versions": dict(meta.get("versions") or {}), "run_metadata": dict(meta),
        "out_dir": entry.out_dir,
    }


def _child_rows(experiment_id: int, entry: ExperimentEntry) -> dict[sa.Table, list[dict]]:
    scenarios = [{"experiment_id": experiment_id, "experiment_key": key,
                  "scenario_name": s.name, "scenario_sha256_16": s.sha256_16,
                  "scenario_yaml": s.yaml} for key, s in entry.scenarios.items()]
    kpis = [{"experiment_id": experiment_id, "experiment_key": key,
             **{c: _number(row.get(c)) for c in SUMMARY_COLUMNS if c not in ("scope", "kpi",
                                                                              "unit")},
             "scope": str(row["scope"]), "kpi": str(row["kpi"]), "unit": str(row["unit"])}
            for key, frame in entry.summaries.items() for row in frame.to_dict("records")]
    for row in kpis:
        row["n"] = int(row["n"] or 0)
        row["confidence"] = row["confidence"] if row["confidence"] is not None else 0.95
    reps = [{"experiment_id": experiment_id, "experiment_key": key,
             "replication": int(row["replication"]), "seed": int(row["seed"]),
             "kpi": kpi, "value": _number(value)}
            for key, frame in entry.replications.items()
            for row in frame.to_dict("records")
            for kpi, value in row.items() if kpi not in ("replication", "seed")]
    return {tables.experiment_scenarios: scenarios, tables.experiment_kpis: kpis,
            tables.replication_kpis: reps}


def _number(value: Any) -> float | None:
    """A finite float, or None (SQL NULL) for missing and non-finite values."""
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _select_children(connection: sa.Connection, table: sa.Table,
                     experiment_id: int) -> list[Mapping[str, Any]]:
    query = sa.select(table).where(table.c.experiment_id == experiment_id)
    found = connection.execute(query.order_by(*table.primary_key.columns)).mappings()
    return [dict(row) for row in found]


def _history_extras(connection: sa.Connection, ids: list[int]) -> dict[str, dict[int, str]]:
    """Per id: its experiment keys, and the mean throughput of each (for the list)."""
    s, k = tables.experiment_scenarios, tables.experiment_kpis
    keys: dict[int, list[str]] = {}
    for experiment_id, key in connection.execute(
            sa.select(s.c.experiment_id, s.c.experiment_key).where(s.c.experiment_id.in_(ids))):
        keys.setdefault(experiment_id, []).append(key)
    throughput: dict[int, list[str]] = {}
    query = sa.select(k.c.experiment_id, k.c.experiment_key, k.c.mean).where(
        k.c.experiment_id.in_(ids), k.c.scope == "line", k.c.kpi == "throughput_uph")
    for experiment_id, key, mean in connection.execute(query):
        label = f"{mean:.2f}" if mean is not None else "-"
        throughput.setdefault(experiment_id, []).append(f"{key}: {label}")
    return {"keys": {i: ", ".join(v) for i, v in keys.items()},
            "throughput": {i: "; ".join(v) if len(v) > 1 else v[0].split(": ")[-1]
                           for i, v in throughput.items()}}


def _record(row: Mapping[str, Any],
            children: Mapping[str, list[Mapping[str, Any]]]) -> ExperimentRecord:
    scenarios = {c["experiment_key"]: ScenarioAsRun(c["scenario_name"], c["scenario_sha256_16"],
                                                    c["scenario_yaml"])
                 for c in children[tables.experiment_scenarios.name]}
    summary = pd.DataFrame(children[tables.experiment_kpis.name],
                           columns=["experiment_key", *SUMMARY_COLUMNS])
    summary[["mean", "sd", "ci_low", "ci_high"]] = summary[
        ["mean", "sd", "ci_low", "ci_high"]].astype(float)
    return ExperimentRecord(
        id=int(row["id"]), created_utc=_utc(row["created_utc"]), source=row["source"],
        command=row["command"], tag=row["tag"], note=row["note"],
        arguments=row["arguments"] or {}, overrides=row["overrides"] or {},
        inputs=row["inputs"] or {}, seed=row["seed"], replications_count=row["replications"],
        seed_rule=row["seed_rule"], replication_seeds=list(row["replication_seeds"] or []),
        versions=row["versions"] or {}, metadata=row["run_metadata"] or {},
        out_dir=row["out_dir"], scenarios=scenarios, summary=summary,
        replications=_wide_replications(children[tables.replication_kpis.name]),
    )


def _wide_replications(rows: list[Mapping[str, Any]]) -> pd.DataFrame:
    """Long (key, replication, seed, kpi, value) rows as one row per key and replication."""
    index = ["experiment_key", "replication", "seed"]
    if not rows:
        return pd.DataFrame(columns=index)
    long = pd.DataFrame(rows)
    long["value"] = long["value"].astype(float)
    wide = long.pivot_table(index=index, columns="kpi", values="value", aggfunc="first",
                            dropna=False, sort=False)
    kpis = list(dict.fromkeys(long["kpi"]))
    return wide.reset_index()[[*index, *kpis]].rename_axis(columns=None)


def _utc(value: datetime) -> datetime:
    """SQLite gives naive datetimes back: they were written in UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
