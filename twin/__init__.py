"""GigaTwin's discrete-event engine: run any line described as a scenario, with KPIs and CIs.

Typical use::

    from lines import load_scenario
    from twin import run_experiment
    result = run_experiment(load_scenario("examples/two_station_line.yaml"), replications=10)
    result.summary  # one row per KPI: mean, confidence interval, unit
"""

from twin.engine import DeadlockError, LineModel, Streams, run_replication
from twin.executors import SerialExecutor, make_executor
from twin.experiment import (
    ExperimentResult,
    compare,
    run_experiment,
    run_experiments,
    run_replications,
)
from twin.exports import write_experiments
from twin.kpis import (
    bottleneck,
    confidence_interval,
    paired_difference,
    replications_table,
    stations_table,
    summarise,
)
from twin.results import TIME_SPLIT, ReplicationResult, StationResult

__all__ = [
    "TIME_SPLIT",
    "DeadlockError",
    "ExperimentResult",
    "LineModel",
    "ReplicationResult",
    "SerialExecutor",
    "StationResult",
    "Streams",
    "bottleneck",
    "compare",
    "confidence_interval",
    "make_executor",
    "paired_difference",
    "replications_table",
    "run_experiment",
    "run_experiments",
    "run_replication",
    "run_replications",
    "stations_table",
    "summarise",
    "write_experiments",
]
