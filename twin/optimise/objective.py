"""The objective an optimisation minimises: a callable from settings to per-replication metrics.

``evaluate(settings, fidelity, seed)`` runs the settings at one fidelity (replications and
run length) and returns each metric per replication. Every trial gets the same ``seed``, so
replication i of every trial draws the same random streams: differences between trials are
the settings' effect (common random numbers), and a trial is reproduced exactly.
:func:`scenario_objective` builds one from a scenario and a metrics function.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lines.overrides import apply_overrides
from lines.spec import Scenario
from twin.experiments.replications import ExperimentResult, run_experiment


@dataclass(frozen=True)
class Fidelity:
    """How hard one evaluation looks: replications, and the run length (None: the scenario's)."""

    replications: int
    horizon_days: float | None = None

    def __post_init__(self) -> None:
        if self.replications < 1:
            raise ValueError(f"a fidelity needs >= 1 replication, got {self.replications}")


@dataclass(frozen=True)
class Evaluation:
    """Each metric per replication (replication order), and the experiment behind it if any."""

    metrics: Mapping[str, np.ndarray]
    experiment: ExperimentResult | None = field(default=None, compare=False)

    def mean(self, metric: str) -> float:
        """The mean of ``metric`` over the replications."""
        if metric not in self.metrics:
            raise KeyError(f"the objective returned no metric {metric!r} "
                           f"(it has: {', '.join(self.metrics)})")
        return float(np.mean(self.metrics[metric]))


Evaluate = Callable[[Mapping[str, Any], Fidelity, int], Evaluation]
"""``evaluate(settings, fidelity, seed) -> Evaluation``."""
Metrics = Callable[[ExperimentResult, Mapping[str, Any]], Mapping[str, Sequence[float]]]
"""``metrics(experiment, settings) -> {metric: value per replication}``."""


@dataclass(frozen=True)
class ScenarioObjective:
    """Apply the settings to ``scenario`` (scenario paths), run it, return ``metrics``.

    A plain object (not a closure), so it pickles to worker processes when ``metrics`` does
    (a module-level function or a dataclass such as :class:`twin.optimise.LineCost`).
    """

    scenario: Scenario
    metrics: Metrics

    def __call__(self, settings: Mapping[str, Any], fidelity: Fidelity,
                 seed: int) -> Evaluation:
        """Run ``settings`` at ``fidelity`` with ``seed``; each metric per replication."""
        changed = apply_overrides(self.scenario, settings)
        if fidelity.horizon_days is not None:
            changed = changed.with_changes(horizon_days=fidelity.horizon_days)
        experiment = run_experiment(changed, fidelity.replications, seed)
        found = self.metrics(experiment, settings)
        return Evaluation({k: np.asarray(v, dtype=float) for k, v in found.items()}, experiment)


def scenario_objective(scenario: Scenario, metrics: Metrics) -> Evaluate:
    """An objective that applies the settings to ``scenario`` (scenario paths) and runs it."""
    return ScenarioObjective(scenario, metrics)
