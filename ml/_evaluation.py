"""Held-out evaluation against the true probability, feature effects and the process-window map.

A *scorer* is anything with ``p_by_class_batch(X)`` and ``p_scrap_batch(X)``: a ``DefectModel``
(full scikit-learn), an ``InLoopScorer`` or a ``ConstantRateModel``. When the frame holds the
generator's ``p_true_*`` columns, the true probability is scored alongside: it is the best any
model can do on those shots.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
import pandas as pd
from sklearn.calibration import calibration_curve
from sklearn.metrics import brier_score_loss, roc_auc_score

from ml._glm import combine_scrap
from ml._schema import FEATURE_INDEX, FEATURES, SPEC_BY_NAME, label_columns
from ml._window import ProcessWindow

_DIE_COLUMNS = ("die_temp_c", "die_temp_prev1_c", "die_temp_prev2_c")


class DefectScorer(Protocol):
    """What the twin and the evaluation need from a defect model."""

    classes: tuple[str, ...]

    def p_by_class_batch(self, X: np.ndarray) -> np.ndarray:
        """Per-class probabilities, (n, F) -> (n, K)."""

    def p_scrap_batch(self, X: np.ndarray) -> np.ndarray:
        """Overall scrap probabilities, (n, F) -> (n,)."""


def _targets(frame: pd.DataFrame) -> list[tuple[str, str]]:
    """(target name, label column) pairs: every class then overall scrap."""
    classes = [c.removeprefix("defect_") for c in label_columns(frame) if c != "scrap"]
    return [(k, f"defect_{k}") for k in classes] + [("scrap", "scrap")]


def full_matrix(frame: pd.DataFrame, window: ProcessWindow | None = None) -> np.ndarray:
    """Rows over all ``FEATURES``; a column the frame lacks is set to its set-point.

    A model trained without that column does not use it, so the filler changes nothing.
    """
    window = window or ProcessWindow()
    X = np.tile([window.parameter(name).setpoint for name in FEATURES], (len(frame), 1))
    for name in (f for f in FEATURES if f in frame.columns):
        X[:, FEATURE_INDEX[name]] = frame[name].to_numpy(float)
    return X


def predictions(scorers: dict[str, DefectScorer], frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Per scorer, a frame of predicted probabilities per target; adds ``truth`` if known."""
    X = full_matrix(frame)
    out = {}
    for name, scorer in scorers.items():
        p = scorer.p_by_class_batch(X)
        cols = {k: p[:, i] for i, k in enumerate(scorer.classes)} if p.shape[1] > 1 else {}
        out[name] = pd.DataFrame({**cols, "scrap": combine_scrap(p)})
    if "p_true_scrap" in frame.columns:
        out["truth"] = pd.DataFrame({t: frame[f"p_true_{t}"].to_numpy() for t, _ in
                                     _targets(frame) if f"p_true_{t}" in frame.columns})
    return out


def evaluate(scorers: dict[str, DefectScorer], frame: pd.DataFrame) -> pd.DataFrame:
    """ROC AUC and Brier score per scorer and target on held-out shots (tidy rows)."""
    preds = predictions(scorers, frame)
    rows = []
    for target, label in _targets(frame):
        y = frame[label].to_numpy(int)
        for name, p in preds.items():
            if target in p.columns:
                rows.append(_score_row(name, target, y, p[target].to_numpy()))
    return pd.DataFrame(rows)


def _score_row(scorer: str, target: str, y: np.ndarray, p: np.ndarray) -> dict:
    auc = roc_auc_score(y, p) if 0 < y.sum() < len(y) else np.nan
    return {"scorer": scorer, "target": target, "roc_auc": auc,
            "brier_score": brier_score_loss(y, p), "mean_predicted_share": float(p.mean()),
            "observed_scrap_share": float(y.mean()), "n_shots": len(y), "n_positive": int(y.sum())}


def calibration_table(scorers: dict[str, DefectScorer], frame: pd.DataFrame,
                      n_bins: int = 10) -> pd.DataFrame:
    """Reliability curve of overall scrap: mean predicted vs observed rate per quantile bin."""
    preds, y = predictions(scorers, frame), frame["scrap"].to_numpy(int)
    parts = []
    for name, p in preds.items():
        observed, predicted = calibration_curve(y, p["scrap"], n_bins=n_bins, strategy="quantile")
        parts.append(pd.DataFrame({"scorer": name, "bin": np.arange(len(observed)),
                                   "p_predicted_mean": predicted, "scrap_rate_observed": observed}))
    return pd.concat(parts, ignore_index=True)


