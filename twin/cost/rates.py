"""Cost, energy and carbon rates: every rate the cost model uses, with its sourced default.

Sources are given as "sources §x.y (T)": section x.y of docs/background/sources.md (the
published figures behind the defaults) with its confidence tag T (A independent ... X our own
assumption). A rate without a public source says "assumption (X)" and is meant to be changed.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Share = Annotated[float, Field(ge=0.0, le=1.0)]
Price = Annotated[float, Field(ge=0.0)]
Life = Annotated[float, Field(gt=0.0)]


_CATALOG = ("is the parts catalog's (each grade in parts_catalog/data/materials.yaml); set "
            "it with the steel_price or alloy_price lever of a claim file, or Catalog.with_prices")
MOVED_FIELDS = {
    "steel_usd_per_kg": _CATALOG,
    "alloy_usd_per_kg": _CATALOG,
    "offal_credit_usd_per_kg": _CATALOG,
    "steel_kg_co2e_per_kg": _CATALOG,
    "remelt_loss_share": "is the casting route's (remelt_loss_share in the route file)",
    "recycled_al_share": "is the casting alloy's (alloy_mix.recycled_share of its grade in "
                         "parts_catalog/data/materials.yaml); set it with the recycled_al_share "
                         "lever of a claim file, or Catalog.with_recycled_share",
    "primary_al_kg_co2e_per_kg": "is the casting alloy's (alloy_mix of its catalog grade)",
    "recycled_al_kg_co2e_per_kg": "is the casting alloy's (alloy_mix of its catalog grade)",
}
"""Figures that are no longer rates, and where each one lives now (one owner each)."""


class CostRates(BaseModel):
    """Economic rates of one scenario, in US$ of price year 2025 (sources §4.4 was compiled then).

    Material prices and footprints are not here: the parts catalog owns them (each grade's
    ``price_usd_per_kg``, ``scrap_credit_usd_per_kg``, ``co2e_kg_per_kg``; the casting alloy's
    price and footprint derive from its ``alloy_mix`` recycled share), and the remelt loss
    belongs to the casting route spec; the cost inputs carry them from there.

    Every field is a scenario parameter: change it with ``rates.model_copy(update=...)`` or
    ``CostRates(**fields)`` (the latter validates). A negative price, a share above one or a
    life of zero years is rejected with an error naming the field.

    Examples:
        >>> CostRates().cost_of_capital
        0.1
        >>> CostRates(labour_usd_per_h=30.0).labour_usd_per_h
        30.0
    """

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    currency: Literal["USD"] = Field("USD", description="Currency of every cost figure.")
    price_year: int = Field(
        2025, ge=1990, le=2100, description="Price year of the defaults (sources §4.4, 2025)."
    )
    cost_of_capital: Share = Field(
        0.10, description="Cost of capital [1/yr]; sources §4.4/5.1 (X, PBCM convention, 6-12 %)."
    )
    equipment_life_years: Life = Field(
        10.0, description="Life of presses, cells and robots [yr]; sources §4.4 (X, 7-15)."
    )
    building_life_years: Life = Field(
        25.0, description="Life of the building [yr]; sources §4.4 (X)."
    )
    tooling_life_years: Life = Field(
        5.0,
        description="Longest a die set is used: one model life [yr]; assumption (X). Stamping "
        "dies are written off over it; a giga die over its shots, or over it at low volume.",
    )
    electricity_usd_per_kwh: Price = Field(
        0.12, description="Electricity price [US$/kWh]; sources §4.4/5.1 (A-, 0.08-0.20)."
    )
    labour_usd_per_h: Price = Field(
        50.0, description="Fully loaded direct labour [US$/h]; sources §4.4/5.1 (X, 10-70)."
    )
    overhead_labour_ratio: Price = Field(
        1.88,
        description="Indirect (overhead) labour cost per US$ of direct labour; sources §4.2 "
        "(A-, derived: ULSAB overhead 26.48 + 125.31 over direct 35.83 + 45.06 US$).",
    )
    maintenance_share_per_year: Share = Field(
        0.05, description="Maintenance per year as a share of equipment capex; sources §4.4 (X)."
    )
    building_usd_per_m2: Price = Field(
        2_500.0, description="Building cost [US$/m2]; sources §4.4 (X, 1,500-4,000)."
    )
    working_capital_months: Annotated[float, Field(ge=0.0, le=24.0)] = Field(
        1.0,
        description="Months of variable cost tied up as working capital; assumption (X; the "
        "ULSAB figures of sources §4.2 imply 0.4-1.4 months at 10 %).",
    )
    grid_kg_co2e_per_kwh: Price = Field(
        0.40,
        description="Grid carbon intensity [kg CO2e/kWh]; assumption (X: no grid figure in "
        "the sources; order of a European average grid - set the plant's own).",
    )

    @model_validator(mode="before")
    @classmethod
    def _no_moved_fields(cls, data: object) -> object:
        """Say where a figure went that older rates files still set (not a bare 'extra')."""
        moved = sorted(set(data) & set(MOVED_FIELDS)) if isinstance(data, dict) else []
        if moved:
            raise ValueError("; ".join(f"{name}: {MOVED_FIELDS[name]}" for name in moved))
        return data
