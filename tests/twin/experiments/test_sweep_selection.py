"""A sweep's points against the first (Bonferroni) and the KN pick of the best point."""

import pytest
from scenario_builders import exp, line

from twin.experiments import run_sweep

POWER = {"working_kw": 50.0, "idle_kw": 5.0, "down_kw": 1.0}
LINE = line([{"name": "press", "cycle_time_s": exp(50.0), "next": "weld", "power": POWER},
             {"name": "weld", "cycle_time_s": exp(45.0), "buffer_capacity": 1, "power": POWER}],
            horizon_days=0.25, warmup_h=1)


def test_a_sweep_compares_its_points_with_the_first_and_picks_the_biggest_buffer():
    sweep = run_sweep(LINE, {"stations.weld.buffer_capacity": [1, 4, 12]}, replications=10,
                      seed=2)
    paired = sweep.against_first(["throughput_uph"])
    assert list(paired["variant"]) == [1, 2]
    assert paired["confidence_each"].tolist() == [0.975, 0.975]
    assert paired.set_index("variant").loc[2, "mean_difference"] > 0
    best, outcome = sweep.best_point("throughput_uph", delta=2.0)
    assert best == 2
    assert min(outcome.replications) >= 10


def test_sweep_summary_gives_ratio_kpis_as_ratios_of_totals():
    sweep = run_sweep(LINE, {"stations.weld.buffer_capacity": [1]}, replications=3, seed=1)
    reps = sweep.experiments[0].replications
    row = sweep.summary.set_index("kpi").loc["energy_kwh_per_unit"]
    totals = (reps["energy_kwh_per_unit"] * reps["good_units"]).sum() / reps["good_units"].sum()
    assert row["mean"] == pytest.approx(totals)
    assert row["mean"] != pytest.approx(reps["energy_kwh_per_unit"].mean(), rel=1e-9)
