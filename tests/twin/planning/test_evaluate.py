"""The study objective: settings are the equipment, the demand is judged as the plan judges it,
and the optimiser finds the hand-computed fewest cells that meet the demand.

The casting route is made computable by hand: the constant defect model (5 % scrap), no
cycle spread, no failures, die changes, maintenance, warm-up shots or die cooling. A cell
then makes 3600 / 110 x 0.95 = 31.09 good castings per hour it runs; the cells run through
the breaks, 3 x 8 h x 240 d = 5,760 h a year, so one cell makes 179,084 good bodies a year.
At 450,000 a year: 2 cells make 358,167 (79.6 % of the demand: over a 10-day horizon, 8
working days, the backlog is 0.204 x 8 = 1.6 days > the 1-day tolerance: demand missed);
3 cells make more than the demand (met); 4 and 5 cells make the same output with more
equipment (dearer). The cheapest feasible point is 3 cells.
"""

from __future__ import annotations

import json
import math

import pytest

from lines.routes import casting
from lines.scenario_io import ScenarioError
from lines.study import Study, study_from_dict
from parts_catalog import load_catalog
from twin.optimise import Fidelity, Search, optimise, parse_constraint, parse_vary, run_search
from twin.planning.evaluate import (
    settings_scenario,
    settings_sizing,
    split_settings,
    study_at_fidelity,
    study_objective,
)

DEMAND = 450_000.0
CYCLE_S, SCRAP = 110.0, 0.05
HOURS_PER_YEAR = 3 * 8.0 * 240
PER_CELL = 3600.0 / CYCLE_S * (1.0 - SCRAP) * HOURS_PER_YEAR
CELLS_NEEDED = math.ceil(DEMAND / PER_CELL)  # 3
BUFFER = "stations.laser_trim.buffer_capacity"
SHORT, LONG = Fidelity(2, 3.0), Fidelity(2, 10.0)


def hand_study(**changes: object) -> Study:
    """The default study with the ideal casting route described in the module docstring."""
    data = {
        "annual_demand_bodies": DEMAND,
        "run": {"horizon_days": 10, "warmup_h": 0, "replications": 2, "seed": 0,
                "pilot_days": 1, "pilot_replications": 2, "risk_draws": 3},
        "casting": {"defect_model": "constant", "constant_scrap_rate": SCRAP,
                    "cycle_time_s": CYCLE_S, "cycle_time_sd_s": 0.0, "cell_mtbf_h": 1e6,
                    "die_life_shots": 10**9, "die_maintenance_every_shots": 10**9,
                    "insert_refurbishment_every_shots": None, "die_damage": None,
                    "warmup_shots": 0, "die": {"thermal_units_hold_h": None}},
    } | changes
    return study_from_dict(data)


class Memo:
    """The objective, each (settings, fidelity, seed) simulated once across the tests."""

    def __init__(self) -> None:
        self.evaluate = study_objective(hand_study(), "casting")
        self.found: dict[str, object] = {}
        self.calls = 0

    def __call__(self, settings, fidelity, seed):
        key = json.dumps([dict(settings), fidelity.replications, fidelity.horizon_days, seed],
                         sort_keys=True)
        if key not in self.found:
            self.calls += 1
            self.found[key] = self.evaluate(settings, fidelity, seed)
        return self.found[key]


@pytest.fixture(scope="module")
def objective() -> Memo:
    return Memo()


def test_two_cells_make_the_hand_computed_share_and_miss_the_demand(objective):
    two = objective({"cells": 2}, LONG, 0)
    assert two.mean("attainment_share") == pytest.approx(2 * PER_CELL / DEMAND, abs=0.02)
    assert two.mean("order_backlog_days") > 1.0
    assert two.mean("demand_met_share") == 0.0


