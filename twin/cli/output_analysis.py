"""Output analysis for ``run`` and ``compare``: ``--warmup-h auto``, ``--precision``, variants.

The statistics live in :mod:`twin.experiments`; this module runs them on the chosen executor
with a progress bar, prints their tables and gives the CSV tables and ``metadata.json``
details the commands write, so ``run`` and ``compare`` stay thin.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor

import pandas as pd
from rich.console import Console
from rich.table import Table

from lines.spec import Scenario
from twin.cli.errors import fail
from twin.cli.report import progress_bar, run_with_progress
from twin.experiments import (
    LARGER_IS_BETTER,
    ExperimentResult,
    PrecisionOutcome,
    PrecisionRule,
    WarmupRecommendation,
    compare_variants,
    executor_kind,
    make_executor,
    recommend_warmup,
    run_to_precision,
    throughput_batch_means,
)
from twin.experiments.precision import DEFAULT_KPIS, check_kpis
from twin.experiments.replications import Progress
from twin.experiments.warmup import NEGLIGIBLE_SHIFT_SE

AUTO = "auto"
WARMUP_REPLICATIONS = 5
"""Replications run from empty to detect the warm-up of each scenario."""
MIN_WARMUP_RUN_H = 168.0
"""Shortest run from empty for ``--warmup-h auto`` (a week: a weekly calendar's full cycle)."""


def auto_warmups(
    console: Console, scenarios: Mapping[str, Scenario], seed: int, workers: int | None,
    scheduler: str | None,
) -> tuple[dict[str, Scenario], dict[str, WarmupRecommendation]]:
    """Each scenario with the warm-up MSER-5 recommends, and the recommendations.

    Each runs from empty for its warm-up + horizon, at least :data:`MIN_WARMUP_RUN_H`.
    """
    found: dict[str, WarmupRecommendation] = {}
    kind, address = executor_kind(WARMUP_REPLICATIONS, workers, scheduler)
    with make_executor(kind, workers, address) as executor:
        for key, scenario in scenarios.items():
            length_h = max(scenario.warmup_h + 24 * scenario.horizon_days, MIN_WARMUP_RUN_H)
            bar, update = progress_bar(console, f"{key}: warm-up from empty")
            with bar:
                found[key] = warmup_or_fail(key, scenario, seed, executor, length_h, update)
            console.print(warmup_line(key, found[key]))
    return with_warmups(scenarios, found), found


def warmup_or_fail(key: str, scenario: Scenario, seed: int, executor: Executor | None,
                   length_h: float, progress: Progress | None = None) -> WarmupRecommendation:
    """MSER-5 on ``scenario`` run from empty; too short a run exits 2 naming ``key``."""
    try:
        return recommend_warmup(scenario, WARMUP_REPLICATIONS, seed, executor, length_h,
                                progress=progress)
    except ValueError as error:  # too few on-shift hours for MSER-5
        raise fail(f"--warmup-h auto on {key}: {error}") from None


def with_warmups(scenarios: Mapping[str, Scenario],
                 found: Mapping[str, WarmupRecommendation]) -> dict[str, Scenario]:
    """Each scenario with its recommended warm-up."""
    return {key: s.with_changes(warmup_h=found[key].warmup_h) for key, s in scenarios.items()}


def warmup_line(key: str, found: WarmupRecommendation) -> str:
    """One sentence: the warm-up chosen for ``key`` and why."""
    if not found.mser.needed:
        text = (f"{key}: warm-up auto = 0 h (MSER-5 on {found.series_name}: deleting "
                f"moves the mean by {found.mser.mean_shift_se:.2f} standard errors, < "
                f"{NEGLIGIBLE_SHIFT_SE:g})")
    else:
        text = (f"{key}: warm-up auto = {found.warmup_h:g} h (MSER-5 on {found.series_name}, "
                f"{found.replications} replications from empty)")
    if found.mser.at_search_limit:
        text += "; the minimum is at the end of the search: run longer to trust it"
    return text


def warmup_details(found: Mapping[str, WarmupRecommendation]) -> dict[str, object]:
    """``metadata.json`` details of ``--warmup-h auto``."""
    return {"warmup": {key: {"choice": AUTO, **rec.details()} for key, rec in found.items()}}


def run_experiments_cli(
    console: Console, scenarios: Mapping[str, Scenario], replications: int, seed: int,
    workers: int | None, scheduler: str | None, label: str, precision: float | None,
    kpis: Sequence[str] | None, max_replications: int,
) -> tuple[dict[str, ExperimentResult], PrecisionOutcome | None]:
    """Fixed replications, or replications to ``precision`` (``--replications`` first)."""
    if precision is None:
        return run_with_progress(console, scenarios, replications, seed, workers, scheduler,
                                 label), None
    rule = precision_rule(precision, kpis, replications, max_replications)
    kind, address = executor_kind(max_replications * len(scenarios), workers, scheduler)
    bar, update = progress_bar(console, f"{label}: replications to +/- {precision:.1%}")
    with bar, make_executor(kind, workers, address) as executor:
        experiments, outcome = run_to_precision(scenarios, rule, seed, executor, update)
    console.print(precision_table(outcome))
    return experiments, outcome


def precision_rule(precision: float, kpis: Sequence[str] | None, initial: int,
                   max_replications: int) -> PrecisionRule:
    """The rule of ``--precision``; an unknown KPI or inconsistent counts exit 2."""
    kpis_or_fail(kpis)
    try:
        return PrecisionRule(precision, tuple(kpis or DEFAULT_KPIS), initial=max(initial, 3),
                             max_replications=max_replications)
    except ValueError as error:
        raise fail(f"--precision: {error} (--replications is the first stage)") from None


def kpis_or_fail(kpis: Sequence[str] | None) -> None:
    """Refuse an unknown ``--kpi`` before anything runs (exit 2)."""
    try:
        check_kpis(kpis or [])
    except ValueError as error:
        raise fail(f"--kpi: {error}") from None


def check_variants_or_fail(files: int, replications: int, precision: float | None) -> None:
    """Several scenarios need at least 2 replications each to be compared (exit 2)."""
    if files > 1 and precision is None and replications < 2:
        raise fail("comparing several scenarios needs --replications 2 or more")


def precision_table(outcome: PrecisionOutcome) -> Table:
    """The precision reached per scenario and KPI, and where the rule stopped."""
    state = "reached" if outcome.reached else "NOT reached (max replications)"
    table = Table(title=f"Precision {state} after {outcome.replications} replications")
    for column in ("scenario", "kpi", "estimate", "95 % CI", "+/- rel.", "target"):
        table.add_column(column, justify="left" if column in ("scenario", "kpi") else "right")
    for row in outcome.achieved.itertuples():
        table.add_row(str(row.scenario), row.kpi, f"{row.estimate:,.4g}",
                      f"[{row.ci_low:,.4g}, {row.ci_high:,.4g}]",
                      f"{row.relative_half_width:.2%}", f"{row.target:.2%}")
    return table


def precision_details(outcome: PrecisionOutcome | None) -> dict[str, object]:
    """``metadata.json`` details of ``--precision`` (empty without it)."""
    if outcome is None:
        return {}
    return {"precision": {"rule": "relative CI half-width with look-ahead (Hoad et al. 2010)",
                          **outcome.details()}}


def variants(
    console: Console, scenarios: Mapping[str, Scenario],
    experiments: Mapping[str, ExperimentResult], kpis: Sequence[str] | None,
    delta: float | None, seed: int, workers: int | None, scheduler: str | None,
    max_replications: int, alpha: float = 0.05,
) -> tuple[dict[str, pd.DataFrame], dict[str, object]]:
    """Bonferroni paired intervals against the first scenario, then the KN pick.

    Returns the tables (``variants``, ``selection``) and the ``metadata.json`` details.
    """
    chosen = list(kpis or DEFAULT_KPIS)
    check_kpis(chosen)
    keys = list(experiments)
    kind, address = executor_kind(len(keys) * max_replications, workers, scheduler)
    with make_executor(kind, workers, address) as executor:
        found = compare_variants(scenarios, experiments, chosen, delta, seed, executor,
                                 max_replications, alpha)
    outcome, kpi = found.outcome, found.kpi
    console.print(paired_table(found.paired, alpha))
    console.print(selection_line(found.picked, kpi, outcome.guaranteed, found.delta, alpha))
    details = {"variants": {"baseline": keys[0], "kpis": chosen, "alpha": alpha,
                            "method": "Bonferroni paired t (ratio KPIs: delta method)"},
               "selection": {"method": "KN (Kim & Nelson 2001), common random numbers",
                             "kpi": kpi, "delta": found.delta, "alpha": alpha,
                             "n0": found.first_stage, "picked": found.picked,
                             "guaranteed": outcome.guaranteed,
                             "larger_is_better": kpi in LARGER_IS_BETTER,
                             "replications": dict(zip(keys, outcome.replications, strict=True))}}
    return {"variants": found.paired, "selection": found.selection}, details


def paired_table(paired: pd.DataFrame, alpha: float) -> Table:
    """Variant - baseline per KPI with Bonferroni-adjusted intervals."""
    table = Table(title=f"Against the baseline (common random numbers; Bonferroni, family "
                        f"{1 - alpha:.0%})")
    for column in ("variant", "kpi", "difference", "interval", "differs"):
        table.add_column(column, justify="left" if column in ("variant", "kpi") else "right")
    for row in paired.itertuples():
        table.add_row(str(row.variant), row.kpi, _number(row.mean_difference),
                      f"[{_number(row.ci_low)}, {_number(row.ci_high)}]",
                      "yes" if row.differs else "no")
    return table


def selection_line(best: str, kpi: str, guaranteed: bool, delta: float, alpha: float) -> str:
    """The pick in one sentence, with the confidence it carries."""
    way = "highest" if kpi in LARGER_IS_BETTER else "lowest"
    if not guaranteed:
        return (f"Best on {kpi} ({way}): {best} has the best mean, but the replications ran "
                f"out before KN could separate it by {delta:.4g}: no confidence is claimed.")
    return (f"Best on {kpi} ({way}): {best}, with probability >= {1 - alpha:.0%} if the best "
            f"beats the others by at least {delta:.4g} (KN; closer variants are as good).")


def _number(value: float) -> str:
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) \
        else f"{value:,.4g}"


