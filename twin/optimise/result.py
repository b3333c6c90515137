"""The answer of an optimisation: best settings confirmed, the front, and how sure it is.

The best feasible trial and the runner-up (the best with other settings) are run again at
the confirmation fidelity with the same seed, so their replications are paired (common
random numbers). "How sure": with d_i = runner-up minus best per replication, the mean of
d has (flat prior) a Student-t posterior, and P(best beats runner-up) = P(mean d > 0) =
T_{n-1}(mean(d) / (sd(d) / sqrt(n))). The front is the set of finished trials that no other
trial beats on both the objective and every constrained metric. With an executor, the trials'
evaluations and the two confirmation runs run on it (:func:`twin.optimise.run_search`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from twin.experiments.kpis import confidence_interval
from twin.optimise.objective import Evaluation, Fidelity
from twin.optimise.search import OnTrial, Search, TrialOutcome, evaluate_all, run_search


@dataclass(frozen=True)
class OptimisationResult:
    """Every trial, the confirmed best settings, the front and the "how sure" figure."""

    trials: tuple[TrialOutcome, ...]
    best: TrialOutcome | None
    runner_up: TrialOutcome | None
    confirmation: pd.DataFrame
    confirmed_feasible: bool
    probability_best_beats_runner_up: float | None
    front: pd.DataFrame
    statement: str
    best_evaluation: Evaluation | None = None
    """The confirmation run of the best settings (per replication, with its experiment)."""


CONFIRMATION = Fidelity(20)
"""Default confirmation fidelity: 20 replications at the scenario's run length."""


def optimise(search: Search, trials: int, confirm: Fidelity = CONFIRMATION,
             on_trial: OnTrial | None = None,
             progress: Callable[[int, int], None] | None = None,
             executor: Executor | None = None, batch: int = 1) -> OptimisationResult:
    """Search, then confirm the best and the runner-up with paired replications.

    ``executor`` and ``batch`` as in :func:`twin.optimise.run_search`; the two confirmation
    runs go to the executor together.
    """
    outcomes = tuple(run_search(search, trials, on_trial, progress, executor, batch))
    ranked = _ranked(outcomes, search.rungs[-1])
    best = ranked[0] if ranked else None
    runner = ranked[1] if len(ranked) > 1 else None
    if best is None:
        return OptimisationResult(outcomes, None, None, pd.DataFrame(), False, None,
                                  front(outcomes, search), "no trial met the constraints")
    runs = evaluate_all(search, [o.settings for o in (best, runner) if o is not None],
                        confirm, {}, executor)
    confirmed = runs[0]
    table = confirmation_table(confirmed)
    feasible = all(c.violation(confirmed.mean(c.metric)) <= 0 for c in search.constraints)
    probability = None
    if runner is not None:
        probability = probability_better(confirmed.metrics[search.objective],
                                         runs[1].metrics[search.objective])
    return OptimisationResult(outcomes, best, runner, table, feasible, probability,
                              front(outcomes, search),
                              statement(search, best, runner, table, feasible, probability),
                              confirmed)


def _ranked(outcomes: tuple[TrialOutcome, ...], last: Fidelity) -> list[TrialOutcome]:
    """Feasible trials that reached the last rung, best first, one per distinct setting."""
    seen: set[str] = set()
    ranked = []
    for outcome in sorted(outcomes, key=lambda o: (o.objective, o.number)):
        key = json.dumps(dict(outcome.settings), sort_keys=True)
        if outcome.pruned or outcome.fidelity != last or not outcome.feasible or key in seen:
            continue
        seen.add(key)
        ranked.append(outcome)
    return ranked


def confirmation_table(evaluation: Evaluation, confidence: float = 0.95) -> pd.DataFrame:
    """Mean and Student-t interval of every metric of the confirmation run."""
    rows = []
    for metric, values in evaluation.metrics.items():
        mean, sd, low, high, n = confidence_interval(values.tolist(), confidence)
        rows.append({"metric": metric, "mean": mean, "sd": sd, "ci_low": low, "ci_high": high,
                     "n": n})
    return pd.DataFrame(rows)


def probability_better(best: np.ndarray, rival: np.ndarray) -> float | None:
    """P(mean of rival - best > 0) from paired replications (None with fewer than two)."""
    d = np.asarray(rival, dtype=float) - np.asarray(best, dtype=float)
    if len(d) < 2:
        return None
    mean, sd = float(d.mean()), float(d.std(ddof=1))
    if sd == 0:
        return 1.0 if mean > 0 else (0.0 if mean < 0 else 0.5)
    return float(stats.t.cdf(mean / (sd / math.sqrt(len(d))), len(d) - 1))


def front(outcomes: tuple[TrialOutcome, ...], search: Search) -> pd.DataFrame:
    """Finished trials (one per setting) with their objective and metrics, front marked."""
    finished = {json.dumps(dict(o.settings), sort_keys=True): o for o in outcomes
                if not o.pruned and o.fidelity == search.rungs[-1]}
    rows = [{"trial": o.number, **o.settings, search.objective: o.objective,
             **{c.metric: o.metrics[c.metric] for c in search.constraints},
             "feasible": o.feasible} for o in finished.values()]
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    return table.assign(on_front=[not _dominated(row, rows, search) for row in rows])


def _dominated(row: Mapping[str, Any], rows: list[dict[str, Any]], search: Search) -> bool:
    def at_least(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[bool]:
        signs = [a[search.objective] <= b[search.objective]]
        signs += [(a[c.metric] >= b[c.metric]) if c.op == ">=" else (a[c.metric] <= b[c.metric])
                  for c in search.constraints]
        return signs

    for other in rows:
        if other is row:
            continue
        ge, le = at_least(other, row), at_least(row, other)
        if all(ge) and not all(le):
            return True
    return False


def statement(search: Search, best: TrialOutcome, runner: TrialOutcome | None,
              table: pd.DataFrame, feasible: bool, probability: float | None) -> str:
    """One paragraph: the best settings, their confirmed objective and how sure that is."""
    row = table.set_index("metric").loc[search.objective]
    text = (f"Best settings {dict(best.settings)}: {search.objective} {row['mean']:.4g} "
            f"[{row['ci_low']:.4g}, {row['ci_high']:.4g}] over {int(row['n'])} confirmation "
            "replications")
    text += "; constraints met in the confirmation" if feasible else (
        "; WARNING: the confirmation run misses a constraint")
    if runner is not None and probability is not None:
        text += (f". Probability that it beats the runner-up {dict(runner.settings)}: "
                 f"{probability:.0%} (paired replications, common random numbers)")
    return text + "."
