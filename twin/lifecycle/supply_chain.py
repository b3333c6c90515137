"""Supply-chain complexity per route from the parts catalog: "fewer parts, simpler supply chain".

Counted per body: part numbers to order and stock, dies to build and maintain (stamping die
operations plus one die per cast part), joints to make and inspect, material grades to buy,
and suppliers (the catalog's ``supplier`` of each bought part, and of the material of each
part made in-house; an empty supplier is not recorded and not counted). Every figure is a
count over the catalog's expanded parts and joins, so a catalog edit moves it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from parts_catalog import Catalog
from twin.experiments import ExperimentResult

COLUMNS = ("part_number_count", "stamped_part_count", "bought_part_count", "cast_part_count",
           "die_count", "joint_count", "adhesive_m", "material_grade_count", "supplier_count")
"""The supply-chain KPIs of ``supply_chain_table``, in column order."""


def suppliers(catalog: Catalog, route: str) -> set[str]:
    """Named suppliers of one route's body: bought parts' own, the material's otherwise."""
    names = {part.supplier if part.kind == "bought" else catalog.materials[part.material].supplier
             for part in catalog.parts(route)}
    return {name for name in names if name}


def supply_chain_kpis(catalog: Catalog, route: str) -> dict[str, float]:
    """The supply-chain counts of one route's body."""
    table = catalog.parts_table(route)
    totals = catalog.route_totals(route)
    stamped = table["kind"] == "stamped"
    cast = table["kind"] == "cast"
    return {
        "part_number_count": float(table["part_number"].nunique()),
        "stamped_part_count": float(stamped.sum()),
        "bought_part_count": float((table["kind"] == "bought").sum()),
        "cast_part_count": float(cast.sum()),
        "die_count": float(table.loc[stamped, "dies"].sum() + cast.sum()),
        "joint_count": float(sum(totals.joints_by_type.values())),
        "adhesive_m": float(totals.adhesive_m),
        "material_grade_count": float(table["material"].nunique()),
        "supplier_count": float(len(suppliers(catalog, route))),
    }


def supply_chain_table(catalog: Catalog) -> pd.DataFrame:
    """One row per route of the catalog: the supply-chain counts."""
    return pd.DataFrame([{"route": route, **supply_chain_kpis(catalog, route)}
                         for route in catalog.routes])


SIMULATED_COLUMNS = ("press_batch_moves_per_body", "kit_moves_per_body",
                     "logistics_moves_per_body", "supermarket_stock_mean_parts",
                     "supermarket_stock_mean_usd")
"""The supply-chain KPIs measured on a simulated route (means over its replications)."""


def simulated_supply_chain(experiment: ExperimentResult, catalog: Catalog,
                           route: str) -> dict[str, float]:
    """Logistics moves per good body and the supermarket stock of one simulated route.

    Press batches moved into the supermarket per good body are counted by the run (its
    put-away station's ``batches_put_away``); every body draws one kit at each kit station
    (a source linked to the supermarket as ``kits``). The stock is the time-average of the
    parts on the shelves over each run's measured period (the supermarket integrates it),
    valued at the mean material cost of the route's stamped part numbers.
    A route whose scenario has no supermarket (its parts come from an endless supply) gets
    NaN: not modelled, rather than zero.
    """
    if not any(station.supermarket is not None for station in experiment.scenario.stations):
        return dict.fromkeys(SIMULATED_COLUMNS, float("nan"))
    kits = sum(1 for source in experiment.scenario.sources
               if source.supermarket is not None and source.supermarket.role == "kits")
    batches, stock = [], []
    for result in experiment.results:
        put_away = sum(s.extras.get("batches_put_away", 0.0) for s in result.stations)
        batches.append(put_away / result.finished if result.finished else float("nan"))
        stock.append(sum(s.extras.get("stock_mean_parts", 0.0) for s in result.stations))
    table = catalog.parts_table(route)
    stamped_cost = table.loc[table["kind"] == "stamped", "material_cost_usd"]
    part_usd = float(stamped_cost.mean()) if len(stamped_cost) else 0.0
    batch_moves = float(np.mean(batches)) if batches else 0.0
    stock_parts = float(np.mean(stock)) if stock else 0.0
    return {
        "press_batch_moves_per_body": batch_moves,
        "kit_moves_per_body": float(kits),
        "logistics_moves_per_body": batch_moves + kits,
        "supermarket_stock_mean_parts": stock_parts,
        "supermarket_stock_mean_usd": stock_parts * part_usd,
    }
