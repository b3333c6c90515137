"""The car page: what the lighter body does to energy use, range and battery, and lifecycle CO2e.

Both routes' cars at the vehicle defaults (``lines.vehicle.VehicleSpec``): the mass
difference from the parts catalog, production CO2e per body from the cost model on the
simulated routes, the use phase over the lifetime, and the break-even distance with its
Monte Carlo interval. Method and sources: docs/background/lifecycle.md.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go
import streamlit as st

from lines.vehicle import VehicleSpec
from twin import comparison
from twin.lifecycle import (
    RouteLifecycle,
    break_even_interval,
    cumulative_co2e_table,
    lifecycle_from_costs,
    monte_carlo,
    supply_chain_table,
)
from twin.ui import components as ui
from twin.ui import figures, state


def cumulative_chart(life: RouteLifecycle) -> go.Figure:
    """Cumulative CO2e of both routes' cars over km, the break-even marked when it is reached."""
    curves = cumulative_co2e_table(life)
    fig = go.Figure()
    for route, rows in curves.groupby("route", sort=False):
        fig.add_scatter(x=rows["distance_km"], y=rows["cumulative_co2e_kg"], mode="lines",
                        name=comparison.ROUTE_LABELS.get(str(route), str(route)),
                        line={"color": figures.ROUTE_COLOURS.get(str(route), "#888"),
                              "width": 2.5})
    if life.break_even.status == "within_lifetime":
        fig.add_vline(x=life.break_even.distance_km, line_dash="dash", line_color="#555")
    fig.update_layout(title="Body CO2e over the car's life: production, then use",
                      xaxis_title="distance driven [km]",
                      yaxis_title="cumulative CO2e of what differs [kg]",
                      legend={"orientation": "h", "y": -0.25}, **figures.LAYOUT)
    return fig


def _km(value: float) -> str:
    return "never" if math.isinf(value) else f"{value:,.0f} km"


def render() -> None:
    """Draw the page."""
    st.title("The car: energy, range, battery and lifecycle CO2e")
    vehicle = VehicleSpec()
    st.caption(f"A {vehicle.reference_energy_kwh_per_100km:g} kWh/100 km car with a "
               f"{vehicle.battery_usable_kwh:g} kWh battery, {vehicle.lifetime_km:,.0f} km, "
               f"charged at {vehicle.use_grid_kg_co2e_per_kwh:g} kg CO2e/kWh; mass "
               f"sensitivity {vehicle.mass_sensitivity_kwh_per_100km_per_100kg:g} kWh/100 km "
               "per 100 kg (Weiss et al. 2020). Only what differs between the bodies is counted.")
    experiments = ui.run_routes(state.route_specs(), state.route_run())
    costs = ui.route_costs(experiments)
    cat = state.catalog()
    masses = {r: cat.route_totals(r).mass_kg for r in comparison.ROUTES}
    life = lifecycle_from_costs(masses, costs.scenario, vehicle, cat)
    light = life.energy[life.break_even.lighter_route]
    left, middle, right = st.columns(3)
    left.metric("Energy saved", f"{light.energy_saving_kwh_per_100km:.3f} kWh/100 km",
                help=f"{light.route} body {light.mass_saving_kg:.1f} kg lighter")
    middle.metric("Range at equal battery", f"{light.range_km_at_equal_battery:,.1f} km",
                  help="Extra range of the lighter body with the same battery, from its energy "
                  "saving per 100 km (Weiss et al. 2020).")
    right.metric("Battery saved at equal range",
                 f"{light.battery_kwh_saved_at_equal_range:.2f} kWh",
                 help=f"US$ {light.battery_usd_saved_at_equal_range:,.0f} at "
                      f"{vehicle.battery_usd_per_kwh:g} US$/kWh")
    st.plotly_chart(cumulative_chart(life), key="car_cumulative", width="stretch")
    interval = break_even_interval(monte_carlo(life, 2_000, seed=0))
    st.markdown(
        f"**Break-even distance: {life.break_even.label}.** Monte Carlo over the parameter "
        f"ranges (2,000 draws): P10 {_km(interval['break_even_p10_km'])}, P50 "
        f"{_km(interval['break_even_p50_km'])}, P90 {_km(interval['break_even_p90_km'])}; "
        f"repaid within the lifetime in {100 * interval['repays_within_lifetime_share']:.0f} % "
        "of the draws. The alloy's recycled share (What-if) moves it most.")
    st.subheader("Supply chain per body")
    ui.table_with_download(supply_chain_table(cat), "supply_chain.csv", "dl_supply_chain")


render()