def test_the_fewest_cells_that_meet_the_demand_is_the_cheapest_feasible(objective):
    assert CELLS_NEEDED == 3
    evaluations = {n: objective({"cells": n}, LONG, 0) for n in (3, 4, 5)}
    for evaluation in evaluations.values():
        assert evaluation.mean("demand_met_share") == 1.0
        assert evaluation.mean("attainment_share") == pytest.approx(1.0, abs=0.01)
    costs = [evaluations[n].mean("cost_per_body_usd") for n in (3, 4, 5)]
    assert costs[0] < costs[1] < costs[2]  # same output, more cells paid
    equipment = [evaluations[n].mean("equipment_usd_per_body") for n in (3, 4, 5)]
    assert equipment[0] < equipment[1] < equipment[2]


def test_the_same_seed_gives_the_same_replications_and_the_buffer_path_is_applied():
    evaluate = study_objective(hand_study(), "casting")
    first = evaluate({"cells": 3, BUFFER: 4}, SHORT, 7)
    again = evaluate({"cells": 3, BUFFER: 4}, SHORT, 7)
    assert len(first.metrics["cost_per_body_usd"]) == SHORT.replications
    for name, values in first.metrics.items():
        assert list(values) == list(again.metrics[name]), name
    assert first.experiment is not None
    assert first.experiment.scenario.station(casting.LASER_TRIM).buffer_capacity == 4
    assert first.experiment.scenario.horizon_days == SHORT.horizon_days


def test_settings_are_the_installed_equipment():
    study = hand_study()
    sizing, scenario = settings_scenario(study, "casting", {"cells": 4}, load_catalog())
    assert sizing.installed == {casting.CELL_STEP: 4.0, casting.JOIN_STEP: 1.0}
    assert sizing.lines == 1
    assert scenario.station(casting.GIGA_CELL).machines == 4
    welded = settings_sizing(study, "welded", study.welded.with_changes(takt_s=70.0))
    assert welded.lines == 1
    assert welded.spec.takt_s == 70.0  # type: ignore[union-attr]


def test_the_fidelity_sets_the_horizon_and_replications():
    run = study_at_fidelity(hand_study(), Fidelity(3, 2.5)).run
    assert (run.horizon_days, run.replications) == (2.5, 3)
    assert study_at_fidelity(hand_study(), Fidelity(4)).run.horizon_days == 10


def test_bad_settings_are_refused_naming_them():
    study, catalog = hand_study(), load_catalog()
    with pytest.raises(ValueError, match="not a field of the casting route spec"):
        settings_scenario(study, "casting", {"cell_count": 3}, catalog)
    with pytest.raises(ScenarioError, match="no item named 'nowhere'"):
        settings_scenario(study, "casting", {"stations.nowhere.buffer_capacity": 3}, catalog)
    with pytest.raises(ValueError, match="one route per search"):
        split_settings("casting", {"route": "welded"})
    with pytest.raises(ValueError, match="cells"):
        settings_scenario(study, "casting", {"cells": 0}, catalog)
    with pytest.raises(ValueError, match="route 'press'"):
        study_objective(study, "press")


def search(objective: Memo, seed: int, buffer: bool = False) -> Search:
    variables = (parse_vary("cells=1..5"),) + ((parse_vary(f"{BUFFER}=0..2"),) if buffer else ())
    return Search(objective, variables, "cost_per_body_usd",
                  (parse_constraint("demand_met_share>=0.95"),), (SHORT, LONG), seed)


@pytest.mark.parametrize("seed", [0, 1])
def test_the_optimiser_finds_the_fewest_cells_that_meet_the_demand(objective, seed):
    result = optimise(search(objective, seed), trials=10, confirm=Fidelity(3, 10.0))
    assert result.best is not None
    assert result.best.settings["cells"] == CELLS_NEEDED
    assert result.confirmed_feasible
    if result.runner_up is not None:  # 4 cells: same output, dearer, every replication
        assert result.runner_up.settings["cells"] > CELLS_NEEDED
        assert result.probability_best_beats_runner_up == pytest.approx(1.0, abs=0.01)


def test_a_fixed_seed_repeats_the_same_trials_in_the_same_order(objective):
    def trials(seed: int) -> list[tuple]:
        return [(o.number, dict(o.settings), o.fidelity, o.pruned, o.objective)
                for o in run_search(search(objective, seed, buffer=True), 8)]

    first = trials(0)
    assert trials(0) == first
    assert [number for number, *_ in first] == list(range(8))
