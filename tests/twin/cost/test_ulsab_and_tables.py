"""ULSAB-style shares from the breakdown's own inputs, and the tidy CSV tables."""

import pytest

from twin.cost import CostBreakdown, cost_breakdown_table, cost_tables

# REFERENCE 4.2: ULSAB body-structure cost model, stamped parts and assembly [US$, late 1990s].
ULSAB = {
    "stamping": {"material": 352.84, "direct_labour": 35.83, "energy": 5.63, "equipment": 88.17,
                 "tooling": 51.21, "overhead_labour": 26.48, "building": 7.33,
                 "maintenance": 14.67, "working_capital": 1.40},
    "assembly": {"material": 0.49, "direct_labour": 45.06, "energy": 9.87, "equipment": 49.88,
                 "tooling": 23.40, "overhead_labour": 125.31, "building": 17.74,
                 "maintenance": 9.10, "working_capital": 0.63},
}  # fmt: skip


def ulsab(route):
    return CostBreakdown(route, 1.0, ULSAB[route], {}, {}, {})


def test_ulsab_subtotals_and_shares():
    """Subtotals 583.58 and 281.48; material is 60.5 % of stamping, overhead 44.5 % of assembly."""
    stamping, assembly = ulsab("stamping"), ulsab("assembly")
    assert stamping.total_usd == pytest.approx(583.58, abs=0.03)  # the source rounds each cell
    assert assembly.total_usd == pytest.approx(281.48, abs=0.01)
    stamping_sum = 352.84 + 35.83 + 5.63 + 88.17 + 51.21 + 26.48 + 7.33 + 14.67 + 1.40
    assert stamping.shares["material"] == pytest.approx(352.84 / stamping_sum)
    assert stamping.shares["material"] == pytest.approx(0.605, abs=0.001)
    assert assembly.shares["overhead_labour"] == pytest.approx(0.445, abs=0.001)
    body = 583.58 + 281.48 + 81.81  # + tubes and purchased parts = 946.87
    assert stamping.total_usd / body == pytest.approx(0.62, abs=0.005)
    assert assembly.total_usd / body == pytest.approx(0.30, abs=0.005)


def test_breakdown_table_rows_and_total():
    table = cost_breakdown_table([ulsab("stamping"), ulsab("assembly")])
    assert list(table.columns[:4]) == ["route", "element", "cost_per_body_usd", "share"]
    totals = table[table["element"] == "total"].set_index("route")["cost_per_body_usd"]
    assert totals["assembly"] == pytest.approx(281.48, abs=0.01)
    parts = table[table["element"] != "total"].groupby("route")["share"].sum()
    assert parts.to_list() == pytest.approx([1.0, 1.0])


def test_cost_tables_have_unit_suffixed_columns(welded, casting):
    tables = cost_tables(welded, casting, volumes=(100_000.0, 250_000.0))
    assert set(tables) >= {"cost_breakdown", "breakeven", "sensitivity", "carbon"}
    assert list(tables["sensitivity"].columns[:7]) == [
        "lever", "low_value", "high_value", "base_value", "unit",
        "cost_difference_low_usd", "cost_difference_high_usd",
    ]  # fmt: skip
    assert list(tables["carbon"].columns) == ["route", "element", "kwh_per_body",
                                              "co2e_kg_per_body"]  # fmt: skip
