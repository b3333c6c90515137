"""The What-if levers: which field of which spec each input changes, with its unit (pure).

A lever reads its default from the current route specs and cost rates, so the form always
shows the values the last run used, and writes back through validated copies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from lines.routes import RouteSpec
from twin.cost import CostRates

Target = Literal["casting", "welded", "calendar", "volume", "rates", "prices"]
"""What a lever sets: a route spec field, both calendars, the demand, a cost rate, or a
material price of the parts catalog (which owns prices: the Parts page and the cost move)."""


@dataclass(frozen=True)
class Lever:
    """One input of the What-if form."""

    key: str
    label: str
    unit: str
    target: Target
    field: str
    minimum: float
    step: float
    integer: bool = False
    help: str = ""

    @property
    def title(self) -> str:
        """The input's label with its unit."""
        return f"{self.label} [{self.unit}]"


LEVERS = (
    Lever("cycle", "Giga-press cycle time", "s", "casting", "cycle_time_s", 30, 5,
          help="Mean shot-to-shot cycle of one giga press."),
    Lever("cells", "Giga-press cells", "cells", "casting", "cells", 1, 1, True),
    Lever("die_life", "Die life", "shots", "casting", "die_life_shots", 1_000, 10_000, True,
          help="Shots until the die is changed."),
    Lever("warmup", "Warm-up shots after a stop", "shots", "casting", "warmup_shots", 0, 5,
          True, help="Shots scrapped while the die heats up after a stop."),
    Lever("mtbf", "Robot-station MTBF", "h", "welded", "station_mtbf_h", 0.5, 1,
          help="Mean operating hours between failures of a robot station."),
    Lever("mttr", "Robot-station MTTR", "min", "welded", "station_mttr_min", 1, 1,
          help="Mean time to repair a robot station."),
    Lever("weld", "Weld time per spot", "s", "welded", "time_per_weld_s", 0.5, 0.5,
          help="Weld plus robot move per spot weld."),
    Lever("shifts", "Shifts per day", "shifts", "calendar", "shifts_per_day", 1, 1, True,
          help="8-hour shifts per working day, both routes."),
    Lever("volume", "Demand", "bodies/yr", "volume", "volume", 1_000, 10_000, True,
          help="Good bodies needed per year; the cost model sizes the lines for it."),
    Lever("steel", "Steel price", "US$/kg", "prices", "steel_usd_per_kg", 0.01, 0.05,
          help="Coil price of every sheet-steel grade of the catalog."),
    Lever("alloy", "Aluminium alloy price", "US$/kg", "prices", "alloy_usd_per_kg", 0.01, 0.1,
          help="Price of the casting alloy of the catalog."),
    Lever("recycled", "Recycled share of the alloy", "share", "prices", "alloy_recycled_share",
          0.0, 0.05, help="Scrap-based share of the casting alloy bought: sets its CO2e and "
          "its price along the catalog's primary/recycled mix; an alloy price entered above "
          "is applied after it (leave it at the mix price to let the share set the price)."),
    Lever("power", "Electricity price", "US$/kWh", "rates", "electricity_usd_per_kwh", 0.0,
          0.01),
)
"""The main levers, in form order."""


def lever_value(
    lever: Lever, specs: Mapping[str, RouteSpec], volume: float, rates: CostRates,
    prices: Mapping[str, float],
) -> float:
    """The lever's current value (``prices``: the catalog's, ``twin.cost.catalog_prices``)."""
    if lever.target in ("casting", "welded"):
        value = getattr(specs[lever.target], lever.field)
    elif lever.target == "calendar":
        value = getattr(specs["welded"].calendar, lever.field)
    elif lever.target == "volume":
        value = volume
    elif lever.target == "prices":
        value = prices[lever.field]
    else:
        value = getattr(rates, lever.field)
    return int(value) if lever.integer else float(value)


def apply_levers(
    specs: Mapping[str, RouteSpec], rates: CostRates, values: Mapping[str, float],
    current_prices: Mapping[str, float] | None = None,
) -> tuple[dict[str, RouteSpec], float, CostRates, dict[str, float]]:
    """New specs, volume, rates and catalog prices with every lever in ``values`` applied.

    The prices (``{"steel_usd_per_kg": ..., "alloy_usd_per_kg": ...}``, only those set) are
    applied to the parts catalog with ``Catalog.with_prices``. With ``current_prices`` (the
    catalog's now), an alloy price left unchanged while the recycled share moves is dropped,
    so the share's primary/recycled mix sets the price as well as the footprint.

    Raises:
        ValueError: a value the specs or rates reject (pydantic ``ValidationError``).
    """
    changes: dict[str, dict[str, Any]] = {"casting": {}, "welded": {}}
    rate_changes: dict[str, Any] = {}
    prices: dict[str, float] = {}
    volume = float(values.get("volume", 250_000))
    for lever in LEVERS:
        if lever.key not in values or lever.target == "volume":
            continue
        value = int(values[lever.key]) if lever.integer else float(values[lever.key])
        if lever.target in changes:
            changes[lever.target][lever.field] = value
        elif lever.target == "calendar":
            for route in changes:
                calendar = specs[route].calendar.model_dump() | {lever.field: value}
                changes[route]["calendar"] = calendar
        elif lever.target == "prices":
            if value < 0:
                raise ValueError(f"{lever.field}: a price must be >= 0, got {value}")
            if lever.field == "alloy_recycled_share" and value > 1:
                raise ValueError(f"{lever.field}: a share must be <= 1, got {value}")
            prices[lever.field] = value
        else:
            rate_changes[lever.field] = value
    if current_prices is not None and "alloy_recycled_share" in prices and (
            prices["alloy_recycled_share"] != current_prices.get("alloy_recycled_share")
            and prices.get("alloy_usd_per_kg") == current_prices.get("alloy_usd_per_kg")):
        del prices["alloy_usd_per_kg"]  # the share moved, the price was left as it was
    new_specs = {route: specs[route].with_changes(**changes[route]) for route in changes}
    new_rates = CostRates.model_validate(rates.model_dump() | rate_changes)
    return new_specs, volume, new_rates, prices