def set_feature(X: np.ndarray, feature: str, value: float) -> np.ndarray:
    """Copy of ``X`` with one feature set; die temperature moves with its lags (a steady die)."""
    X = X.copy()
    for name in _DIE_COLUMNS if feature == "die_temp_c" else (feature,):
        X[:, FEATURE_INDEX[name]] = value
    return X


def effect_curve(scorer: DefectScorer, X: np.ndarray, feature: str, values: np.ndarray,
                 target: str = "scrap") -> np.ndarray:
    """Partial dependence: mean probability of ``target`` with ``feature`` set to each value."""
    column = None if target == "scrap" else scorer.classes.index(target)
    out = []
    for value in values:
        Xv = set_feature(X, feature, float(value))
        p = scorer.p_scrap_batch(Xv) if column is None else scorer.p_by_class_batch(Xv)[:, column]
        out.append(float(p.mean()))
    return np.array(out)


def feature_effects(scorer: DefectScorer, frame: pd.DataFrame, window: ProcessWindow | None = None,
                    n_rows: int = 5000, seed: int = 0) -> pd.DataFrame:
    """Per feature: permutation importance (scrap AUC drop) and partial dependence at x* +- s."""
    window = window or ProcessWindow()
    rows_idx = np.random.default_rng(seed).permutation(len(frame))[:n_rows]
    sample = frame.iloc[rows_idx]
    X, y = full_matrix(sample, window), sample["scrap"].to_numpy(int)
    base_auc = roc_auc_score(y, scorer.p_scrap_batch(X))
    rng = np.random.default_rng(seed)
    used = getattr(scorer, "features", FEATURES)
    rows = [_effect_row(scorer, X, y, name, window, base_auc, rng) for name in used]
    return pd.DataFrame(rows)


def _effect_row(scorer: DefectScorer, X: np.ndarray, y: np.ndarray, name: str,
                window: ProcessWindow, base_auc: float, rng: np.random.Generator) -> dict:
    shuffled = X.copy()
    shuffled[:, FEATURE_INDEX[name]] = rng.permutation(shuffled[:, FEATURE_INDEX[name]])
    param = window.parameter(name)
    grid = param.setpoint + param.scale * np.array([-1.0, 0.0, 1.0])
    curve = effect_curve(scorer, X, name, grid)
    return {"feature": name, "unit": SPEC_BY_NAME[name].unit,
            "permutation_auc_drop": base_auc - roc_auc_score(y, scorer.p_scrap_batch(shuffled)),
            "value_minus_1s": grid[0], "value_plus_1s": grid[2],
            "p_scrap_at_minus_1s": curve[0], "p_scrap_at_setpoint": curve[1],
            "p_scrap_at_plus_1s": curve[2]}


def setpoint_row(window: ProcessWindow | None = None, die_age_shots: float = 0.0) -> np.ndarray:
    """One feature row with every variable at its set-point (die age given)."""
    window = window or ProcessWindow()
    row = np.array([window.parameter(name).setpoint for name in FEATURES])
    row[FEATURE_INDEX["shots_since_die_change"]] = die_age_shots
    return row


def process_window_map(scorer: DefectScorer, x_param: str, y_param: str, n: int = 41,
                       window: ProcessWindow | None = None,
                       x_range: tuple[float, float] | None = None,
                       y_range: tuple[float, float] | None = None) -> pd.DataFrame:
    """Scrap probability over a grid of two parameters, the others at their set-points.

    Returns:
        Tidy frame with columns ``x_param``, ``y_param`` (in their units) and ``p_scrap``.
        Default ranges are set-point +- 3 spreads, clipped to the plausible range.
    """
    window = window or ProcessWindow()
    for name in (x_param, y_param):
        if name not in FEATURE_INDEX:
            raise ValueError(f"unknown parameter {name!r}; choose from {', '.join(FEATURES)}")
    xs = np.linspace(*(x_range or _default_range(x_param, window)), n)
    ys = np.linspace(*(y_range or _default_range(y_param, window)), n)
    gx, gy = np.meshgrid(xs, ys, indexing="ij")
    X = np.tile(setpoint_row(window), (gx.size, 1))
    for name, values in ((x_param, gx.ravel()), (y_param, gy.ravel())):
        for col in _DIE_COLUMNS if name == "die_temp_c" else (name,):
            X[:, FEATURE_INDEX[col]] = values
    return pd.DataFrame({x_param: gx.ravel(), y_param: gy.ravel(),
                         "p_scrap": scorer.p_scrap_batch(X)})


def _default_range(name: str, window: ProcessWindow) -> tuple[float, float]:
    param, spec = window.parameter(name), SPEC_BY_NAME[name]
    low, high = param.setpoint - 3 * param.scale, param.setpoint + 3 * param.scale
    return max(low, spec.low), min(high, spec.high)
