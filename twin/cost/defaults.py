"""Hand-filled route inputs from the catalog and REFERENCE 5.2/5.3 nominal figures (no simulation).

These are what ``gigatwin cost`` prices when no simulated comparison is given, and what the
published-claim examples start from. ``inputs_from_route`` replaces cycle times, OEE, scrap
and energy with simulated values when a simulated line is available.
"""

from __future__ import annotations

import pandas as pd

from parts_catalog import Catalog, load_catalog
from twin.cost.inputs import MaterialInputs, ProcessStep, RouteCostInputs, Tooling

# Press lines of the stamping shop: capex, operators, floor space per line - assumptions (X):
# REFERENCE 6 lists BIW line capex as not public. Shared with other parts of the car, so the
# rear underbody pays only for the press time it uses (fractional lines).
PRESS_LINES = {
    "tandem": {"capex_per_line_usd": 50e6, "operators_per_shift": 4, "floor_space_m2": 2_000},
    "transfer": {"capex_per_line_usd": 25e6, "operators_per_shift": 3, "floor_space_m2": 1_200},
    "progressive": {"capex_per_line_usd": 8e6, "operators_per_shift": 2, "floor_space_m2": 500},
    "hot_stamping": {"capex_per_line_usd": 15e6, "operators_per_shift": 3, "floor_space_m2": 1_500},
}
PRESS_OEE = 0.65  # REFERENCE 5.2 (D, 0.55-0.75)
PRESS_KWH_PER_BODY = 20.0  # X: welded route press share of REFERENCE 5.2's 50 kWh per body
BODY_SHOP_KWH_PER_BODY = 30.0  # X: the rest of REFERENCE 5.2's 50 kWh
STAMPING_DIES_USD = 25e6  # REFERENCE 4.4/5.2 (X) for ~70 rear-underbody parts
STAMPING_DIES_PARTS = 70  # the part count that figure covers
GIGA_MELT_KWH_PER_KG = 0.8  # REFERENCE 1.6 (X, 0.6-1.0 kWh/kg electric melting)
GIGA_CELL_KWH_PER_SHOT = 28.0  # X: REFERENCE 1.6's ~100 kWh/shot minus melting 90 kg x 0.8


def press_seconds(catalog: Catalog, route: str) -> tuple[pd.Series, pd.Series]:
    """Press time of each stamped part of one body [s] and its press line kind."""
    table = catalog.parts_table(route)
    stamped = table[table["kind"] == "stamped"]
    seconds = 60.0 / (stamped["strokes_per_min"] * stamped["parts_per_stroke"])
    return seconds, stamped["press_kind"]


def press_steps(catalog: Catalog, route: str) -> tuple[ProcessStep, ...]:
    """One shared step per press line kind, its cycle the press time of one body's parts."""
    seconds, kinds = press_seconds(catalog, route)
    by_kind = seconds.groupby(kinds).sum()
    kwh_per_s = PRESS_KWH_PER_BODY / float(press_seconds(catalog, "welded")[0].sum())
    return tuple(
        ProcessStep(
            name=f"press_{kind}",
            cycle_time_s=float(press_s),
            oee=PRESS_OEE,
            dedicated=False,
            energy_kwh_per_unit=kwh_per_s * float(press_s),
            material_feed="sheet",
            **PRESS_LINES[str(kind)],
        )
        for kind, press_s in by_kind.items()
    )


def material_inputs(catalog: Catalog, route: str) -> MaterialInputs:
    """Blanks, offal, cast part and shot masses and bought parts of one body of ``route``."""
    table = catalog.parts_table(route)
    totals = catalog.route_totals(route)
    cast = table[table["kind"] == "cast"]
    bought = table[table["kind"] == "bought"]
    return MaterialInputs(
        sheet_blank_kg=totals.blank_mass_kg,
        sheet_offal_kg=totals.blank_scrap_kg,
        alloy_part_kg=float(cast["mass_kg"].sum()),
        alloy_shot_kg=totals.shot_mass_kg or 0.0,
        bought_parts_usd=float(bought["material_cost_usd"].sum()),
    )


