"""Variants page: a baseline and several variants of one route, side by side and paired.

The user edits a table (one row per variant, the first is the baseline) of the route's
levers; Run simulates every variant with the same seeds (common random numbers) on the app's
process pool, with a progress bar and a Cancel button. The analysis is ``gigatwin run A B
C``'s (:mod:`twin.ui.variants`): Bonferroni paired intervals against the baseline and the KN
indifference-zone pick. The results are drawn in a fragment, so picking another KPI to show
does not rerun the page.
"""

from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from twin.cost import catalog_prices
from twin.ui import components as ui
from twin.ui import pool, state, variants

RESULT_KEY = "variants_result"
"""Session key of the last comparison: (route, experiments, VariantComparison)."""
ROUTE_TITLES = {"casting": "Giga-casting route", "welded": "Welded route"}
KPI_LABELS = {
    "throughput_on_shift_uph": "Good bodies per on-shift hour [JPH]",
    "throughput_uph": "Good bodies per calendar hour [units/h]",
    "line_oee_share": "Line OEE [share]",
    "scrap_share": "Scrap rate [share]",
    "lead_time_mean_min": "Mean lead time [min]",
    "wip_mean_units": "Mean work in process [units]",
    "energy_kwh_per_unit": "Energy per good body [kWh/unit]",
}


def variant_form(route: str) -> tuple[pd.DataFrame, dict[str, object]] | None:
    """The variants table and the run settings; returns them when Run was pressed."""
    specs, cost = state.route_specs(), state.cost_settings()
    prices = catalog_prices(state.catalog())
    start = variants.default_table(route, specs, cost["volume"], cost["rates"], prices)
    with st.form(f"variants_{route}"):
        st.markdown("**Variants** (the first row is the baseline; add or delete rows, up to "
                    f"{variants.MAX_VARIANTS})")
        table = st.data_editor(start, num_rows="dynamic", hide_index=True, width="stretch",
                               key=f"var_table_{route}")
        a, b, c, d, e = st.columns([1, 1, 1, 2, 1])
        settings: dict[str, object] = {
            "days": a.number_input("Run length [days]", 0.5, 365.0, 2.0, 1.0, key="var_days"),
            "replications": int(b.number_input(
                "Replications", 2, 50, 5, 1, key="var_reps",
                help="First stage of every variant; the pick adds replications where it "
                     "cannot yet tell the variants apart.")),
            "seed": int(c.number_input("Seed", 0, None, 0, 1, key="var_seed")),
            "kpi": d.selectbox("Pick the best by", variants.KPI_CHOICES, key="var_kpi",
                               format_func=KPI_LABELS.get),
            "delta": e.number_input(
                "Indifference zone", 0.0, None, 0.0, key="var_delta",
                help="Differences smaller than this (in the KPI's unit) do not matter to you; "
                     "0 takes 1 % of the baseline's mean."),
        }
        pressed = st.form_submit_button("Run the variants", type="primary")
    return (table, settings) if pressed else None


def run(route: str, table: pd.DataFrame, settings: dict[str, object]) -> None:
    """Simulate every variant on the pool, analyse, and keep the result in the session."""
    try:
        specs = variants.variant_specs(route, state.route_specs(), state.cost_settings()["rates"],
                                       table)
    except ValueError as error:
        st.error(f"These variants cannot be run: {error}")
        return
    days, reps, seed = float(settings["days"]), int(settings["replications"]), int(settings["seed"])  # type: ignore[arg-type]
    scenarios = {name: state.route_scenario(spec.with_changes(horizon_days=days))
                 for name, spec in specs.items()}
    bar = st.progress(0.0, text="Simulating the variants ...")
    slot = ui.cancel_button("cancel_variants")
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        bar.progress(done / total, text=f"Simulating {len(scenarios)} variants on "
                                        f"{pool.POOL_WORKERS} workers: {done} of {total}")

    experiments = pool.run_on_pool(scenarios, reps, seed, progress)
    bar.progress(1.0, text="Picking the best (KN): adding replications where needed ...")
    kpi = str(settings["kpi"])
    kpis = [kpi, *[k for k in variants.KPI_CHOICES if k != kpi]]
    delta = float(settings["delta"]) or None  # type: ignore[arg-type]
    result = variants.compare_variants(scenarios, experiments, kpis, delta, seed,
                                       pool.TrackingExecutor(pool.app_pool()))
    slot.empty()
    bar.progress(1.0, text=f"{len(scenarios)} variants x {reps} replications simulated and "
                           f"compared in {time.perf_counter() - started:.1f} s")
    st.session_state[RESULT_KEY] = (route, experiments, result)


@st.fragment
def show_result() -> None:
    """Side by side: each variant's mean and its paired difference to the baseline."""
    stored = st.session_state.get(RESULT_KEY)
    if stored is None:
        return
    route, experiments, result = stored
    names = list(experiments)
    st.success(f"Best by {KPI_LABELS[result.kpi]}: **{result.picked}** (KN, indifference zone "
               f"{result.delta:.3g}; "
               + ("95 % sure when the best is ahead by that much)" if result.guaranteed else
                  "not guaranteed: the replication limit ran out first)"),
               icon=":material/emoji_events:")
    kpi = st.selectbox("KPI shown", variants.KPI_CHOICES, format_func=KPI_LABELS.get,
                       key="var_show_kpi", help="Changing it redraws only this part.")
    paired = result.paired.set_index(["variant", "kpi"])
    columns = st.columns(len(names))
    for column, name in zip(columns, names, strict=True):
        line = experiments[name].summary.query("scope == 'line' and kpi == @kpi").iloc[0]
        column.markdown(f"**{name}**" + (" (baseline)" if name == names[0] else ""))
        column.metric(KPI_LABELS[kpi], f"{line['mean']:.3g}",
                      help="Mean over the replications, 95 % Student-t interval below.")
        column.caption(ui.ci_text(float(line["ci_low"]), float(line["ci_high"]), 3, ""))
        if name != names[0]:
            row = paired.loc[(name, kpi)]
            column.metric("Δ against the baseline", f"{row['mean_difference']:+.3g}",
                          help="Variant - baseline over paired replications (common random "
                               "numbers); Bonferroni interval over all variants below.")
            column.caption(f"{row['confidence_each']:.1%} CI: {row['ci_low']:+.3g} to "
                           f"{row['ci_high']:+.3g}" + (" (differs)" if row["differs"] else ""))
    left, right = st.columns(2)
    with left:
        ui.csv_download(result.paired, "variants.csv", "dl_variants", "Paired differences (CSV)")
    with right:
        ui.csv_download(result.selection, "selection.csv", "dl_selection", "The pick (CSV)")
    st.caption(f"{ROUTE_TITLES[route]}; the columns are those of `gigatwin run A B C`'s "
               "variants.csv and selection.csv.")


def render() -> None:
    """Draw the page."""
    st.title("Variants: which setting of a route is best?")
    st.caption("A baseline (the What-if values) and up to five variants of one route, run "
               "with the same random numbers and compared pairwise, as `gigatwin run A B C`.")
    route = st.radio("Route", tuple(ROUTE_TITLES), format_func=ROUTE_TITLES.get,
                     horizontal=True, key="var_route")
    submitted = variant_form(route)
    ui.stop_if_cancelled()
    if submitted is not None:
        run(route, *submitted)
    show_result()


render()
