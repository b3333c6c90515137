"""Variants against a baseline: the table's checks, the paired analysis, the pick, the page."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lines.routes import build_route_scenario
from parts_catalog import load_catalog
from tests.app.conftest import REPO, SHORT_PLAN, TIMEOUT_S
from twin import comparison, run_experiments
from twin.cost import CostRates, catalog_prices
from twin.experiments import replications_table
from twin.ui import variants

CATALOG = load_catalog()
SPECS = comparison.default_specs()


def table(route: str = "casting") -> pd.DataFrame:
    return variants.default_table(route, SPECS, 250_000.0, CostRates(), catalog_prices(CATALOG))


def test_the_default_table_starts_at_the_session_values_with_two_variants():
    casting = table()
    assert list(casting["variant"]) == ["baseline", "giga-press cycle time 99 s",
                                        "giga-press cells 4 cells"]
    assert casting.loc[0, "Giga-press cycle time [s]"] == SPECS["casting"].cycle_time_s
    assert list(table("welded").columns) == [
        "variant", "Robot-station MTBF [h]", "Robot-station MTTR [min]",
        "Weld time per spot [s]", "Shifts per day [shifts]"]


def test_each_row_becomes_the_routes_spec_with_its_levers_set():
    specs = variants.variant_specs("casting", SPECS, CostRates(), table())
    assert list(specs) == ["baseline", "giga-press cycle time 99 s", "giga-press cells 4 cells"]
    assert specs["baseline"] == SPECS["casting"].with_changes(
        calendar=SPECS["casting"].calendar.model_dump())
    assert specs["giga-press cycle time 99 s"].cycle_time_s == 99.0
    assert specs["giga-press cells 4 cells"].cells == 4


@pytest.mark.parametrize(("change", "message"), [
    (lambda t: t.iloc[:1], "give between 2 and 6 variants"),
    (lambda t: pd.concat([t, t, t]), "give between 2 and 6 variants"),
    (lambda t: t.assign(variant=["baseline", "baseline", "x"]), "row 2 'baseline': the name is"),
    (lambda t: t.assign(variant=["baseline", "", "x"]), "row 2: give the variant a name"),
    (lambda t: t.assign(**{"Giga-press cells [cells]": [3, 0, 3]}),
     "row 2 'giga-press cycle time 99 s': Giga-press cells [cells]: must be >= 1"),
    (lambda t: t.assign(**{"Giga-press cycle time [s]": [110.0, float("nan"), 110.0]}),
     "Giga-press cycle time [s]: give a finite number"),
])
def test_a_bad_row_is_refused_naming_it(change, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        variants.variant_specs("casting", SPECS, CostRates(), change(table()))


def test_the_analysis_is_paired_bonferroni_and_picks_the_clear_best():
    specs = variants.variant_specs("casting", SPECS, CostRates(), table())
    scenarios = {name: build_route_scenario(spec.with_changes(horizon_days=0.5), CATALOG)
                 for name, spec in specs.items()}
    runs = run_experiments(scenarios, 4, 3)
    kpi = "throughput_on_shift_uph"
    result = variants.compare_variants(scenarios, runs, [kpi, "scrap_share"], None, 3)
    rows = result.paired.set_index(["variant", "kpi"])
    base = replications_table(runs["baseline"].results)[kpi]
    for name in list(specs)[1:]:
        hand = (replications_table(runs[name].results)[kpi] - base).mean()  # paired, by rep
        assert rows.loc[(name, kpi), "mean_difference"] == pytest.approx(hand, rel=1e-12)
        assert rows.loc[(name, kpi), "confidence_each"] == pytest.approx(1 - 0.05 / 2)
    # a fourth cell adds a third more press capacity to a press-bound line: clearly best
    assert result.picked == "giga-press cells 4 cells"
    assert result.delta == pytest.approx(0.01 * base.mean())
    assert set(result.selection["variant"]) == set(specs)
    assert result.selection.set_index("variant").loc[result.picked, "picked"]


def test_the_page_runs_the_variants_and_shows_them_side_by_side():
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT_S)
    at.session_state["plan_run"] = SHORT_PLAN
    at.switch_page("twin/ui/pages/variants.py").run()
    at.number_input(key="var_days").set_value(0.5)
    at.number_input(key="var_reps").set_value(3)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "giga-press cells 4 cells" in at.success[0].value
    labels = [m.label for m in at.main.metric]
    assert labels.count("Δ against the baseline") == 2
    assert {b.label for b in at.main.download_button} == {"Paired differences (CSV)",
                                                         "The pick (CSV)"}
    shown = at.main.metric[0].value
    at.selectbox(key="var_show_kpi").set_value("scrap_share").run()
    assert at.main.metric[0].value != shown  # another KPI, same runs (no new simulation)
