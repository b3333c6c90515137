"""Cost per body against paper computations, and the directions the elements must move."""

import pytest
from hand_rates import HAND_RATES as RATES
from hypothesis import given, settings
from hypothesis import strategies as st

from twin.cost import (
    ELEMENTS,
    MaterialInputs,
    OperatingCalendar,
    ProcessStep,
    RouteCostInputs,
    Tooling,
    cost_breakdown,
)

PRICES = {"sheet_usd_per_kg": 1.0, "offal_credit_usd_per_kg": 0.25, "alloy_usd_per_kg": 3.0,
          "remelt_loss_share": 0.02}
"""Material prices travel with the material (the catalog owns them), not with the rates."""
CALENDAR = OperatingCalendar(
    days_per_year=250, shifts_per_day=2, paid_hours_per_shift=8, productive_hours_per_shift=8
)


def crf(i, n):
    return i * (1 + i) ** n / ((1 + i) ** n - 1)


def one_station(volume=100_000, scrap=0.0, dedicated=True, die_life=None):
    """One press: 60 s cycle, OEE 0.5, 2 M US$, 2 operators, 100 m2, 2 kWh per unit."""
    step = ProcessStep(
        name="press", cycle_time_s=60, oee=0.5, scrap_rate=scrap, dedicated=dedicated,
        capex_per_line_usd=2e6, operators_per_shift=2, floor_space_m2=100,
        energy_kwh_per_unit=2.0, material_feed="sheet",
    )  # fmt: skip
    die = Tooling(name="die", step="press", capex_usd=500_000, life_units=die_life)
    material = MaterialInputs(sheet_blank_kg=10, sheet_offal_kg=4, **PRICES)
    return RouteCostInputs(route="paper", annual_volume_units=volume, calendar=CALENDAR,
                           steps=(step,), tooling=(die,), material=material)  # fmt: skip


def test_one_station_line_on_paper():
    """100k units at 60 s on 4,000 h x 0.5 OEE: 1,666.7 h needed / 2,000 h -> 1 line."""
    cost = cost_breakdown(one_station(), RATES).cost_per_body_usd
    volume = 100_000
    assert cost["equipment"] == pytest.approx(2e6 * crf(0.1, 10) / volume)
    assert cost["maintenance"] == pytest.approx(2e6 * 0.04 / volume)
    assert cost["building"] == pytest.approx(100 * 2000 * crf(0.1, 20) / volume)
    labour = 2 * (250 * 2 * 8) * 40 / volume  # 2 operators x 4,000 paid h x 40 US$/h
    assert cost["direct_labour"] == pytest.approx(labour)
    assert cost["overhead_labour"] == pytest.approx(0.5 * labour)
    assert cost["tooling"] == pytest.approx(500_000 * crf(0.1, 5) / volume)
    assert cost["energy"] == pytest.approx(2 * 0.10)
    assert cost["material"] == pytest.approx(10 * 1.0 - 4 * 0.25)
    variable = cost["material"] + labour + 0.2
    assert cost["working_capital"] == pytest.approx(variable * 2 / 12 * 0.10)
    assert list(cost) == list(ELEMENTS)


def test_demand_above_one_line_buys_a_second_dedicated_line():
    """150k units need 2,500 h of 2,000 effective h: 2 lines dedicated, 1.25 shared."""
    dedicated = cost_breakdown(one_station(150_000), RATES)
    shared = cost_breakdown(one_station(150_000, dedicated=False), RATES)
    assert dedicated.lines_needed["press"] == 2
    assert shared.lines_needed["press"] == pytest.approx(1.25)
    ratio = shared.cost_per_body_usd["equipment"] / dedicated.cost_per_body_usd["equipment"]
    assert ratio == pytest.approx(1.25 / 2)


def test_more_scrap_raises_material_by_the_expected_amount():
    """At scrap s, 1/(1-s) blank sets per good part; each scrapped part is sold as offal."""
    base = cost_breakdown(one_station(scrap=0.0), RATES).cost_per_body_usd["material"]
    scrapped = cost_breakdown(one_station(scrap=0.2), RATES).cost_per_body_usd["material"]
    extra_sets = 1 / 0.8 - 1
    assert scrapped - base == pytest.approx(extra_sets * (9.0 - 6 * 0.25))


def test_doubling_die_life_halves_die_cost_when_wear_decides():
    short = cost_breakdown(one_station(die_life=20_000), RATES).cost_per_body_usd["tooling"]
    long = cost_breakdown(one_station(die_life=40_000), RATES).cost_per_body_usd["tooling"]
    assert short == pytest.approx(500_000 / 20_000)
    assert long == pytest.approx(short / 2)


@settings(max_examples=30, deadline=None)
@given(life=st.floats(1_000, 50_000))
def test_die_cost_per_body_halves_with_double_life(life):
    die = one_station(die_life=life)
    twice = one_station(die_life=2 * life)
    wear = 100_000 / life * 500_000
    if wear / 2 > 500_000 * crf(0.1, 5):  # wear, not time, decides at both lives
        ratio = (cost_breakdown(twice, RATES).cost_per_body_usd["tooling"]
                 / cost_breakdown(die, RATES).cost_per_body_usd["tooling"])  # fmt: skip
        assert ratio == pytest.approx(0.5)


@settings(max_examples=30, deadline=None)
@given(volume=st.floats(1_000, 100_000), factor=st.floats(1.01, 2.0))
def test_fixed_cost_per_body_falls_with_volume_on_one_line(volume, factor):
    """Within one line's capacity (<= 120k here), fixed elements dilute with volume."""
    low = cost_breakdown(one_station(volume), RATES).cost_per_body_usd
    high = cost_breakdown(one_station(min(volume * factor, 120_000)), RATES).cost_per_body_usd
    for element in ("equipment", "building", "maintenance", "direct_labour", "tooling"):
        assert high[element] < low[element]


def test_casting_alloy_pays_for_remelt_losses():
    """62 kg part, 90 kg shot, 5 % scrap, 2 % loss: 62 + 0.02 (90/0.95 - 62) kg bought."""
    step = ProcessStep(name="cell", cycle_time_s=110, oee=0.7, scrap_rate=0.05,
                       material_feed="alloy")  # fmt: skip
    inputs = RouteCostInputs(
        route="cast", annual_volume_units=1000, steps=(step,),
        material=MaterialInputs(alloy_part_kg=62, alloy_shot_kg=90, **PRICES),
    )  # fmt: skip
    breakdown = cost_breakdown(inputs, RATES)
    kg = 62 + 0.02 * (90 / 0.95 - 62)
    assert breakdown.alloy_kg_per_body == pytest.approx(kg)
    assert breakdown.cost_per_body_usd["material"] == pytest.approx(kg * 3.0)


def test_shares_add_up_to_one(welded, casting):
    for inputs in (welded, casting):
        breakdown = cost_breakdown(inputs)
        assert sum(breakdown.shares.values()) == pytest.approx(1.0)
        assert breakdown.total_usd > 0
