"""Simulation-optimisation with Optuna: a seeded TPE search under constraints, multi-fidelity.

Each trial proposes settings, evaluates them at the first rung (few replications, short
runs), reports a penalised objective, and climbs to the next rung unless the successive-
halving pruner stops it; the constraint values are set once, from the highest rung reached.
All trials share one seed (common random numbers). The result is confirmed at a higher
fidelity, not taken from the search's own (optimistic) best value: the winner's curse of a
noisy search.

Parallel trials: this process drives Optuna's ask-and-tell in batches of ``batch`` trials.
It asks a batch, sends every evaluation of one rung of the batch to the executor (local
processes or Dask), reports the results and asks the pruner in trial order, sends the
survivors' next rung, and tells the batch's results in trial order. The study, the cache of
evaluations and the store's records stay in this process; workers only evaluate. An
evaluation depends on its settings, fidelity and seed only, so the trials (settings, order,
values, pruning) depend on the seed and ``batch`` and not on the executor: a batch of 2 gives
the same trials serially, on 2 processes or on a Dask cluster. ``batch=1`` is Optuna's
serial loop. Different batch sizes propose the same first (random start-up) trials, and
then differ, because a batch is proposed before its results are known.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import Any

import optuna
from optuna.trial import TrialState

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
               progress: Callable[[int, int], None] | None = None,
               executor: Executor | None = None, batch: int = 1) -> list[TrialOutcome]:
    """Run ``trials`` Optuna trials; every trial's outcome, in trial order.

    ``batch`` trials are proposed at a time and their evaluations run on ``executor`` (None:
    in this process); ``on_trial`` and ``progress`` are called here, in trial order, once a
    batch is told (module docstring: what depends on what).
    """
    if batch < 1:
        raise ValueError(f"a batch needs >= 1 trial, got {batch}")
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(direction="minimize", sampler=_sampler(search, trials),
                                pruner=_pruner(search))
    outcomes: list[TrialOutcome] = []
    cache: dict[tuple[str, Fidelity], Evaluation] = {}
    while len(outcomes) < trials:
        asked = []
        for _ in range(min(batch, trials - len(outcomes))):
            trial = study.ask()
            asked.append((trial, {v.path: v.suggest(trial) for v in search.variables}))
        for trial, (outcome, evaluation) in zip(
                [t for t, _ in asked], _batch(search, asked, cache, executor), strict=True):
            _set_constraints(trial, search, outcome)
            if outcome.pruned:
                study.tell(trial, state=TrialState.PRUNED)
            else:
                study.tell(trial, outcome.objective)
            outcomes.append(outcome)
            if on_trial is not None:
                on_trial(outcome, evaluation)
            if progress is not None:
                progress(len(outcomes), trials)
    return outcomes


def _batch(search: Search, asked: list[tuple[optuna.Trial, dict[str, Any]]],
           cache: dict[tuple[str, Fidelity], Evaluation], executor: Executor | None
           ) -> list[tuple[TrialOutcome, Evaluation]]:
    """Climb the rungs with a batch of trials: each rung's evaluations at once, then pruning."""
    done: dict[int, tuple[TrialOutcome, Evaluation]] = {}
    active = list(range(len(asked)))
    for step, fidelity in enumerate(search.rungs):
        evaluations = evaluate_all(search, [asked[i][1] for i in active], fidelity, cache,
                                   executor)
        last = step == len(search.rungs) - 1
        climbing = []
        for i, evaluation in zip(active, evaluations, strict=True):
            trial, settings = asked[i]
            outcome = _outcome(search, trial.number, settings, fidelity, evaluation, False)
            if not last:
                trial.report(penalised(outcome, search.constraints), step + 1)
                if trial.should_prune():
                    done[i] = (_outcome(search, trial.number, settings, fidelity, evaluation,
                                        True), evaluation)
                    continue
                climbing.append(i)
            else:
                done[i] = (outcome, evaluation)
        active = climbing
    return [done[i] for i in range(len(asked))]


def evaluate_all(search: Search, settings: Sequence[Mapping[str, Any]], fidelity: Fidelity,
                 cache: dict[tuple[str, Fidelity], Evaluation],
                 executor: Executor | None = None) -> list[Evaluation]:
    """The evaluations of ``settings`` at ``fidelity``, in order; each distinct one runs once.

    With one seed an evaluation is exact, so a setting already in ``cache`` (or twice in the
    list) is not run again; the rest run together on ``executor`` (None: here, in order).
    """
    keys = [(json.dumps(dict(s), sort_keys=True), fidelity) for s in settings]
    pending: dict[tuple[str, Fidelity], Future[Evaluation] | None] = {}
    for key, one in zip(keys, settings, strict=True):
        if key in cache or key in pending:
            continue
        if executor is None:
            cache[key] = search.evaluate(one, fidelity, search.seed)
            pending[key] = None
        else:
            pending[key] = executor.submit(search.evaluate, dict(one), fidelity, search.seed)
    for key, future in pending.items():
        if future is not None:
            cache[key] = future.result()
    return [cache[key] for key in keys]


def _sampler(search: Search, trials: int) -> optuna.samplers.BaseSampler:
    startup = max(3, min(10, trials // 3))
    return optuna.samplers.TPESampler(seed=search.seed, n_startup_trials=startup,
                                      multivariate=True)


def _pruner(search: Search) -> optuna.pruners.BasePruner:
    if len(search.rungs) < 2:
        return optuna.pruners.NopPruner()
    return optuna.pruners.SuccessiveHalvingPruner(min_resource=1, reduction_factor=3)


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
