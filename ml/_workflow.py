"""Train-and-evaluate workflow behind ``gigatwin train-defects`` and the shipped default model."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ml._evaluation import (
    DefectScorer,
    calibration_table,
    evaluate,
    feature_effects,
    process_window_map,
)
from ml._generator import generate_shots
from ml._persistence import data_hash
from ml._schema import FEATURES, LABELS, validate_shot_frame
from ml._training import DefectModel, ModelKind, train_defect_model
from ml._window import ProcessWindow

#: The process-window map written by the CLI (die temperature x cavity vacuum).
MAP_PARAMETERS = ("die_temp_c", "vacuum_mbar")


@dataclass(frozen=True)
class TrainingResult:
    """A trained model, its report tables (name -> tidy frame) and its sidecar metadata."""

    model: DefectModel
    tables: dict[str, pd.DataFrame]
    metadata: dict


class UncalibratedView:
    """The model's boosted classifiers before calibration, as a scorer (for the report)."""

    def __init__(self, model: DefectModel) -> None:
        self.model, self.classes = model, model.classes

    def p_by_class_batch(self, X: np.ndarray) -> np.ndarray:
        """Raw per-class probabilities."""
        return self.model.raw_p_by_class_batch(X)

    def p_scrap_batch(self, X: np.ndarray) -> np.ndarray:
        """Raw overall scrap probability."""
        return 1.0 - np.prod(1.0 - self.p_by_class_batch(X), axis=1)


def split_data(data: pd.DataFrame | None, shots: int, seed: int,
               test_fraction: float = 0.25) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """Training and held-out shots: an independent generated run, or the last rows of a CSV.

    A user's data is split in time order (last shots held out) so drift cannot leak.
    """
    if data is None:
        n_test = max(int(shots * test_fraction), 10_000)
        source = f"generated: {shots} shots, seed {seed}; held-out {n_test} shots, seed {seed + 1}"
        return generate_shots(shots, seed=seed), generate_shots(n_test, seed=seed + 1), source
    data = validate_shot_frame(data)
    cut = int(len(data) * (1 - test_fraction))
    source = f"user data: {len(data)} shots, last {len(data) - cut} held out"
    return data.iloc[:cut], data.iloc[cut:], source


def fit_and_evaluate(data: pd.DataFrame | None = None, *, shots: int = 100_000, seed: int = 0,
                     kind: ModelKind = "hgb", window: ProcessWindow | None = None,
                     n_threads: int = 1) -> TrainingResult:
    """Train on generated shots (or ``data``), score on held-out shots, build the report."""
    train, test, source = split_data(data, shots, seed)
    model = train_defect_model(train, kind=kind, seed=seed, n_threads=n_threads, window=window)
    tables = report_tables(model, test, window)
    model.metadata = _metadata(model, train, test, tables, source, seed)
    return TrainingResult(model, tables, model.metadata)


def report_tables(model: DefectModel, test: pd.DataFrame,
                  window: ProcessWindow | None = None) -> dict[str, pd.DataFrame]:
    """The four CSV tables of the CLI report."""
    scorers: dict[str, DefectScorer] = {
        "model": model, "model_uncalibrated": UncalibratedView(model),
        "in_loop": model.in_loop_scorer()}
    return {
        "evaluation": evaluate(scorers, test),
        "calibration_curve": calibration_table({"model": model}, test),
        "feature_effects": feature_effects(model, test, window),
        "process_window": process_window_map(model, *MAP_PARAMETERS, window=window),
    }


def surrogate_error(model: DefectModel, X: np.ndarray) -> dict[str, float]:
    """Abs error of the in-loop scorer's p_scrap against the full scikit-learn model."""
    err = np.abs(model.in_loop_scorer().p_scrap_batch(X) - model.p_scrap_batch(X))
    return {"max": float(err.max()), "p99": float(np.quantile(err, 0.99)),
            "mean": float(err.mean())}


def _metadata(model: DefectModel, train: pd.DataFrame, test: pd.DataFrame,
              tables: dict[str, pd.DataFrame], source: str, seed: int) -> dict:
    columns = list(FEATURES) + [c for c in LABELS if c in train.columns]
    scores = tables["evaluation"].query("target == 'scrap'").set_index("scorer")
    return {"training_data": source, "training_data_sha256": data_hash(train[columns]),
            "n_shots_train": len(train), "n_shots_test": len(test), "seed": seed,
            "scores_scrap": scores[["roc_auc", "brier_score"]].to_dict(orient="index"),
            "in_loop_abs_error_p_scrap": surrogate_error(model, test[list(FEATURES)].to_numpy())}
