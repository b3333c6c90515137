"""The comparison table and verdict on a tiny fixed pair whose cheaper route is known.

Two deterministic one-station lines stand in for the routes (a 60 s and a 45 s cycle: 60 and
80 good bodies per on-shift hour, exactly), and the cost breakdowns are written by hand, so
every difference (casting - welded) and every word of the verdict is known in advance, for
both signs.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from scenario_builders import line

from twin.comparison import Costs, comparison_table, csv_table, significant, verdict
from twin.cost import CostBreakdown
from twin.experiments.replications import run_experiment


def experiment(cycle_s: float):
    scenario = line([{"name": "cell", "cycle_time_s": cycle_s}], horizon_days=0.5, warmup_h=1)
    return run_experiment(scenario, replications=2, seed=4)


def breakdown(route: str, material: float, labour: float) -> CostBreakdown:
    return CostBreakdown(route, 100_000.0, {"material": material, "direct_labour": labour},
                         {}, {}, {"press": 10.0, "cell": 5.0})


def costs(welded: tuple[float, float], casting: tuple[float, float]) -> Costs:
    breakdowns = {"welded": breakdown("welded", *welded),
                  "casting": breakdown("casting", *casting)}
    return Costs(breakdowns, {"welded": 500.0, "casting": 450.0}, None)  # type: ignore[arg-type]


EXPERIMENTS = {"welded": experiment(60.0), "casting": experiment(45.0)}
MASSES = {"welded": 79.1, "casting": 64.3}


def test_table_differences_are_casting_minus_welded():
    table = comparison_table(EXPERIMENTS, MASSES, costs((200.0, 100.0), (170.0, 94.0)))
    rows = table.set_index("kpi")
    assert rows.loc["throughput_on_shift_uph", "welded_mean"] == pytest.approx(60.0)
    assert rows.loc["throughput_on_shift_uph", "casting_mean"] == pytest.approx(80.0)
    assert rows.loc["throughput_on_shift_uph", "difference_mean"] == pytest.approx(20.0)
    assert rows.loc["mass_kg", "difference_mean"] == pytest.approx(64.3 - 79.1)
    assert rows.loc["cost_usd", "welded_mean"] == pytest.approx(300.0)
    assert rows.loc["cost_usd", "difference_mean"] == pytest.approx(-36.0)
    assert rows.loc["energy_kwh", "difference_mean"] == pytest.approx(0.0)
    assert rows.loc["co2e_kg", "difference_mean"] == pytest.approx(-50.0)
    assert math.isnan(rows.loc["cost_usd", "difference_ci_low"])


def test_verdict_names_casting_when_casting_is_cheaper():
    pair = costs((200.0, 100.0), (170.0, 94.0))  # 300 against 264
    text = verdict(comparison_table(EXPERIMENTS, MASSES, pair), pair)
    assert text.startswith("The casting route is cheaper by US$ 36 per body at 100,000 bodies")
    assert "the largest single difference is material (casting - welded: US$ -30 per body)" in text
    assert "the casting route makes +20.0 good bodies per on-shift hour" in text


def test_verdict_names_welded_when_welded_is_cheaper():
    pair = costs((170.0, 94.0), (200.0, 100.0))  # 264 against 300
    text = verdict(comparison_table(EXPERIMENTS, MASSES, pair), pair)
    assert text.startswith("The welded route is cheaper by US$ 36 per body")
    assert "the largest single difference is material (casting - welded: US$ +30 per body)" in text


def test_the_whole_verdict_sentence_by_hand():
    pair = costs((200.0, 100.0), (170.0, 94.0))
    text = verdict(comparison_table(EXPERIMENTS, MASSES, pair), pair)
    # deterministic lines: both replications alike, so the paired interval is [20, 20]
    assert text == (
        "The casting route is cheaper by US$ 36 per body at 100,000 bodies a year; the largest "
        "single difference is material (casting - welded: US$ -30 per body). On the line, at "
        "installed capacity the casting route makes +20.0 good bodies per on-shift hour (a real "
        "difference: 95 % CI +20.0 to +20.0).")


def test_a_welded_route_cheaper_by_cents_is_named_cheaper():
    pair = costs((200.0, 100.0), (200.0, 100.4))  # casting dearer by 0.40 US$
    text = verdict(comparison_table(EXPERIMENTS, MASSES, pair), pair)
    assert text.startswith("The welded route is cheaper by US$ 0 per body")


@pytest.mark.parametrize(("low", "high", "real"), [
    (-3.0, -1.0, True), (1.0, 3.0, True), (-1.0, 1.0, False), (0.0, 2.0, False),
    (-2.0, 0.0, False), (0.5, 0.9, True), (math.nan, math.nan, False),
])
def test_significant_means_the_interval_excludes_zero(low, high, real):
    row = pd.Series({"difference_ci_low": low, "difference_ci_high": high})
    assert significant(row) is real


def test_every_row_has_its_label_unit_and_decimals():
    table = comparison_table(EXPERIMENTS, MASSES, costs((200.0, 100.0), (170.0, 94.0)))
    got = {r.kpi: (r.label, r.unit, r.digits) for r in table.itertuples()}
    assert got == {
        "throughput_on_shift_uph": ("Good bodies per on-shift hour", "JPH", 1),
        "line_oee_share": ("OEE", "%", 1), "scrap_share": ("Scrap", "%", 2),
        "mass_kg": ("Mass per body", "kg", 1), "cost_usd": ("Cost per body", "US$", 0),
        "energy_kwh": ("Energy per body", "kWh", 0), "co2e_kg": ("CO2e per body", "kg", 0)}
    assert not {"label", "digits"} & set(csv_table(table).columns)
    assert list(csv_table(table).columns[:2]) == ["kpi", "unit"]


def test_share_rows_are_shown_in_percent_with_their_paired_difference():
    rows = comparison_table(EXPERIMENTS, MASSES, costs((200.0, 100.0), (170.0, 94.0))).set_index(
        "kpi")
    # one station at its nominal cycle, no stops, no scrap: line OEE 100 %, scrap 0 %
    assert rows.loc["line_oee_share", "welded_mean"] == pytest.approx(100.0)
    assert rows.loc["line_oee_share", "casting_ci_high"] == pytest.approx(100.0)
    assert rows.loc["line_oee_share", "difference_mean"] == pytest.approx(0.0, abs=1e-9)
    assert rows.loc["throughput_on_shift_uph", "difference_ci_low"] == pytest.approx(20.0)
    assert rows.loc["throughput_on_shift_uph", "difference_ci_high"] == pytest.approx(20.0)
    assert rows.loc["scrap_share", "casting_mean"] == 0.0


def test_a_difference_inside_the_noise_is_called_so():
    pair = costs((200.0, 100.0), (170.0, 94.0))
    table = comparison_table(EXPERIMENTS, MASSES, pair).set_index("kpi")
    table.loc["throughput_on_shift_uph", ["difference_ci_low", "difference_ci_high"]] = [-1, 3]
    text = verdict(table.reset_index(), pair)
    assert text.endswith("+20.0 good bodies per on-shift hour (within the noise: 95 % CI "
                         "-1.0 to +3.0).")
    assert "largest single difference is material (casting" in text
