"""The break-even distance in closed form, its three outcomes, and the grid's direction."""

import math

import pytest

from twin.lifecycle import break_even, break_even_km

LIFETIME_KM = 200_000.0


def _use_kg_per_km(kwh_per_100km: float, grid: float) -> float:
    return kwh_per_100km / 100.0 * grid


def _pair(production_extra_kg: float, saving_kwh_per_100km: float, grid: float):
    production = {"welded": 300.0, "casting": 300.0 + production_extra_kg}
    use = {"welded": _use_kg_per_km(17.0, grid),
           "casting": _use_kg_per_km(17.0 - saving_kwh_per_100km, grid)}
    return break_even(production, use, LIFETIME_KM)


def test_the_break_even_is_the_production_extra_over_the_use_saving():
    # 50 kg extra; saving 0.084 kWh/100 km x 0.4 kg/kWh = 3.36e-4 kg/km -> 148,810 km
    crossing = _pair(50.0, 0.084, 0.4)
    assert crossing.lighter_route == "casting"
    assert crossing.distance_km == pytest.approx(50.0 / 3.36e-4, rel=1e-9)
    assert crossing.distance_km == pytest.approx(148_809.5, abs=1)
    assert crossing.status == "within_lifetime"


def test_beyond_the_lifetime_is_never_with_the_distance_kept():
    # 280 kg extra / 3.36e-4 kg/km = 833,333 km > 200,000 km
    crossing = _pair(280.0, 0.084, 0.4)
    assert crossing.status == "never"
    assert crossing.distance_km == pytest.approx(833_333.3, abs=1)
    assert "never within 200,000 km" in crossing.label


def test_no_use_saving_is_never_at_an_infinite_distance():
    assert math.isinf(break_even_km(10.0, 0.0))
    assert math.isinf(break_even_km(10.0, -1e-4))


def test_equal_energy_use_leaves_the_lower_production_route_ahead_all_the_way():
    crossing = _pair(10.0, 0.0, 0.4)  # same use, casting 10 kg more to make
    assert crossing.lighter_route == "welded"
    assert crossing.status == "from_start"


def test_a_lighter_route_with_less_production_co2e_is_lower_from_the_start():
    crossing = _pair(-20.0, 0.084, 0.4)
    assert crossing.status == "from_start"
    assert crossing.distance_km == 0.0


def test_a_cleaner_grid_lengthens_the_break_even_distance():
    dirty, clean = _pair(50.0, 0.084, 0.6), _pair(50.0, 0.084, 0.1)
    assert clean.distance_km > dirty.distance_km
    assert clean.distance_km / dirty.distance_km == pytest.approx(6.0)  # distance ~ 1 / grid


def test_break_even_needs_the_same_two_routes():
    with pytest.raises(ValueError, match="same two routes"):
        break_even({"welded": 1.0, "casting": 2.0}, {"welded": 0.1}, LIFETIME_KM)
