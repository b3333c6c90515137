"""Simulation-optimisation with Optuna: a seeded TPE search under constraints, multi-fidelity.

Each trial proposes settings, evaluates them at the first rung (few replications, short
runs), reports a penalised objective, and climbs to the next rung unless the successive-
halving pruner stops it; the constraint values are set once, from the highest rung reached.
All trials share one seed (common random numbers). With the same seed the search proposes
the same trials in the same order (serial only: Optuna's TPE is reproducible only there).
The result is confirmed at a higher fidelity, not taken from the search's own (optimistic)
best value: the winner's curse of a noisy search.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import optuna

from twin.optimise.objective import Evaluate, Evaluation, Fidelity
from twin.optimise.space import Constraint, Variable

PENALTY = 10.0
"""Pruning compares objective x (1 + PENALTY x relative constraint violation)."""


@dataclass(frozen=True)
class TrialOutcome:
    """One trial: settings, the highest fidelity reached, mean objective and constraint values."""

    number: int
    settings: Mapping[str, Any]
    fidelity: Fidelity
    objective: float
    metrics: Mapping[str, float]
    violations: tuple[float, ...]
    pruned: bool

    @property
    def feasible(self) -> bool:
        """All constraints met (at the fidelity reached)."""
        return all(v <= 0 for v in self.violations)


OnTrial = Callable[[TrialOutcome, Evaluation], None]
"""Called after every trial (e.g. to record it in the experiment store)."""


@dataclass(frozen=True)
class Search:
    """What a search optimises, under which constraints, at which rungs."""

    evaluate: Evaluate
    variables: tuple[Variable, ...]
    objective: str
    constraints: tuple[Constraint, ...] = ()
    rungs: tuple[Fidelity, ...] = (Fidelity(2), Fidelity(8))
    seed: int = 0


def run_search(search: Search, trials: int, on_trial: OnTrial | None = None,
               progress: Callable[[int, int], None] | None = None) -> list[TrialOutcome]:
    """Run ``trials`` Optuna trials serially; every trial's outcome, in trial order."""
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(direction="minimize", sampler=_sampler(search, trials),
                                pruner=_pruner(search))
    outcomes: list[TrialOutcome] = []
    cache: dict[tuple[str, Fidelity], Evaluation] = {}

    def objective(trial: optuna.Trial) -> float:
        outcome, evaluation = _trial(search, trial, cache)
        outcomes.append(outcome)
        if on_trial is not None:
            on_trial(outcome, evaluation)
        if progress is not None:
            progress(len(outcomes), trials)
        if outcome.pruned:
            raise optuna.TrialPruned()
        return outcome.objective

    study.optimize(objective, n_trials=trials, catch=())
    return outcomes


def _sampler(search: Search, trials: int) -> optuna.samplers.BaseSampler:
    startup = max(3, min(10, trials // 3))
    return optuna.samplers.TPESampler(seed=search.seed, n_startup_trials=startup,
                                      multivariate=True)


def _pruner(search: Search) -> optuna.pruners.BasePruner:
    if len(search.rungs) < 2:
        return optuna.pruners.NopPruner()
    return optuna.pruners.SuccessiveHalvingPruner(min_resource=1, reduction_factor=3)


def _trial(search: Search, trial: optuna.Trial,
           cache: dict[tuple[str, Fidelity], Evaluation]) -> tuple[TrialOutcome, Evaluation]:
    settings = {v.path: v.suggest(trial) for v in search.variables}
    for step, fidelity in enumerate(search.rungs):
        evaluation = _evaluated(search, settings, fidelity, cache)
        outcome = _outcome(search, trial.number, settings, fidelity, evaluation, pruned=False)
        last = step == len(search.rungs) - 1
        if not last:
            trial.report(penalised(outcome, search.constraints), step + 1)
            if trial.should_prune():
                outcome = _outcome(search, trial.number, settings, fidelity, evaluation, True)
                _set_constraints(trial, search, outcome)
                return outcome, evaluation
    _set_constraints(trial, search, outcome)
    return outcome, evaluation


def _evaluated(search: Search, settings: Mapping[str, Any], fidelity: Fidelity,
               cache: dict[tuple[str, Fidelity], Evaluation]) -> Evaluation:
    """The evaluation, computed once per (settings, fidelity): with one seed it is exact."""
    key = (json.dumps(dict(settings), sort_keys=True), fidelity)
    if key not in cache:
        cache[key] = search.evaluate(settings, fidelity, search.seed)
    return cache[key]


def _outcome(search: Search, number: int, settings: Mapping[str, Any], fidelity: Fidelity,
             evaluation: Evaluation, pruned: bool) -> TrialOutcome:
    metrics = {name: evaluation.mean(name) for name in evaluation.metrics}
    violations = tuple(c.violation(evaluation.mean(c.metric)) for c in search.constraints)
    return TrialOutcome(number, dict(settings), fidelity, evaluation.mean(search.objective),
                        metrics, violations, pruned)


def _set_constraints(trial: optuna.Trial, search: Search, outcome: TrialOutcome) -> None:
    for constraint, violation in zip(search.constraints, outcome.violations, strict=True):
        trial.set_constraint(str(constraint), violation)


def penalised(outcome: TrialOutcome, constraints: Sequence[Constraint]) -> float:
    """The value pruning compares: a (positive) objective raised by relative violations."""
    relative = sum(max(v, 0.0) / max(abs(c.bound), 1e-12)
                   for v, c in zip(outcome.violations, constraints, strict=True))
    return outcome.objective * (1.0 + PENALTY * relative)
