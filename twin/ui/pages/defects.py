"""Defects page: how good the casting defect model is, the process window, simulated scrap.

The model is scored on freshly generated shots whose true probability is known, so its ROC
AUC and Brier score sit next to the best any model could reach on the same shots.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st

from ml import (
    FEATURE_SPECS,
    MAP_PARAMETERS,
    ShotDataError,
    TrainingResult,
    fit_and_evaluate,
    generate_shots,
    read_shot_csv,
    save_model,
)
from twin.ui import components as ui
from twin.ui import figures, state, tables

OWN_MODEL_KEY = "defects_own_model"
"""Session key of the model trained on this page: {"path": model file, "result": TrainingResult}."""
UPLOAD_KEY = "defects_shots"
"""Session key of the shot file to train on: (CSV bytes, file name)."""
FEATURE_COST_SHOTS = 20_000
"""Generated shots for the missing-feature cost on the page (the CLI default is 40,000)."""
FEATURE_COST_KEY = "defects_feature_cost_shots"
"""Session key overriding ``FEATURE_COST_SHOTS`` (tests use fewer shots)."""

MAP_CHOICES = tuple(
    spec.name for spec in FEATURE_SPECS if not spec.name.startswith("die_temp_prev")
)
SPECS = {spec.name: spec for spec in FEATURE_SPECS}


def label(name: str) -> str:
    """A process parameter's description with its unit, e.g. ``cavity vacuum [mbar]``."""
    spec = SPECS[name]
    unit = spec.unit.replace("degC", "°C")
    return f"{spec.description} [{unit}]" if unit else spec.description


def show_scores(scores: pd.DataFrame, calibration: pd.DataFrame) -> None:
    """Scrap AUC and Brier of the model against the truth, the calibration curve and CSVs."""
    scrap = scores[scores["target"] == "scrap"].set_index("scorer")
    columns = st.columns(4)
    columns[0].metric("ROC AUC of the model", f"{scrap.loc['model', 'roc_auc']:.3f}",
                      help="Chance that a scrapped shot gets a higher predicted probability than "
                      "a good one (0.5: a coin toss, 1: perfect ranking).")
    columns[1].metric("Best possible ROC AUC", f"{scrap.loc['truth', 'roc_auc']:.3f}",
                      help="The same score for the generator's true probability: no model can "
                      "rank these shots better.")
    columns[2].metric("Brier score of the model", f"{scrap.loc['model', 'brier_score']:.4f}",
                      help="Mean squared difference between predicted probability and outcome "
                      "(0/1); lower is better.")
    observed = scrap.loc["model", "observed_scrap_share"]
    columns[3].metric("Observed scrap rate", f"{100 * observed:.1f} %",
                      help="Share of the held-out shots that were scrap.")
    st.caption(
        "Scored on 20,000 generated shots the model never saw; 'best possible' is the "
        "generator's true probability. Lower Brier is better; AUC 0.5 is a coin toss."
    )
    st.plotly_chart(figures.calibration_curve(calibration), key="calibration", width="stretch")
    left, right = st.columns(2)
    with left:
        ui.csv_download(_scores_csv(scores), "defect_scores.csv", "dl_scores", "Scores (CSV)")
    with right:
        ui.csv_download(
            _calibration_csv(calibration), "calibration.csv", "dl_calibration",
            "Calibration curve (CSV)",
        )


def _scores_csv(scores: pd.DataFrame) -> pd.DataFrame:
    table = scores.rename(columns={"mean_predicted_share": "mean_predicted_pct",
                                   "observed_scrap_share": "observed_scrap_pct"})
    table[["mean_predicted_pct", "observed_scrap_pct"]] *= 100.0
    return tables.with_units(table)


def _calibration_csv(calibration: pd.DataFrame) -> pd.DataFrame:
    return calibration.assign(
        p_predicted_mean=100 * calibration["p_predicted_mean"],
        scrap_rate_observed=100 * calibration["scrap_rate_observed"],
    ).rename(columns={"p_predicted_mean": "p_scrap_predicted_pct",
                      "scrap_rate_observed": "scrap_rate_observed_pct"})


@st.fragment
def show_window() -> None:
    """Two parameter pickers and the heatmap; a fragment: a pick redraws only the map."""
    st.subheader("Process window")
    left, right = st.columns(2)
    x = left.selectbox("Horizontal axis", MAP_CHOICES, MAP_CHOICES.index(MAP_PARAMETERS[0]),
                       format_func=label, key="map_x")
    options = [name for name in MAP_CHOICES if name != x]
    default_y = MAP_PARAMETERS[1] if MAP_PARAMETERS[1] in options else options[0]
    y = right.selectbox("Vertical axis", options, options.index(default_y),
                        format_func=label, key="map_y")
    grid = state.window_map(x, y)
    st.plotly_chart(figures.process_window_heatmap(grid, x, y, label(x), label(y)),
                    key="window", width="stretch")
    st.caption("Every other parameter at its set-point; a new die (0 shots since die change).")
    ui.csv_download(grid, "process_window.csv", "dl_window")  # train-defects' schema


