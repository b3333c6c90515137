"""The Overview's paired differences and verdict on a tiny fixed pair, worked out by hand.

Three replications per route with costs chosen so the cheaper route is known by
construction, then the same pair with the routes' numbers swapped. Every figure below
(differences, the Student-t interval with t(0.975, 2) = 4.303 from the table, the decisive
element, the words "more"/"less") is computed by hand and written in, so a summary that
subtracts casting from welded, or a verdict that names the wrong route, fails.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from lines.routes import CastingRouteSpec, WeldedRouteSpec
from twin.planning import plan_summary
from twin.planning.sizing import PilotCapacity, RouteSizing
from twin.planning.summary import PLAN_KPIS
from twin.planning.verdict import ELEMENTS, plan_verdict

T_975_2 = 4.302652729911275  # Student t, 2 degrees of freedom, 97.5 % quantile (tables: 4.303)
CHEAP = {"total": [264.0, 267.0, 267.0], "material": [170.0, 172.0, 174.0]}
DEAR = {"total": [300.0, 302.0, 304.0], "material": [200.0, 202.0, 204.0]}


def replications(welded: dict, casting: dict) -> pd.DataFrame:
    """Three paired replications; every other KPI is 1 on both routes (difference 0)."""
    rows = []
    for route, costs in (("welded", welded), ("casting", casting)):
        for rep in range(3):
            row = dict.fromkeys(PLAN_KPIS, 1.0) | {"route": route, "replication": rep}
            row["demand_met"] = 1.0 if route == "welded" or rep < 2 else 0.0
            row["cost_per_body_usd"] = costs["total"][rep]
            row["material_usd_per_body"] = costs["material"][rep]
            row["direct_labour_usd_per_body"] = costs["total"][rep] - costs["material"][rep]
            for element in ELEMENTS[2:]:
                row[f"{element}_usd_per_body"] = 0.0
            rows.append(row)
    return pd.DataFrame(rows)


def sizings() -> dict[str, RouteSizing]:
    def pilot(route: str) -> PilotCapacity:
        return PilotCapacity(route, "unit", 60.0, 60.0, (59.0, 61.0), 1.0, 2)

    casting = CastingRouteSpec().with_changes(cells=2)
    welded = WeldedRouteSpec()
    return {
        "casting": RouteSizing("casting", casting, 1, 1.6, {"giga_cell": 2.0}, pilot("casting")),
        "welded": RouteSizing("welded", welded, 1, 0.9, {}, pilot("welded"),
                              rows=[{"unit": "weld robots", "installed_units": 12}]),
    }


def test_casting_minus_welded_when_casting_is_cheaper():
    row = plan_summary(replications(DEAR, CHEAP)).set_index("kpi").loc["cost_per_body_usd"]
    # differences -36, -35, -37: mean -36, sd 1, half-width 4.303 / sqrt(3) = 2.484
    assert row["welded_mean"] == pytest.approx(302.0, abs=1e-9)
    assert row["casting_mean"] == pytest.approx(266.0, abs=1e-9)
    assert row["difference_mean"] == pytest.approx(-36.0, abs=1e-9)
    half = T_975_2 / math.sqrt(3)
    assert row["difference_ci_low"] == pytest.approx(-36.0 - half, abs=1e-9)
    assert row["difference_ci_high"] == pytest.approx(-36.0 + half, abs=1e-9)
    assert row["replications_count"] == 3


def test_verdict_names_casting_cheaper_and_material_as_the_reason():
    summary = plan_summary(replications(DEAR, CHEAP))
    text = plan_verdict(summary, sizings(), None, 100_000)
    assert "A casting body costs US$ 36.0 less than a welded one" in text
    assert "(95 % CI -38.5 to -33.5, paired over 3 replications: a real difference)" in text
    assert "decided most by material (-30.0 US$ per body)" in text
    assert "the welded route needs one body line at a 60.0 s takt with 12 weld robots" in text
    assert "meets the demand in 3 of 3 replications" in text
    assert "the casting route needs 2 giga cells and meets the demand in 2 of 3" in text


def test_casting_minus_welded_when_welded_is_cheaper():
    row = plan_summary(replications(CHEAP, DEAR)).set_index("kpi").loc["cost_per_body_usd"]
    assert row["difference_mean"] == pytest.approx(36.0, abs=1e-9)
    assert row["difference_ci_low"] == pytest.approx(36.0 - T_975_2 / math.sqrt(3), abs=1e-9)
    text = plan_verdict(plan_summary(replications(CHEAP, DEAR)), sizings(), None, 100_000)
    assert "A casting body costs US$ 36.0 more than a welded one" in text
    assert "(95 % CI +33.5 to +38.5" in text
    assert "decided most by material (+30.0 US$ per body)" in text


def test_a_difference_inside_the_noise_is_called_so():
    noisy = {"total": [290.0, 310.0, 303.0], "material": [200.0, 202.0, 204.0]}
    text = plan_verdict(plan_summary(replications(DEAR, noisy)), sizings(), None, 100_000)
    # differences -10, +8, -1: mean -1, sd 9.0, CI -23.4 to +21.4 contains 0
    assert "A casting body costs US$ 1.0 less" in text
    assert "(95 % CI -23.4 to +21.4" in text
    assert "within the simulation noise" in text


def test_demand_met_share_gets_its_wilson_interval_and_no_paired_interval():
    row = plan_summary(replications(DEAR, CHEAP)).set_index("kpi").loc["demand_met"]
    # 2 of 3: Wilson centre (p + z^2/2n)/(1 + z^2/n), z = 1.95996
    z, n, p = 1.959963984540054, 3, 2 / 3
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    assert row["casting_mean"] == pytest.approx(2 / 3)
    assert row["casting_ci_low"] == pytest.approx(centre - half, abs=1e-12)
    assert row["casting_ci_high"] == pytest.approx(centre + half, abs=1e-12)
    assert row["difference_mean"] == pytest.approx(-1 / 3)
    assert math.isnan(row["difference_ci_low"])
