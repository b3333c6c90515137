"""Experiments on a line: replications on any executor, sweeps, KPIs with confidence intervals."""

from twin.experiments.executors import SerialExecutor, executor_kind, make_executor
from twin.experiments.kpis import (
    bottleneck,
    confidence_interval,
    paired_difference,
    replications_table,
    stations_table,
    summarise,
)
from twin.experiments.replications import (
    ExperimentResult,
    compare,
    run_experiment,
    run_experiments,
    run_replications,
)
from twin.experiments.sweeps import SweepResult, expand_grid, run_sweep

__all__ = [
    "ExperimentResult",
    "SerialExecutor",
    "SweepResult",
    "bottleneck",
    "compare",
    "confidence_interval",
    "executor_kind",
    "expand_grid",
    "make_executor",
    "paired_difference",
    "replications_table",
    "run_experiment",
    "run_experiments",
    "run_replications",
    "run_sweep",
    "stations_table",
    "summarise",
]
