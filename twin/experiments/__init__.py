"""Experiments on a line: replications on any executor, sweeps, KPIs with confidence intervals.

Output analysis (for the CLI, the app and ``gigatwin plan``): warm-up detection
(:func:`mser`, :func:`recommend_warmup`), replications to a precision
(:class:`PrecisionRule`, :func:`run_to_precision`), batch means on one long run
(:func:`batch_means_interval`), ratio intervals (:func:`ratio_interval`), and several
variants against a baseline (:func:`paired_against_baseline`, :func:`select_best`, KN).
"""

from twin.experiments.batch_means import (
    BatchMeansResult,
    batch_means_interval,
    throughput_batch_means,
)
from twin.experiments.executors import SerialExecutor, executor_kind, make_executor
from twin.experiments.kpis import (
    RATIO_KPIS,
    bottleneck,
    confidence_interval,
    kpi_interval,
    paired_difference,
    replications_table,
    stations_table,
    summarise,
)
from twin.experiments.precision import (
    PrecisionOutcome,
    PrecisionRule,
    replications_to_precision,
    run_to_precision,
)
from twin.experiments.ratios import ratio_difference_interval, ratio_interval
from twin.experiments.replications import (
    ExperimentResult,
    compare,
    run_experiment,
    run_experiments,
    run_replication_range,
    run_replications,
)
from twin.experiments.selection import (
    DEFAULT_DELTA_SHARE,
    LARGER_IS_BETTER,
    SelectionOutcome,
    VariantComparison,
    compare_variants,
    default_delta,
    kn_select,
    paired_against_baseline,
    select_best,
    selection_table,
)
from twin.experiments.sweeps import SweepResult, expand_grid, run_sweep
from twin.experiments.warmup import MserResult, mser, welch_moving_average
from twin.experiments.warmup_runs import WarmupRecommendation, from_empty, recommend_warmup

__all__ = [
    "LARGER_IS_BETTER",
    "RATIO_KPIS",
    "BatchMeansResult",
    "ExperimentResult",
    "MserResult",
    "PrecisionOutcome",
    "PrecisionRule",
    "SelectionOutcome",
    "SerialExecutor",
    "SweepResult",
    "WarmupRecommendation",
    "batch_means_interval",
    "bottleneck",
    "compare",
    "confidence_interval",
    "executor_kind",
    "expand_grid",
    "from_empty",
    "kn_select",
    "kpi_interval",
    "make_executor",
    "mser",
    "paired_against_baseline",
    "compare_variants",
    "default_delta",
    "DEFAULT_DELTA_SHARE",
    "VariantComparison",
    "paired_difference",
    "ratio_difference_interval",
    "ratio_interval",
    "recommend_warmup",
    "replications_table",
    "replications_to_precision",
    "run_experiment",
    "run_experiments",
    "run_replication_range",
    "run_replications",
    "run_sweep",
    "run_to_precision",
    "select_best",
    "selection_table",
    "stations_table",
    "summarise",
    "throughput_batch_means",
    "welch_moving_average",
]
