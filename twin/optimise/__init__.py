"""Simulation-optimisation: find the settings with the best objective that meet constraints.

Optuna's TPE sampler, seeded, proposes settings (:class:`Variable` ranges); each trial is
evaluated by a callable (:func:`scenario_objective` builds one from a scenario) at rising
fidelities with successive-halving pruning; every trial uses the same seed (common random
numbers) and can be recorded through ``on_trial`` (:func:`store_recorder`). The best
settings are confirmed at a higher fidelity, with a "how sure" probability against the
runner-up from paired replications. Trials run in batches on any executor (local processes,
Dask) while this process keeps the study and the records; the trials depend on the seed and
the batch size, not on where they ran.
"""

from twin.optimise.line_cost import LineCost
from twin.optimise.objective import (
    Evaluate,
    Evaluation,
    Fidelity,
    ScenarioObjective,
    scenario_objective,
)
from twin.optimise.recording import store_recorder
from twin.optimise.result import (
    OptimisationResult,
    confirmation_table,
    front,
    optimise,
    probability_better,
)
from twin.optimise.search import (
    PENALTY,
    Search,
    TrialOutcome,
    evaluate_all,
    penalised,
    run_search,
)
from twin.optimise.space import Constraint, Variable, parse_constraint, parse_vary

__all__ = [
    "PENALTY",
    "Constraint",
    "Evaluate",
    "Evaluation",
    "Fidelity",
    "LineCost",
    "OptimisationResult",
    "ScenarioObjective",
    "Search",
    "TrialOutcome",
    "Variable",
    "confirmation_table",
    "evaluate_all",
    "front",
    "optimise",
    "parse_constraint",
    "parse_vary",
    "penalised",
    "probability_better",
    "run_search",
    "scenario_objective",
    "store_recorder",
]
