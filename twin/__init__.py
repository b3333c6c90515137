"""GigaTwin's discrete-event engine: run any line described as a scenario, with KPIs and CIs.

Typical use::

    from lines import load_scenario
    from twin import run_experiment
    result = run_experiment(load_scenario("examples/two_station_line.yaml"), replications=10)
    result.summary  # one row per KPI: mean, confidence interval, unit
"""

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the names below, for type checkers; at run time ``__getattr__`` loads them
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

_LAZY_EXPORTS = {
    "ExperimentResult": "twin.experiments",
    "SerialExecutor": "twin.experiments",
    "bottleneck": "twin.experiments",
    "compare": "twin.experiments",
    "confidence_interval": "twin.experiments",
    "make_executor": "twin.experiments",
    "paired_difference": "twin.experiments",
    "replications_table": "twin.experiments",
    "run_experiment": "twin.experiments",
    "run_experiments": "twin.experiments",
    "run_replications": "twin.experiments",
    "stations_table": "twin.experiments",
    "summarise": "twin.experiments",
    "write_experiments": "twin.outputs",
    "TIME_SPLIT": "twin.runtime",
    "DeadlockError": "twin.runtime",
    "LineModel": "twin.runtime",
    "ReplicationResult": "twin.runtime",
    "StationResult": "twin.runtime",
    "Streams": "twin.runtime",
    "run_replication": "twin.runtime",
}
"""Public name -> module that defines it, imported on first use (``import twin.cli`` stays
light: the engine pulls in pandas, scipy and SimPy)."""

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


def __getattr__(name: str) -> object:
    """Load one of the engine's public names on first use (PEP 562)."""
    module = _LAZY_EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'twin' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
