"""The break-even Monte Carlo: reproducible, its draws inside the ranges, zero width = exact."""

import math

import numpy as np
import pytest

from lines.vehicle import LifecycleRanges, VehicleSpec
from twin.lifecycle import break_even_interval, lifecycle_from_costs, monte_carlo


def test_draws_are_reproducible_from_the_seed_and_inside_the_ranges(scenario, masses):
    life = lifecycle_from_costs(masses, scenario)
    a, b = monte_carlo(life, 300, seed=3), monte_carlo(life, 300, seed=3)
    assert a.equals(b)
    assert not a.equals(monte_carlo(life, 300, seed=4))
    ranges = life.vehicle.ranges
    for name in ("lifetime_km", "recycled_al_share", "use_grid_kg_co2e_per_kwh"):
        low, high = getattr(ranges, name)
        assert a[name].between(low, high).all()


def test_each_draw_is_the_closed_form_of_its_figures(scenario, masses):
    life = lifecycle_from_costs(masses, scenario)
    draws = monte_carlo(life, 200, seed=1)
    row = draws.iloc[7]
    mix = life.production["casting"].alloy_mix
    alloy = row.recycled_al_share * mix.recycled_co2e_kg_per_kg + (
        1 - row.recycled_al_share) * row.primary_al_kg_co2e_per_kg
    cast, weld = life.production["casting"], life.production["welded"]
    extra = (cast.electricity_kwh - weld.electricity_kwh) * cast.plant_grid_kg_co2e_per_kwh \
        + (cast.steel_kg - weld.steel_kg) * row.steel_kg_co2e_per_kg + cast.alloy_kg * alloy
    saving = (row.mass_sensitivity_kwh_per_100km_per_100kg / 1e4
              * (masses["welded"] - masses["casting"]) * row.use_grid_kg_co2e_per_kwh)
    expected = 0.0 if extra <= 0 else extra / saving
    assert row.break_even_km == pytest.approx(expected, rel=1e-9)


def test_the_steel_factor_is_drawn_between_the_catalogs_route_factors(scenario, masses, catalog):
    held = monte_carlo(lifecycle_from_costs(masses, scenario), 200)
    assert (held["steel_kg_co2e_per_kg"] == 2.0).all()  # no catalog: held at its value
    drawn = monte_carlo(lifecycle_from_costs(masses, scenario, catalog=catalog), 200)
    assert drawn["steel_kg_co2e_per_kg"].between(0.5, 2.0).all()  # EAF .. BF-BOF
    assert drawn["steel_kg_co2e_per_kg"].std() > 0.1


def test_zero_width_ranges_give_the_point_estimate(scenario, masses):
    point = VehicleSpec()
    still = LifecycleRanges(
        mass_sensitivity_kwh_per_100km_per_100kg=(0.6, 0.6), lifetime_km=(2e5, 2e5),
        use_grid_kg_co2e_per_kwh=(0.4, 0.4), recycled_al_share=(0.5, 0.5),
        primary_al_kg_co2e_per_kg=(15.1, 15.1), steel_kg_co2e_per_kg=(2.0, 2.0))
    life = lifecycle_from_costs(masses, scenario, point.model_copy(update={"ranges": still}))
    interval = break_even_interval(monte_carlo(life, 20))
    for key in ("break_even_p10_km", "break_even_p50_km", "break_even_p90_km"):
        assert interval[key] == pytest.approx(life.break_even.distance_km, rel=1e-9)
    assert interval["repays_within_lifetime_share"] == 0.0


def test_the_interval_is_ordered_and_keeps_never_as_infinite(scenario, masses):
    life = lifecycle_from_costs(masses, scenario)
    draws = monte_carlo(life, 1_000, seed=0)
    interval = break_even_interval(draws)
    assert interval["break_even_p10_km"] <= interval["break_even_p50_km"] \
        <= interval["break_even_p90_km"]
    share = interval["repays_within_lifetime_share"]
    assert 0.0 < share < 1.0  # the ranges straddle both outcomes at the defaults
    never = draws.assign(break_even_km=np.inf)
    assert math.isinf(break_even_interval(never)["break_even_p50_km"])


def test_draws_must_be_positive(scenario, masses):
    with pytest.raises(ValueError, match="draws"):
        monte_carlo(lifecycle_from_costs(masses, scenario), 0)
