"""The bottleneck of a line where it is unambiguous, and scrap by cause adding up per replication.

A three-station line whose middle station is twice as slow as the others (random cycles, so
queues form, and a buffer so the fast stations are not simply blocked all the time) has one
bottleneck by construction: the middle one, in every replication. A casting cell with a
constant defect rate, warm-up shots after die changes and a scrap rate at a downstream
station books every scrapped unit under exactly one cause: the causes of each replication add
up to the station's scrap, and the stations' to the line's.
"""

from __future__ import annotations

import pytest
from scenario_builders import exp, line

from twin.experiments.kpis import bottleneck, replication_row, station_rows
from twin.experiments.replications import run_experiment
from twin.runtime.engine import run_replication


def unbalanced_line():
    return line([{"name": "cut", "cycle_time_s": exp(30.0), "next": "weld"},
                 {"name": "weld", "cycle_time_s": exp(60.0), "next": "pack",
                  "buffer_capacity": 5},
                 {"name": "pack", "cycle_time_s": exp(30.0), "buffer_capacity": 5}],
                horizon_days=2, warmup_h=2)


def test_the_twice_as_slow_station_is_the_bottleneck_in_every_replication():
    result = run_experiment(unbalanced_line(), replications=5, seed=2)
    assert set(result.replications["bottleneck"]) == {"weld"}
    share = result.stations.groupby("station")["bottleneck"].mean()
    assert share.to_dict() == {"cut": 0.0, "pack": 0.0, "weld": 1.0}
    # the weld is nearly always busy; cut and pack work half as long for the same units
    working = result.stations.groupby("station")["working_share"].mean()
    assert working["weld"] == pytest.approx(0.95, abs=0.05)
    assert working["cut"] == pytest.approx(working["weld"] / 2, abs=0.05)
    assert working["pack"] == pytest.approx(working["weld"] / 2, abs=0.05)


def test_a_fixed_line_names_its_slowest_station():
    scenario = line([{"name": "a", "cycle_time_s": 20, "next": "b"},
                     {"name": "b", "cycle_time_s": 50, "next": "c", "buffer_capacity": 2},
                     {"name": "c", "cycle_time_s": 10, "buffer_capacity": 2}],
                    horizon_days=0.5, warmup_h=1)
    result = run_replication(scenario)
    assert bottleneck(result) == "b"
    flags = {row["station"]: row["bottleneck"] for row in station_rows(result)}
    assert flags == {"a": False, "b": True, "c": False}
    assert result.finished == 12 * 3600 / 50


def scrapping_line():
    cell = {"shot_mass_kg": 90.0, "part_mass_kg": 62.0, "remelt_loss_share": 0.02,
            "furnace": {"melt_rate_kg_h": 5_000.0, "holding_capacity_kg": 8_000.0},
            "defect_model": "constant", "constant_scrap_rate": 0.10, "warmup_shots": 5,
            "xray_sensitivity": 0.9}
    return line([{"name": "cell", "cycle_time_s": 110.0, "casting_cell": cell, "next": "trim",
                  "maintenance": [{"name": "die_change", "every_cycles": 200,
                                   "duration_min": 30.0}]},
                 {"name": "trim", "cycle_time_s": 60.0, "scrap_probability": 0.05}],
                horizon_days=2, warmup_h=1)


@pytest.mark.parametrize("replication", [0, 1, 2])
def test_scrap_by_cause_adds_up_to_the_scrap_count_in_each_replication(replication):
    result = run_replication(scrapping_line(), replication, seed=6)
    cell, trim = result.stations
    causes = {k: v for k, v in cell.extras.items() if k.startswith("scrap_") and k.endswith(
        "_units")}
    assert causes["scrap_warmup_units"] >= 5 * cell.extras["die_changes"]  # 5 per new die
    assert sum(causes.values()) == cell.scrapped
    assert cell.scrapped + trim.scrapped == result.scrapped
    assert cell.processed == cell.good + cell.scrapped
    row = replication_row(result)
    assert row["scrapped_units"] == result.scrapped
    assert row["scrap_share"] == pytest.approx(result.scrapped / (result.finished
                                                                 + result.scrapped))
    # defects at 10 % of the warm shots, 90 % of them seen: ~9 % of warm shots rejected
    warm = cell.processed - causes["scrap_warmup_units"]
    rejected = cell.scrapped - causes["scrap_warmup_units"]
    assert rejected / warm == pytest.approx(0.09, abs=0.03)
    assert trim.scrapped / trim.processed == pytest.approx(0.05, abs=0.025)
