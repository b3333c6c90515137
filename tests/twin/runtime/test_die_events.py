"""Die events of a giga cell: refurbishments, replacements and damage rising with die age."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lines.spec import Scenario
from twin.runtime.die_damage import expected_damages, next_damage_age
from twin.runtime.engine import run_replication


def die_line(days: float, damage: dict | None = None, spare_h: float | None = None,
             life: int = 3_000, refurbish: int = 1_000) -> Scenario:
    """One cell at a fixed 100 s, 24/7, no failures; die change and refurbishment in shots."""
    block = {
        "shot_mass_kg": 90.0, "part_mass_kg": 62.0, "remelt_loss_share": 0.02,
        "furnace": {"melt_rate_kg_h": 5_000.0, "holding_capacity_kg": 8_000.0},
        "defect_model": "constant", "constant_scrap_rate": 0.0, "warmup_shots": 0,
        "xray_sensitivity": 1.0, "die_damage": damage, "damage_stop_h_with_spare": spare_h,
    }
    maintenance = [
        {"name": "die_change", "every_cycles": life, "duration_min": 120.0},
        {"name": "insert_refurbishment", "every_cycles": refurbish, "duration_min": 60.0},
    ]
    return Scenario.model_validate({
        "name": "die", "horizon_days": days, "warmup_h": 0.0,
        "sources": [{"name": "shots", "to": "cell"}],
        "stations": [{"name": "cell", "cycle_time_s": 100.0, "casting_cell": block,
                      "maintenance": maintenance}],
    })


def cell(scenario: Scenario, seed: int = 0) -> dict[str, float]:
    station = run_replication(scenario, 0, seed).stations[0]
    return station.extras | {"shots": station.processed, "stops": station.maintenance_stops,
                             "maintenance_s": station.time_s["maintenance"]}


def test_refurbishments_and_die_changes_match_shots_over_the_interval():
    out = cell(die_line(days=20))
    assert out["die_changes"] == out["shots"] // 3_000
    assert out["insert_refurbishments"] == out["shots"] // 1_000
    stops_h = out["maintenance_s"] / 3600.0
    assert stops_h == pytest.approx(2.0 * out["die_changes"] + out["insert_refurbishments"],
                                    abs=2.0)  # a stop running at the end is cut


def test_next_damage_age_inverts_the_cumulative_hazard():
    """H(a) = (a/scale)^shape: the draw moves H by exactly the exponential draw."""
    for age, e1 in [(0.0, 0.3), (5_000.0, 1.7), (40_000.0, 0.01)]:
        a = next_damage_age(age, 20_000.0, 2.5, e1)
        assert (a / 20_000.0) ** 2.5 - (age / 20_000.0) ** 2.5 == pytest.approx(e1)


def test_die_damage_rate_rises_with_die_age():
    """Shape 2 on a die life L: damages have density ~ a, mean age 2L/3 (shape 1: L/2), and
    expected (L/scale)^2 per die; the simulated count and mean age match both closed forms."""
    life, scale = 3_000, 3_000 / math.sqrt(2.0)  # 2 expected damages per die
    wear = cell(die_line(days=60, damage={"scale_shots": scale, "shape": 2.0, "repair_h": 0.1},
                         life=life, refurbish=10**6))
    flat = cell(die_line(days=60, damage={"scale_shots": life / 2, "shape": 1.0,
                                          "repair_h": 0.1}, life=life, refurbish=10**6))
    dies = wear["shots"] / life
    expected = dies * expected_damages(life, scale, 2.0)
    assert wear["die_damages"] == pytest.approx(expected, abs=4 * math.sqrt(expected))
    sd_mean = life / math.sqrt(18) / math.sqrt(wear["die_damages"])  # sd of U-tri mean
    assert wear["die_damage_mean_age_shots"] == pytest.approx(2 * life / 3, abs=4 * sd_mean)
    sd_flat = life / math.sqrt(12) / math.sqrt(flat["die_damages"])
    assert flat["die_damage_mean_age_shots"] == pytest.approx(life / 2, abs=4 * sd_flat)


def test_the_hazard_rises_in_the_second_half_of_a_die_life():
    """Counts over many dies from the draw alone: H(L) - H(L/2) = 3 H(L/2) for shape 2."""
    rng = np.random.default_rng(1)
    early = late = 0
    for _ in range(4_000):
        age = next_damage_age(0.0, 1.0, 2.0, rng.exponential())
        while age < 1.0:
            early, late = (early + 1, late) if age < 0.5 else (early, late + 1)
            age = next_damage_age(age, 1.0, 2.0, rng.exponential())
    assert late / early == pytest.approx(3.0, rel=0.1)


def test_a_spare_die_shortens_the_damage_stop_and_renews_the_die():
    damage = {"scale_shots": 1_000.0, "shape": 2.0, "repair_h": 12.0}
    repaired = cell(die_line(days=30, damage=damage, life=10**6, refurbish=10**6))
    spare = cell(die_line(days=30, damage=damage, spare_h=1.0, life=10**6, refurbish=10**6))
    assert spare["die_damages"] > 0
    assert repaired["die_damages"] > 0
    assert spare["maintenance_s"] == pytest.approx(spare["die_damages"] * 3600.0, abs=3600.0)
    # a swapped-in spare starts at age 0: damages stay rare; a repaired die keeps ageing
    assert spare["die_damage_mean_age_shots"] < 2_000 < repaired["die_damage_mean_age_shots"]