def batch_means_report(
    console: Console, experiments: Mapping[str, ExperimentResult]
) -> tuple[pd.DataFrame, dict[str, object]]:
    """The batch-means interval of throughput_uph of each scenario's one long run."""
    rows = []
    for key, experiment in experiments.items():
        try:
            found = throughput_batch_means(experiment.results[0], experiment.scenario)
        except ValueError as error:  # too short a run
            raise fail(f"--batch-means on {key}: {error}; give a longer --days") from None
        rows.append({"scenario": key, "kpi": "throughput_uph", "mean": found.mean,
                     "ci_low": found.ci_low, "ci_high": found.ci_high,
                     "batch_size_h": found.batch_size, "batches": found.batches,
                     "lag1_autocorrelation": found.lag1_autocorrelation,
                     "independent": found.independent, "confidence": found.confidence})
    table = pd.DataFrame(rows)
    shown = Table(title="Batch means on one long run: throughput_uph (units/h)")
    for column in ("scenario", "mean", "95 % CI", "batch", "batches", "lag-1 r"):
        shown.add_column(column, justify="left" if column == "scenario" else "right")
    for row in table.itertuples():
        shown.add_row(str(row.scenario), f"{row.mean:,.3f}",
                      f"[{row.ci_low:,.3f}, {row.ci_high:,.3f}]", f"{row.batch_size_h} h",
                      str(row.batches), f"{row.lag1_autocorrelation:+.2f}"
                      + ("" if row.independent else " (still correlated: run longer)"))
    console.print(shown)
    return table, {"batch_means": {"method": "batch means, batch size doubled until the lag-1 "
                                   "autocorrelation is not significant (level 0.2), >= 10 "
                                   "batches", "results": table.to_dict(orient="records")}}
