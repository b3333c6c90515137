"""More than two variants: Bonferroni paired intervals against a baseline, and the KN pick.

With k variants run on common random numbers, k - 1 paired intervals against the baseline at
level 1 - alpha / (k - 1) each hold together with probability at least 1 - alpha (Bonferroni),
per KPI.

Ranking and selection answers "which variant is best?" with a stated confidence. We use the
fully sequential procedure KN of Kim & Nelson (2001): after n0 replications of every variant
it keeps adding one replication to each surviving variant and drops a variant as soon as its
mean falls clearly behind another's; it stops when one is left. If the best mean beats every
other by at least the indifference zone ``delta``, the one left is the best with probability
at least 1 - alpha (normal observations; common random numbers are allowed and make it
faster, since it uses the variance of the paired differences). Variants within ``delta`` of
the best are "as good as the best" for the user's purpose, and any of them may be picked.

The replications are run in stages of ``batch`` on any executor, but the procedure takes them
one replication at a time in replication order and ignores what ran beyond its stop, so the
same seed picks the same variant with the same replications, serially or in parallel.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np
import pandas as pd

from lines.spec import Scenario
from twin.experiments.kpis import paired_difference, replication_row, replications_table
from twin.experiments.replications import ExperimentResult, run_replication_range
from twin.runtime.results import ReplicationResult

K = TypeVar("K", bound=Hashable)
LARGER_IS_BETTER = ("throughput_uph", "throughput_on_shift_uph", "good_units", "line_oee_share")
"""Line KPIs to maximise; every other line KPI (scrap, lead time, energy, WIP) is minimised."""


def paired_against_baseline(
    tables: Mapping[K, pd.DataFrame], baseline: K, kpis: Sequence[str], alpha: float = 0.05
) -> pd.DataFrame:
    """Each variant minus the baseline per KPI, Bonferroni-adjusted over the k - 1 pairs.

    ``tables`` are the line tables (one row per replication) paired by replication number.
    ``differs`` is True when the adjusted interval excludes 0.
    """
    others = [key for key in tables if key != baseline]
    if not others:
        raise ValueError("a comparison against a baseline needs at least two variants")
    each = 1 - alpha / len(others)
    frames = []
    for key in others:
        frame = paired_difference(tables[baseline], tables[key], kpis, each)
        frames.append(frame.assign(variant=key, baseline=baseline, confidence_each=each,
                                   family_confidence=1 - alpha))
    out = pd.concat(frames, ignore_index=True)
    out["differs"] = (out["ci_low"] > 0) | (out["ci_high"] < 0)
    return out[["variant", "baseline", *[c for c in out.columns
                                         if c not in ("variant", "baseline")]]]


def kn_h2(k: int, alpha: float, n0: int) -> float:
    """The KN constant h^2 = 2 c eta (n0 - 1), c = 1, for k variants (Kim & Nelson 2001)."""
    eta = 0.5 * ((2 * alpha / (k - 1)) ** (-2 / (n0 - 1)) - 1)
    return 2 * eta * (n0 - 1)


@dataclass(frozen=True)
class SelectionOutcome:
    """Which variant KN picked, and how many replications each variant got."""

    best: int
    """Index of the picked variant."""
    replications: tuple[int, ...]
    """Replications used per variant (the eliminated ones stop early)."""
    means: tuple[float, ...]
    """Each variant's mean over its replications."""
    eliminated_at: tuple[int | None, ...]
    """The replication count at which each variant was dropped or left behind (None: the pick)."""
    guaranteed: bool
    """False if ``max_replications`` ran out with more than one variant left."""
    delta: float
    alpha: float
    n0: int
    maximise: bool


def kn_select(
    draw: Callable[[range, tuple[int, ...]], np.ndarray],
    k: int,
    delta: float,
    alpha: float = 0.05,
    n0: int = 10,
    maximise: bool = True,
    batch: int = 1,
    max_replications: int = 10_000,
) -> SelectionOutcome:
    """Kim & Nelson's KN procedure; ``draw(reps, variants)`` gives a reps x variants array."""
    if k < 2 or delta <= 0 or not 0 < alpha < 1 or n0 < 2:
        raise ValueError("KN needs k >= 2 variants, delta > 0, 0 < alpha < 1 and n0 >= 2")
    sign = 1.0 if maximise else -1.0
    first = sign * np.asarray(draw(range(n0), tuple(range(k))), dtype=float)
    differences = first[:, :, None] - first[:, None, :]
    s2 = differences.var(axis=0, ddof=1)
    h2 = kn_h2(k, alpha, n0)
    totals, r = first.sum(axis=0), n0
    eliminated: dict[int, int] = {}
    alive = _screen(list(range(k)), totals / r, s2, h2, delta, r, eliminated)  # at r = n0
    pending = np.empty((0, k))
    while len(alive) > 1 and r < max_replications:
        if _all_resolved(alive, s2, h2, delta, r):
            break
        if not len(pending):
            stage = range(r, min(r + batch, max_replications))
            rows = np.full((len(stage), k), np.nan)
            rows[:, alive] = sign * np.asarray(draw(stage, tuple(alive)), dtype=float)
            pending = rows
        totals[alive] += pending[0, alive]
        pending, r = pending[1:], r + 1
        alive = _screen(alive, totals / r, s2, h2, delta, r, eliminated)
    best = max(alive, key=lambda i: totals[i] / r)
    guaranteed = len(alive) == 1 or _all_resolved(alive, s2, h2, delta, r)
    for i in alive:  # left when the screening became exact, or when replications ran out
        if i != best:
            eliminated.setdefault(i, r)
    counts = tuple(eliminated.get(i, r) for i in range(k))
    means = tuple(float(sign * totals[i] / counts[i]) for i in range(k))
    return SelectionOutcome(best, counts, means,
                            tuple(eliminated.get(i) if i != best else None for i in range(k)),
                            guaranteed,
                            delta, alpha, n0, maximise)


