"""Every optimisation trial as a record of the experiment store (source ``optimise``)."""

from __future__ import annotations

from twin.optimise.objective import Evaluation
from twin.optimise.search import OnTrial, TrialOutcome
from twin.outputs import experiment_metadata
from twin.store import ExperimentStore, entry_from_experiments

TRIAL_COMMAND = "optimise-trial"


def store_recorder(store: ExperimentStore, tag: str | None = None,
                   note: str | None = None) -> OnTrial:
    """An ``on_trial`` hook recording each trial's experiment (trials without one are skipped)."""

    def record(outcome: TrialOutcome, evaluation: Evaluation) -> None:
        if evaluation.experiment is None:
            return
        key = f"trial {outcome.number}"
        experiments = {key: evaluation.experiment}
        arguments = {"trial": outcome.number, "settings": dict(outcome.settings),
                     "replications": outcome.fidelity.replications,
                     "horizon_days": outcome.fidelity.horizon_days, "pruned": outcome.pruned}
        details = {"objective": outcome.objective, "metrics": dict(outcome.metrics),
                   "violations": list(outcome.violations)}
        metadata = experiment_metadata(experiments, TRIAL_COMMAND, arguments, details)
        store.record(entry_from_experiments(metadata, experiments, tag=tag, note=note,
                                            overrides=dict(outcome.settings),
                                            source="optimise"))

    return record
