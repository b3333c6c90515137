"""The comparison's plumbing on typed-in inputs: which route's spec and run each cost step gets,
every cell of the KPI table in display units, and a verdict whose decisive element is two words.

``test_verdict_oracle.py`` runs two real one-station lines, whose OEE and scrap do not differ
between the routes (100 % and 0 % both), so a difference row's scaling to percent is invisible
there. Here the experiments' line summaries and their paired differences are typed in (the
paired-difference statistics are ``twin.experiments``' own, tested there), so every scaled cell
is known by hand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import pytest

import twin.comparison.table as table_module
from twin.comparison import Costs, comparison_table, route_costs, verdict
from twin.cost import CostBreakdown


def test_route_costs_give_each_route_its_own_spec_and_run_and_share_catalog_volume_rates(
        monkeypatch):
    # the cost model's three steps replaced by recorders: each returns what it was given
    monkeypatch.setattr(table_module, "inputs_from_route",
                        lambda spec, catalog, run, volume: ("inputs", spec, catalog, run, volume))
    monkeypatch.setattr(table_module, "cost_breakdown",
                        lambda inputs, rates: ("breakdown", inputs, rates))
    monkeypatch.setattr(table_module, "co2e_kg_per_body",
                        lambda breakdown, rates: ("co2e", breakdown, rates))
    specs = {"welded": "welded spec", "casting": "casting spec"}
    runs = {"welded": "welded run", "casting": "casting run"}
    costs = route_costs(specs, runs, "catalog", 250_000, "rates")  # type: ignore[arg-type]
    welded_in = ("inputs", "welded spec", "catalog", "welded run", 250_000)
    casting_in = ("inputs", "casting spec", "catalog", "casting run", 250_000)
    assert costs.breakdowns == {"welded": ("breakdown", welded_in, "rates"),
                                "casting": ("breakdown", casting_in, "rates")}
    assert costs.co2e_kg == {"welded": ("co2e", ("breakdown", welded_in, "rates"), "rates"),
                             "casting": ("co2e", ("breakdown", casting_in, "rates"), "rates")}
    assert (costs.scenario.welded, costs.scenario.casting, costs.scenario.rates) == (
        welded_in, casting_in, "rates")


@dataclass(frozen=True)
class TypedRun:
    """Stands in for an ``ExperimentResult``: only its line summary is read by the table."""

    summary: pd.DataFrame


def line_summary(values: dict[str, tuple[float, float, float]]) -> pd.DataFrame:
    return pd.DataFrame([{"scope": "line", "kpi": kpi, "mean": m, "ci_low": lo, "ci_high": hi}
                         for kpi, (m, lo, hi) in values.items()]
                        # a station row of the same KPI, which the table must not pick
                        + [{"scope": "press", "kpi": "line_oee_share", "mean": 0.5,
                            "ci_low": 0.4, "ci_high": 0.6}])


WELDED = TypedRun(line_summary({"throughput_on_shift_uph": (60.0, 58.0, 62.0),
                                "line_oee_share": (0.80, 0.75, 0.85),
                                "scrap_share": (0.020, 0.015, 0.025)}))
CASTING = TypedRun(line_summary({"throughput_on_shift_uph": (55.0, 52.0, 58.0),
                                 "line_oee_share": (0.70, 0.66, 0.74),
                                 "scrap_share": (0.050, 0.040, 0.060)}))
# casting - welded, paired over replications: as ``twin.experiments.compare`` reports them
DIFFERENCES = pd.DataFrame([
    {"kpi": "throughput_on_shift_uph", "mean_difference": -5.0, "ci_low": -7.0, "ci_high": -3.0},
    {"kpi": "line_oee_share", "mean_difference": -0.10, "ci_low": -0.12, "ci_high": -0.08},
    {"kpi": "scrap_share", "mean_difference": 0.030, "ci_low": 0.020, "ci_high": 0.040},
])


def breakdown(route: str, material: float, labour: float,
              kwh: dict[str, float]) -> CostBreakdown:
    return CostBreakdown(route, 100_000.0, {"material": material, "direct_labour": labour},
                         {}, {}, kwh)


def typed_costs(welded: tuple[float, float], casting: tuple[float, float]) -> Costs:
    return Costs({"welded": breakdown("welded", *welded, {"press": 12.0, "body shop": 30.0}),
                  "casting": breakdown("casting", *casting, {"cell": 50.0, "heat": 7.5})},
                 {"welded": 410.0, "casting": 380.0}, None)  # type: ignore[arg-type]


@pytest.fixture
def typed_table(monkeypatch) -> pd.DataFrame:
    def compare(baseline, alternative):
        assert (baseline, alternative) == (WELDED, CASTING)  # welded is the baseline
        return DIFFERENCES

    monkeypatch.setattr(table_module, "compare", compare)
    runs = {"welded": WELDED, "casting": CASTING}
    return comparison_table(runs, {"welded": 80.0, "casting": 62.5},  # type: ignore[arg-type]
                            typed_costs((200.0, 100.0), (170.0, 94.0)))


STATISTICS = ["welded_mean", "welded_ci_low", "welded_ci_high", "casting_mean",
              "casting_ci_low", "casting_ci_high", "difference_mean", "difference_ci_low",
              "difference_ci_high"]


def test_simulated_rows_show_means_intervals_and_differences_in_display_units(typed_table):
    rows = typed_table.set_index("kpi")[STATISTICS]
    # JPH as is; OEE and scrap as percent (x 100) in every column, the difference included
    assert rows.loc["throughput_on_shift_uph"].tolist() == pytest.approx(
        [60.0, 58.0, 62.0, 55.0, 52.0, 58.0, -5.0, -7.0, -3.0])
    assert rows.loc["line_oee_share"].tolist() == pytest.approx(
        [80.0, 75.0, 85.0, 70.0, 66.0, 74.0, -10.0, -12.0, -8.0])
    assert rows.loc["scrap_share"].tolist() == pytest.approx(
        [2.0, 1.5, 2.5, 5.0, 4.0, 6.0, 3.0, 2.0, 4.0])


def test_fixed_rows_show_each_routes_value_and_the_difference_without_interval(typed_table):
    rows = typed_table.set_index("kpi")
    means = rows[["welded_mean", "casting_mean", "difference_mean"]]
    assert means.loc["mass_kg"].tolist() == pytest.approx([80.0, 62.5, -17.5])
    assert means.loc["cost_usd"].tolist() == pytest.approx([300.0, 264.0, -36.0])
    # energy: the sum of each route's kWh per body, 12 + 30 = 42 and 50 + 7.5 = 57.5
    assert means.loc["energy_kwh"].tolist() == pytest.approx([42.0, 57.5, 15.5])
    assert means.loc["co2e_kg"].tolist() == pytest.approx([410.0, 380.0, -30.0])
    for kpi in ("mass_kg", "cost_usd", "energy_kwh", "co2e_kg"):
        interval = rows.loc[kpi, [s for s in STATISTICS if "_ci_" in s]]
        assert all(math.isnan(v) for v in interval), kpi


def test_the_table_has_exactly_the_documented_columns(typed_table):
    # what the app shows and the CSV download (less label and digits) carries, in this order
    assert list(typed_table.columns) == ["kpi", "label", "unit", "digits", *STATISTICS]


def test_verdict_spells_a_two_word_cost_element_with_a_space():
    # casting cheaper by 300 - 250 = 50 US$; labour moved most: 60 - 100 = -40 US$
    pair = typed_costs((200.0, 100.0), (190.0, 60.0))
    # the two rows of the comparison table the verdict reads, typed in
    rows = pd.DataFrame([
        {"kpi": "cost_usd", "difference_mean": -50.0},
        {"kpi": "throughput_on_shift_uph", "difference_mean": -5.0, "difference_ci_low": -7.0,
         "difference_ci_high": -3.0},
    ])
    text = verdict(rows, pair)
    assert text == (
        "The casting route is cheaper by US$ 50 per body at 100,000 bodies a year; the largest "
        "single difference is direct labour (casting - welded: US$ -40 per body). On the line, "
        "at installed capacity the casting route makes -5.0 good bodies per on-shift hour (a "
        "real difference: 95 % CI -7.0 to -3.0).")