def _screen(alive: list[int], means: np.ndarray, s2: np.ndarray, h2: float, delta: float,
            r: int, eliminated: dict[int, int]) -> list[int]:
    """KN screening: keep i unless some l's mean beats it by more than W_il(r)."""
    w = np.maximum(0.0, delta / (2 * r) * (h2 * s2 / delta**2 - r))
    kept = [i for i in alive if all(means[i] >= means[j] - w[i, j] for j in alive if j != i)]
    for i in set(alive) - set(kept):
        eliminated[i] = r
    return kept or [max(alive, key=lambda i: means[i])]


def _all_resolved(alive: list[int], s2: np.ndarray, h2: float, delta: float, r: int) -> bool:
    """Whether r exceeds every N_il = floor(h^2 S_il^2 / delta^2): screening is then exact."""
    return all(r > math.floor(h2 * s2[i, j] / delta**2) for i in alive for j in alive if i != j)


def select_best(
    scenarios: Mapping[K, Scenario],
    kpi: str,
    delta: float,
    alpha: float = 0.05,
    n0: int = 10,
    seed: int = 0,
    executor: Executor | None = None,
    batch: int = 5,
    max_replications: int = 200,
    done: Mapping[K, Sequence[ReplicationResult]] | None = None,
) -> tuple[K, SelectionOutcome, dict[K, ExperimentResult]]:
    """KN on one line KPI of simulated variants with common random numbers.

    ``done`` may hold replications already run (numbered from 0); they are reused, not rerun.
    Returns the picked key, the outcome and each variant's replications as an experiment.
    """
    keys = list(scenarios)
    results: dict[K, dict[int, ReplicationResult]] = {
        key: {r.replication: r for r in (done or {}).get(key, ())} for key in keys}

    def draw(replications: range, variants: tuple[int, ...]) -> np.ndarray:
        todo = {keys[v]: scenarios[keys[v]] for v in variants
                if any(i not in results[keys[v]] for i in replications)}
        for key, found in run_replication_range(todo, replications, seed, executor).items():
            results[key].update({r.replication: r for r in found})
        return np.array([[float(replication_row(results[keys[v]][i])[kpi])  # type: ignore[arg-type]
                          for v in variants] for i in replications])

    outcome = kn_select(draw, len(keys), delta, alpha, n0, kpi in LARGER_IS_BETTER, batch,
                        max_replications)
    experiments = {key: ExperimentResult(scenarios[key], seed, tuple(
        results[key][i] for i in range(outcome.replications[v])))
        for v, key in enumerate(keys)}
    return keys[outcome.best], outcome, experiments


def selection_table(keys: Sequence[K], kpi: str, outcome: SelectionOutcome) -> pd.DataFrame:
    """One row per variant: mean, replications used, when it was dropped, the pick."""
    return pd.DataFrame({
        "variant": list(keys), "kpi": kpi, "mean": outcome.means,
        "replications": outcome.replications,
        "eliminated_at_replication": [pd.NA if e is None else e for e in outcome.eliminated_at],
        "picked": [i == outcome.best for i in range(len(keys))],
        "delta": outcome.delta, "alpha": outcome.alpha, "n0": outcome.n0,
        "maximise": outcome.maximise, "guaranteed": outcome.guaranteed,
    })


DEFAULT_DELTA_SHARE = 0.01
"""Indifference zone of the pick when none is given: 1 % of the baseline's mean."""


def default_delta(baseline_mean: float) -> float:
    """The indifference zone when none is given (:data:`DEFAULT_DELTA_SHARE` of the mean)."""
    return abs(float(baseline_mean)) * DEFAULT_DELTA_SHARE or 1e-9


@dataclass(frozen=True)
class VariantComparison(Generic[K]):
    """Variants against the first: Bonferroni paired intervals, then the KN pick."""

    paired: pd.DataFrame
    """Every variant minus the first per KPI (``paired_against_baseline``)."""
    selection: pd.DataFrame
    """The pick's table, one row per variant (``selection_table``)."""
    outcome: SelectionOutcome
    picked: K
    kpi: str
    delta: float
    first_stage: int
    """Replications every variant had before KN (KN's n0)."""

    @property
    def guaranteed(self) -> bool:
        """False if the replication budget ran out before KN could separate the variants."""
        return bool(self.outcome.guaranteed)


def compare_variants(
    scenarios: Mapping[K, Scenario], experiments: Mapping[K, ExperimentResult],
    kpis: Sequence[str], delta: float | None, seed: int, executor: Executor | None = None,
    max_replications: int = 200, alpha: float = 0.05,
) -> VariantComparison[K]:
    """``gigatwin run A B C``'s analysis, shared by the app: the first is the baseline.

    KN picks on ``kpis[0]``, reusing the replications already run and adding some to the
    variants it cannot yet tell apart, up to ``max_replications`` each.
    """
    keys = list(experiments)
    tables = {key: replications_table(e.results) for key, e in experiments.items()}
    paired = paired_against_baseline(tables, keys[0], list(kpis), alpha)
    kpi = kpis[0]
    if delta is None:
        delta = default_delta(tables[keys[0]][kpi].mean())
    first_stage = min(len(e.results) for e in experiments.values())
    best, outcome, _ = select_best(
        dict(scenarios), kpi, delta, alpha, first_stage, seed, executor,
        max_replications=max(max_replications, first_stage),
        done={key: e.results for key, e in experiments.items()})
    return VariantComparison(paired, selection_table(keys, kpi, outcome), outcome, best, kpi,
                             float(delta), first_stage)
