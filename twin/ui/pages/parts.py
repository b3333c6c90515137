"""Parts page: the welded assembly and the casting in 3D, masses, materials and downloads.

Masses come from mesh volume x material density in the parts catalog; the 3D views draw the
same meshes, merged per sub-assembly so the legend stays short.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from twin.ui import components as ui
from twin.ui import figures, state, tables

ROUTE_TITLES = {"welded": "Welded steel assembly", "casting": "Aluminium giga-casting"}
SHOWN_COLUMNS = (
    "part_number", "name", "kind", "subassembly", "material", "thickness_mm", "mass_kg",
    "blank_mass_kg", "spot_welds_count", "material_cost_usd", "co2e_kg",
)


def show_totals(totals: pd.DataFrame) -> None:
    """Mass, part count and spot welds per route, then the mass chart and totals CSV."""
    columns = st.columns(len(totals))
    for column, row in zip(columns, totals.itertuples(), strict=True):
        column.subheader(ROUTE_TITLES.get(str(row.route), str(row.route)))
        left, middle, right = column.columns(3)
        left.metric("Mass per body", f"{row.mass_kg:.1f} kg",
                    help="Sum over the route's parts of mesh volume x material density "
                    "(parts catalog); the casting's mass counts the part, not the shot.")
        middle.metric("Parts", f"{row.part_count:d}",
                      help="Stamped, bought and cast parts of the rear underbody in the catalog.")
        right.metric("Spot welds", f"{row.spot_welds:d}",
                     help="Resistance spot welds joining the route's parts (catalog joints).")
    st.plotly_chart(figures.mass_by_route(totals), key="mass_by_route", width="stretch")
    ui.csv_download(totals, "route_totals.csv", "dl_totals")  # gigatwin parts' schema


def show_route(route: str) -> None:
    """The 3D view, the parts table and the downloads of one route."""
    cat = state.catalog()
    title = f"{ROUTE_TITLES.get(route, route)}: drag to rotate, click the legend to hide"
    st.plotly_chart(
        figures.assembly_mesh(state.assembly_groups(route), title), key=f"mesh_{route}",
        width="stretch",
    )
    parts = tables.with_units(cat.parts_table(route))
    st.dataframe(parts[list(SHOWN_COLUMNS)].round(3), hide_index=True, width="stretch")
    left, middle, right = st.columns(3)
    with left:
        ui.csv_download(parts, f"parts_{route}.csv", f"dl_parts_{route}", "Parts table (CSV)")
    middle.download_button(
        "Whole assembly (GLB)", lambda: cat.export_assembly(route), f"{route}_assembly.glb",
        mime="model/gltf-binary", key=f"dl_glb_{route}", on_click="ignore",
    )
    with right:
        stl_download(route, list(parts["part_number"]))


@st.fragment
def stl_download(route: str, numbers: list[str]) -> None:
    """Pick a part and download its mesh; a fragment: picking does not redraw the 3D views."""
    number = st.selectbox("Part for STL download", numbers, key=f"pick_{route}")
    cat = state.catalog()
    st.download_button(
        f"{number} (STL, mm)", lambda: cat.export_part(str(number), "stl"),
        f"{number}.stl", mime="model/stl", key=f"dl_stl_{route}", on_click="ignore",
    )


def render() -> None:
    """Draw the page."""
    st.title("Parts: what each body is made of")
    st.caption("Rear underbody scope; masses from geometry volume x material density.")
    show_totals(state.catalog().totals_table())
    tabs = st.tabs([ROUTE_TITLES[r] for r in ("welded", "casting")])
    for tab, route in zip(tabs, ("welded", "casting"), strict=True):
        with tab:
            show_route(route)


render()