def stamping_dies(catalog: Catalog, route: str, step: str) -> Tooling:
    """Stamping dies of the route's parts: REFERENCE 4.4's 25 M US$ for 70 parts, pro rata."""
    parts = catalog.route_totals(route).stamped_part_count
    capex = STAMPING_DIES_USD * min(1.0, parts / STAMPING_DIES_PARTS)
    return Tooling(name="stamping_dies", step=step, capex_usd=capex)


def body_shop_step() -> ProcessStep:
    """Welded body shop of REFERENCE 5.2: 60 s takt, OEE 0.80, 36 M US$, 8 operators."""
    return ProcessStep(
        name="body_shop",
        cycle_time_s=60.0,  # REFERENCE 5.2 (B, Volvo 60/h)
        oee=0.80,  # REFERENCE 5.2 (C)
        scrap_rate=0.005,  # REFERENCE 5.2 (X)
        capex_per_line_usd=36e6,  # REFERENCE 4.4/5.2 (X, 120 robots x 0.3 M US$)
        operators_per_shift=8.0,  # REFERENCE 5.2 (X)
        floor_space_m2=3_000.0,  # X: REFERENCE 5.2's 4,000 m2 less a press share
        energy_kwh_per_unit=BODY_SHOP_KWH_PER_BODY,
    )


def giga_cell_step() -> ProcessStep:
    """Giga-casting cell of REFERENCE 5.3: 110 s, OEE 0.70, 5 % scrap, 25 M US$, 840 m2."""
    return ProcessStep(
        name="giga_cell",
        cycle_time_s=110.0,  # REFERENCE 5.3 (B, 80-180)
        oee=0.70,  # REFERENCE 5.3 (B, derived)
        scrap_rate=0.05,  # REFERENCE 5.3 (B/A-, 2-10 %)
        capex_per_line_usd=25e6,  # REFERENCE 4.4/5.3 (X, 15-40 M)
        operators_per_shift=4.0,  # REFERENCE 5.3 (X)
        floor_space_m2=840.0,  # REFERENCE 5.3 (B, Xiaomi)
        energy_kwh_per_unit=GIGA_CELL_KWH_PER_SHOT,
        material_feed="alloy",
    )


def joining_step() -> ProcessStep:
    """Joining the casting to the rest of the body: 60 SPR/FDS joints (REFERENCE 5.3, X)."""
    return ProcessStep(
        name="joining",
        cycle_time_s=60.0,  # X: the body-shop takt
        oee=0.80,  # REFERENCE 5.2 body-shop OEE (C)
        scrap_rate=0.005,  # as the body shop (X)
        capex_per_line_usd=3e6,  # X: 10 robots x 0.3 M US$ (REFERENCE 4.4 rate)
        operators_per_shift=2.0,  # X
        floor_space_m2=500.0,  # X
        energy_kwh_per_unit=5.0,  # X
    )


def default_welded_inputs(
    catalog: Catalog | None = None, annual_volume_units: float = 250_000
) -> RouteCostInputs:
    """The welded steel route at nominal REFERENCE 5.2 rates and the catalog's parts."""
    catalog = catalog or load_catalog()
    presses = press_steps(catalog, "welded")
    return RouteCostInputs(
        route="welded",
        annual_volume_units=annual_volume_units,
        steps=(*presses, body_shop_step()),
        tooling=(stamping_dies(catalog, "welded", presses[0].name),),
        material=material_inputs(catalog, "welded"),
        source="nominal: catalog + REFERENCE 5.2",
    )


def default_casting_inputs(
    catalog: Catalog | None = None, annual_volume_units: float = 250_000
) -> RouteCostInputs:
    """The giga-casting route at nominal REFERENCE 5.3 rates and the catalog's parts."""
    catalog = catalog or load_catalog()
    presses = press_steps(catalog, "casting")
    die = Tooling(  # REFERENCE 4.4/5.3: 4 M US$ (B/X), 100,000 shots (X, 60k-150k)
        name="giga_die", step="giga_cell", capex_usd=4e6, life_units=100_000, per_line=True
    )
    return RouteCostInputs(
        route="casting",
        annual_volume_units=annual_volume_units,
        steps=(*presses, giga_cell_step(), joining_step()),
        tooling=(stamping_dies(catalog, "casting", presses[0].name), die),
        material=material_inputs(catalog, "casting"),
        melt_kwh_per_kg=GIGA_MELT_KWH_PER_KG,
        source="nominal: catalog + REFERENCE 5.3",
    )
