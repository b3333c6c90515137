"""GigaTwin's discrete-event engine: run any line described as a scenario, with KPIs and CIs.

Typical use::

    from lines import load_scenario
    from twin import run_experiment
    result = run_experiment(load_scenario("examples/two_station_line.yaml"), replications=10)
    result.summary  # one row per KPI: mean, confidence interval, unit
"""

from twin.experiments import (
    ExperimentResult,
    SerialExecutor,
    bottleneck,
    compare,
    confidence_interval,
    make_executor,
    paired_difference,
    replications_table,
    run_experiment,
    run_experiments,
    run_replications,
    stations_table,
    summarise,
)
from twin.outputs import write_experiments
from twin.runtime import (
    TIME_SPLIT,
    DeadlockError,
    LineModel,
    ReplicationResult,
    StationResult,
    Streams,
    run_replication,
)

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
