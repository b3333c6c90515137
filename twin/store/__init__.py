"""The experiment store: a record of every run, comparison, sweep, what-if and trial.

One small interface (:class:`ExperimentStore`) over SQLAlchemy Core: a SQLite file by
default (no set-up; see :func:`default_store_path`), a shared PostgreSQL server by URL in
``GIGATWIN_STORE`` or ``--store``. The parent process records; simulation workers never
write, so they stay pure functions of their inputs. Typical use::

    from twin.store import ExperimentStore, entry_from_experiments
    store = ExperimentStore.open()          # --store / $GIGATWIN_STORE / the default file
    new_id = store.record(entry_from_experiments(metadata, experiments, tag="kaizen-3"))
    store.history(tag="kaizen-3")           # one row per record, newest first
"""

from twin.store.diff import Pairing, RecordDiff, diff_records, pairings, side_by_side
from twin.store.errors import NotFoundError, StoreError
from twin.store.location import (
    STORE_ENV,
    as_url,
    default_store_path,
    display_url,
    resolve_store_url,
)
from twin.store.migrations import MIGRATIONS, SCHEMA_VERSION, upgrade
from twin.store.records import (
    SOURCES,
    ExperimentEntry,
    ExperimentRecord,
    ScenarioAsRun,
    entry_from_experiments,
    json_safe,
    line_replications,
)
from twin.store.store import HISTORY_COLUMNS, ExperimentStore

__all__ = [
    "HISTORY_COLUMNS",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "SOURCES",
    "STORE_ENV",
    "ExperimentEntry",
    "ExperimentRecord",
    "ExperimentStore",
    "NotFoundError",
    "Pairing",
    "RecordDiff",
    "ScenarioAsRun",
    "StoreError",
    "as_url",
    "default_store_path",
    "diff_records",
    "display_url",
    "entry_from_experiments",
    "json_safe",
    "line_replications",
    "pairings",
    "resolve_store_url",
    "side_by_side",
    "upgrade",
]