def show_simulated_scrap() -> None:
    """Scrap by cause in short runs of a chosen line."""
    st.subheader("Scrap in the simulated runs")
    _, scenario = ui.line_picker("defects", default=state.ROUTE_LABELS["casting"])
    with st.expander("Run settings", expanded=False):
        settings = ui.run_settings("defects")
    result = ui.run_experiment(scenario, settings)
    causes = tables.scrap_by_cause(result.stations)
    if causes.empty:
        st.info("No unit was scrapped in these runs.")
        return
    st.plotly_chart(figures.scrap_causes(causes), key="scrap_causes", width="stretch")
    ui.csv_download(causes, "scrap_by_cause.csv", "dl_scrap")


def example_shots() -> bytes:
    """A small KAMP-like shot file (generated; scrap label only, six features missing)."""
    shots = generate_shots(6000, seed=5)
    drop = [c for c in shots.columns if c.startswith(("defect_", "p_true_"))] + [
        "vacuum_mbar", "melt_hydrogen_ml_100g", "spray_time_s", "die_temp_prev1_c",
        "die_temp_prev2_c", "shots_since_die_change"]
    return shots.drop(columns=drop).to_csv(index=False).encode()


def train_on(data: bytes, name: str, kamp: bool, folder: Path,
             progress: Callable[[float, str], object]) -> tuple[TrainingResult, Path]:
    """Train on an uploaded shot file and save the model (with its card) in ``folder``."""
    source = folder / "shots.csv"
    source.write_bytes(data)
    try:
        frame = read_shot_csv(source, "kamp" if kamp else None, allow_missing_features=True)
    except ShotDataError as error:
        raise ShotDataError(error.problems, name) from None
    shots = int(st.session_state.get(FEATURE_COST_KEY, FEATURE_COST_SHOTS))
    result = fit_and_evaluate(frame, feature_cost_shots=shots, progress=progress)
    return result, save_model(result.model, folder / "plant_model.skops")


def show_own_model() -> None:
    """Upload a shot CSV, train with progress, show the card, use the model on the line."""
    st.subheader("Your plant's defect model")
    upload = st.file_uploader("Shot CSV (one row a shot, in time order; columns: see the "
                              "how-to 'train the defect model on your own shot data')",
                              type=["csv"], key="defects_upload")
    if upload is not None:
        st.session_state[UPLOAD_KEY] = (upload.getvalue(), upload.name)
    if st.button("Use an example file (6,000 generated shots, KAMP-like)", key="defects_ex"):
        st.session_state[UPLOAD_KEY] = (example_shots(), "example_shots.csv")
    kamp = st.checkbox("The file uses KAMP column names", key="defects_kamp")
    given = st.session_state.get(UPLOAD_KEY)
    if given is not None and st.button(f"Train on {given[1]}", key="defects_train"):
        bar = st.progress(0.0, text="starting")
        folder = Path(tempfile.mkdtemp(prefix="gigatwin_model_"))
        try:
            data, name = given
            result, path = train_on(data, name, kamp, folder,
                                    lambda share, what: bar.progress(share, text=what))
        except ShotDataError as error:
            st.error(str(error))
            return
        st.session_state[OWN_MODEL_KEY] = {"path": str(path), "result": result}
    own = st.session_state.get(OWN_MODEL_KEY)
    if own is not None:
        show_card(own["result"], own["path"])


def show_card(result: TrainingResult, path: str) -> None:
    """The model's held-out scores and card, and the switch onto the casting line."""
    card = result.card
    columns = st.columns(3)
    auc = card.held_out.roc_auc
    columns[0].metric("Held-out ROC AUC", "n/a" if auc is None else f"{auc:.3f}")
    columns[1].metric("Held-out Brier score", f"{card.held_out.brier_score:.4f}")
    columns[2].metric("Calibration in the large",
                      f"{100 * card.held_out.calibration_in_the_large:+.2f} pp")
    st.code("\n".join(card.lines()), language=None)
    scores = result.tables["evaluation"]
    ui.csv_download(_scores_csv(scores), "own_model_scores.csv", "dl_own_scores",
                    "Held-out scores (CSV)")
    casting = state.route_specs()["casting"]
    in_use = getattr(casting, "defect_model", None) == path
    if in_use:
        st.success("The casting line of every page now uses this model.")
        if st.button("Back to the shipped model", key="defects_unuse"):
            _set_casting_model("default")
    elif st.button("Use this model on the casting line", key="defects_use"):
        _set_casting_model(path)


def _set_casting_model(value: str) -> None:
    specs = state.route_specs()
    st.session_state[state.SPECS_KEY] = specs | {
        "casting": specs["casting"].with_changes(defect_model=value)}
    st.rerun()


def render() -> None:
    """Draw the page."""
    st.title("Defects: the casting defect model")
    scores, calibration = state.defect_report()
    show_scores(scores, calibration)
    show_window()
    show_own_model()
    show_simulated_scrap()


render()
