"""The store's tables (SQLAlchemy Core), described for analysts in docs/reference/store_tables.md.

One row of ``experiments`` per recorded command (or app what-if, or optimisation trial);
its scenarios as run (YAML), its summary KPIs with confidence intervals and its line KPIs
per replication hang off it by ``experiment_id``. JSON columns are JSONB on PostgreSQL.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

JSON_TYPE = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True),
                                                     "postgresql")
"""JSON on SQLite, JSONB on PostgreSQL; Python None is stored as SQL NULL."""

metadata = sa.MetaData()

store_version = sa.Table(
    "store_version", metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("applied_utc", sa.DateTime(timezone=True), nullable=False),
    sa.Column("gigatwin_version", sa.String(40), nullable=False),
)

experiments = sa.Table(
    "experiments", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created_utc", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("source", sa.String(20), nullable=False),
    sa.Column("command", sa.String(40), nullable=False, index=True),
    sa.Column("tag", sa.String(200), index=True),
    sa.Column("note", sa.Text),
    sa.Column("arguments", JSON_TYPE, nullable=False),
    sa.Column("overrides", JSON_TYPE, nullable=False),
    sa.Column("inputs", JSON_TYPE, nullable=False),
    sa.Column("seed", sa.Integer),
    sa.Column("replications", sa.Integer),
    sa.Column("seed_rule", sa.Text),
    sa.Column("replication_seeds", JSON_TYPE, nullable=False),
    sa.Column("versions", JSON_TYPE, nullable=False),
    sa.Column("run_metadata", JSON_TYPE, nullable=False),
    sa.Column("out_dir", sa.Text),
)


def _experiment_id() -> sa.Column[int]:
    return sa.Column("experiment_id", sa.Integer,
                     sa.ForeignKey("experiments.id", ondelete="CASCADE"), primary_key=True)


experiment_scenarios = sa.Table(
    "experiment_scenarios", metadata,
    _experiment_id(),
    sa.Column("experiment_key", sa.String(200), primary_key=True),
    sa.Column("scenario_name", sa.String(200), nullable=False),
    sa.Column("scenario_sha256_16", sa.String(16), nullable=False),
    sa.Column("scenario_yaml", sa.Text, nullable=False),
)

experiment_kpis = sa.Table(
    "experiment_kpis", metadata,
    _experiment_id(),
    sa.Column("experiment_key", sa.String(200), primary_key=True),
    sa.Column("scope", sa.String(200), primary_key=True),
    sa.Column("kpi", sa.String(100), primary_key=True),
    sa.Column("unit", sa.String(40), nullable=False),
    sa.Column("mean", sa.Float),
    sa.Column("sd", sa.Float),
    sa.Column("ci_low", sa.Float),
    sa.Column("ci_high", sa.Float),
    sa.Column("n", sa.Integer, nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
)

replication_kpis = sa.Table(
    "replication_kpis", metadata,
    _experiment_id(),
    sa.Column("experiment_key", sa.String(200), primary_key=True),
    sa.Column("replication", sa.Integer, primary_key=True),
    sa.Column("kpi", sa.String(100), primary_key=True),
    sa.Column("seed", sa.Integer, nullable=False),
    sa.Column("value", sa.Float),
)

CHILD_TABLES = (experiment_scenarios, experiment_kpis, replication_kpis)
"""Tables whose rows belong to one experiment (deleted with it)."""
