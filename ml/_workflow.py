"""Train-and-evaluate workflow behind ``gigatwin train-defects`` and the shipped default model."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from ml._card import FeatureCost, HeldOutScores, ModelCard
from ml._drift import reference_bins
from ml._evaluation import (
    DefectScorer,
    calibration_table,
    evaluate,
    feature_effects,
    full_matrix,
    process_window_map,
)
from ml._generator import generate_shots
from ml._persistence import data_hash
from ml._schema import FEATURES, LABELS, missing_features, validate_shot_frame
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

    @property
    def card(self) -> ModelCard:
        """The model card (also stored in the sidecar under ``card``)."""
        return ModelCard.model_validate(self.metadata["card"])


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
    data = validate_shot_frame(data, allow_missing_features=True)
    cut = int(len(data) * (1 - test_fraction))
    source = f"user data: {len(data)} shots, last {len(data) - cut} held out"
    return data.iloc[:cut], data.iloc[cut:], source


Progress = Callable[[float, str], object]
"""``progress(share_done, what)``: told as training goes (the app shows a bar)."""


def _quiet(share: float, what: str) -> None:
    """The default progress callback: says nothing."""


def fit_and_evaluate(data: pd.DataFrame | None = None, *, shots: int = 100_000, seed: int = 0,
                     kind: ModelKind = "hgb", window: ProcessWindow | None = None,
                     n_threads: int = 1, feature_cost_shots: int = 40_000,
                     progress: Progress = _quiet) -> TrainingResult:
    """Train on generated shots (or ``data``), score on held-out shots, build the report.

    A ``data`` frame lacking some ``FEATURES`` is trained on those it has; the card then
    records what that costs in held-out ROC AUC on the generator's data
    (``missing_feature_cost``, ``feature_cost_shots`` training shots; 0 skips it).
    """
    progress(0.0, "reading the data")
    train, test, source = split_data(data, shots, seed)
    progress(0.1, "training the classifiers")
    model = train_defect_model(train, kind=kind, seed=seed, n_threads=n_threads, window=window)
    progress(0.6, "scoring held-out shots")
    tables = report_tables(model, test, window)
    missing = missing_features(train)
    cost = None
    if missing and feature_cost_shots:
        progress(0.75, "measuring what the missing features cost")
        cost = missing_feature_cost(missing, kind=kind, shots=feature_cost_shots, seed=seed)
    model.metadata = _metadata(model, train, test, tables, source, seed,
                               "generator" if data is None else "user", cost)
    progress(1.0, "done")
    return TrainingResult(model, tables, model.metadata)


def missing_feature_cost(missing: tuple[str, ...], *, kind: ModelKind = "hgb",
                         shots: int = 40_000, seed: int = 0) -> FeatureCost:
    """Held-out scrap ROC AUC on generated shots with all features and without ``missing``.

    Both models are trained on the same generated shots with only the overall ``scrap``
    label (what a plant file such as KAMP has) and scored on the same independent shots.
    """
    per_class = [c for c in LABELS if c != "scrap"]
    train = generate_shots(shots, seed=seed + 100).drop(columns=per_class)
    test = generate_shots(max(shots // 2, 10_000), seed=seed + 101)
    X, y = test[list(FEATURES)], test["scrap"].to_numpy(int)
    full = train_defect_model(train, kind=kind, seed=seed)
    partial = train_defect_model(train.drop(columns=list(missing)), kind=kind, seed=seed)
    auc_full, auc_partial = (float(roc_auc_score(y, m.p_scrap_batch(X))) for m in (full, partial))
    return FeatureCost(features_missing=list(missing), shots_train=len(train),
                       shots_test=len(test), roc_auc_all_features=auc_full,
                       roc_auc_available_features=auc_partial,
                       roc_auc_truth=float(roc_auc_score(y, test["p_true_scrap"])),
                       roc_auc_cost=auc_full - auc_partial)


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
    # X: rows over all FEATURES (the model picks its own columns)
    return {"max": float(err.max()), "p99": float(np.quantile(err, 0.99)),
            "mean": float(err.mean())}


def held_out_scores(evaluation: pd.DataFrame, scorer: str = "model") -> HeldOutScores:
    """The card's scores from an ``evaluate`` table (overall scrap of ``scorer``)."""
    row = evaluation.query("target == 'scrap' and scorer == @scorer").iloc[0]
    auc = None if pd.isna(row["roc_auc"]) else float(row["roc_auc"])
    return HeldOutScores(n_shots=int(row["n_shots"]), roc_auc=auc,
                         brier_score=float(row["brier_score"]),
                         mean_p_scrap=float(row["mean_predicted_share"]),
                         observed_scrap_rate=float(row["observed_scrap_share"]),
                         calibration_in_the_large=float(row["mean_predicted_share"]
                                                        - row["observed_scrap_share"]))


def _metadata(model: DefectModel, train: pd.DataFrame, test: pd.DataFrame,
              tables: dict[str, pd.DataFrame], source: str, seed: int,
              data_source: str, cost: FeatureCost | None) -> dict:
    columns = list(model.features) + [c for c in LABELS if c in train.columns]
    scores = tables["evaluation"].query("target == 'scrap'").set_index("scorer")
    digest = data_hash(train[columns])
    card = ModelCard(
        data_source=data_source, training_data=source,  # type: ignore[arg-type]
        training_data_sha256=digest, n_shots_train=len(train),
        trained_at_utc=datetime.now(UTC).isoformat(timespec="seconds"), kind=model.kind,
        classes=list(model.classes), features_used=list(model.features),
        features_missing=[f for f in FEATURES if f not in model.features],
        held_out=held_out_scores(tables["evaluation"]), missing_features_cost=cost,
        feature_reference=reference_bins(train, model.features))
    return {"training_data": source, "training_data_sha256": digest,
            "n_shots_train": len(train), "n_shots_test": len(test), "seed": seed,
            "scores_scrap": scores[["roc_auc", "brier_score"]].to_dict(orient="index"),
            "in_loop_abs_error_p_scrap": surrogate_error(model, full_matrix(test)),
            "card": card.model_dump(mode="json")}
