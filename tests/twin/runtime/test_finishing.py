"""The casting finishing chain: rejects by defect class, remelt, escapes conserved."""

from __future__ import annotations

import pytest

from lines.casting_cell import DEFECT_CLASS_NAMES, XRAY_SENSITIVITY
from lines.spec import Scenario
from twin.runtime.engine import run_replication


def chain_line(rate: float = 0.3, xray: object = None, check: object = None,
               days: float = 3.0, warmup_h: float = 0.0) -> Scenario:
    """One cell (constant defect model) -> laser trim -> dimensional check (last) -> exit."""
    block = {
        "shot_mass_kg": 90.0, "part_mass_kg": 62.0, "remelt_loss_share": 0.02,
        "furnace": {"melt_rate_kg_h": 3_500.0, "holding_capacity_kg": 8_000.0},
        "defect_model": "constant", "constant_scrap_rate": rate, "warmup_shots": 0,
        "xray_sensitivity": XRAY_SENSITIVITY if xray is None else xray,
    }
    check = {"dimensional": 1.0} if check is None else check
    return Scenario.model_validate({
        "name": "chain", "horizon_days": days, "warmup_h": warmup_h,
        "sources": [{"name": "shots", "to": "cell"}],
        "stations": [
            {"name": "cell", "cycle_time_s": 110.0, "casting_cell": block, "next": "laser"},
            {"name": "laser", "cycle_time_s": 90.0, "buffer_capacity": 3, "next": "cmm",
             "finishing": {"step": "laser_trim", "cell_station": "cell"}},
            {"name": "cmm", "cycle_time_s": 80.0, "buffer_capacity": 3,
             "finishing": {"step": "dimensional_check", "cell_station": "cell",
                           "sensitivity": check, "last_check": True}},
        ],
    })


def stations(scenario: Scenario, seed: int = 0) -> dict[str, dict[str, float]]:
    result = run_replication(scenario, 0, seed)
    return {s.name: s.extras | {"processed": s.processed, "good": s.good,
                                "scrapped": s.scrapped} for s in result.stations}


def test_xray_cannot_reject_dimensional_defects_and_the_dimensional_check_can():
    out = stations(chain_line())
    cell, cmm = out["cell"], out["cmm"]
    made = cell["defects_made_dimensional_units"]
    assert made > 50  # 30 % defects x 15 % dimensional share over ~2,350 shots
    assert cell["scrap_dimensional_units"] == 0  # X-ray blind to shape
    # sensitivity 1: every dimensional defect is caught, except the few still in the chain
    assert made - cmm["defects_in_chain_units"] <= cmm["scrap_dimensional_units"] <= made
    assert cmm["escaped_dimensional_units"] == 0  # sensitivity 1
    assert cmm["scrap_gas_porosity_units"] == 0  # the CMM does not see porosity
    seen = cell["scrap_gas_porosity_units"] / cell["defects_made_gas_porosity_units"]
    assert seen == pytest.approx(XRAY_SENSITIVITY["gas_porosity"], abs=0.03)


def test_escaped_defects_are_conserved_by_class():
    """From the start of the run: made = caught at the cell + in the chain + escaped + in chain."""
    out = stations(chain_line(check={"dimensional": 0.6, "soldering": 0.5}))
    cell, laser, cmm = out["cell"], out["laser"], out["cmm"]
    in_chain = cmm["defects_in_chain_units"]
    total = 0.0
    for name in DEFECT_CLASS_NAMES:
        made = cell[f"defects_made_{name}_units"]
        accounted = (cell[f"scrap_{name}_units"] + laser[f"scrap_{name}_units"]
                     + cmm[f"scrap_{name}_units"] + cmm[f"escaped_{name}_units"])
        assert accounted <= made <= accounted + in_chain
        total += made - accounted
    assert total == in_chain
    assert cmm["escaped_defects_units"] == sum(
        cmm[f"escaped_{name}_units"] for name in DEFECT_CLASS_NAMES)
    assert cell["escaped_defects_units"] == 0  # with a chain, the last check counts them
    share = cmm["scrap_dimensional_units"] / (
        cmm["scrap_dimensional_units"] + cmm["escaped_dimensional_units"])
    assert share == pytest.approx(0.6, abs=0.12)


def test_rejected_castings_are_remelted_and_the_metal_balance_closes():
    out = stations(chain_line())
    cell, cmm = out["cell"], out["cmm"]
    assert cell["rejected_in_chain_units"] == cmm["scrapped"] > 0
    assert cell["metal_good_castings_kg"] == pytest.approx(
        (cell["good"] - cmm["scrapped"]) * 62.0)
    rest = (cell["metal_good_castings_kg"] + cell["metal_loss_kg"] + cell["metal_remelt_kg"]
            + cell["metal_holding_change_kg"] + cell["metal_in_process_change_kg"])
    assert cell["metal_melted_kg"] == pytest.approx(rest, rel=1e-12)


def test_without_a_chain_the_cell_counts_the_escapes_by_class():
    scenario = chain_line().model_dump()
    scenario["stations"] = [scenario["stations"][0] | {"next": "exit"}]
    cell = stations(Scenario.model_validate(scenario))["cell"]
    assert cell["escaped_dimensional_units"] == cell["defects_made_dimensional_units"] > 0
    assert cell["escaped_defects_units"] == sum(
        cell[f"escaped_{name}_units"] for name in DEFECT_CLASS_NAMES)


def test_a_finishing_station_needs_a_casting_cell():
    scenario = chain_line().model_dump()
    scenario["stations"][1]["finishing"]["cell_station"] = "laser"
    with pytest.raises(ValueError, match="not a casting cell"):
        run_replication(Scenario.model_validate(scenario), 0, 0)


def test_unknown_defect_classes_are_refused_with_their_name():
    with pytest.raises(ValueError, match="porosity_x"):
        chain_line(check={"porosity_x": 1.0})
