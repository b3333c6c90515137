"""Training: one calibrated classifier per defect class, plus its fast in-loop surrogate.

``kind="hgb"``: ``HistGradientBoostingClassifier`` with defective shots up-weighted (rare
defects; ECOSYSTEM.md 4) on 75 % of the shots, then sigmoid (Platt) calibration on the other
25 % through ``FrozenEstimator`` (``cv="prefit"`` is gone in scikit-learn 1.9). The weights
inflate the raw probabilities; the calibration brings them back to observed rates. Sigmoid, not
isotonic: the rarest class has only ~25-100 positives in the calibration split.
``kind="glm"``: the published form (sources §3.4), logistic regression on standardised
linear + quadratic + interaction terms, which is well calibrated by its log-loss fit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler
from threadpoolctl import threadpool_limits

from ml._glm import (
    QuadraticLogit,
    combine_scrap,
    embed_form,
    fit_quadratic_logit,
    fit_scrap_form,
)
from ml._in_loop import InLoopScorer, ScrapOnlyScorer
from ml._schema import (
    FEATURE_INDEX,
    FEATURES,
    ShotDataError,
    label_columns,
    present_features,
    validate_shot_frame,
)
from ml._window import ProcessWindow

ModelKind = Literal["hgb", "glm"]
#: Up-weighting of defective shots so rare classes shape the trees (ECOSYSTEM.md 4). In our
#: trials a weight of 3 kept the held-out AUC of the unweighted model (full balancing lost
#: ~0.01); the calibration step removes the bias it puts in the raw probabilities.
POSITIVE_WEIGHT = 3.0
#: Fewest defective shots per label in each split (calibration uses 5-fold predictions).
MIN_POSITIVES = 10


@dataclass(eq=False)
class DefectModel:
    """A trained per-class defect model: full scikit-learn estimators and the fast surrogate.

    ``features`` are the inputs the estimators were trained on (all of ``FEATURES`` or, for a
    plant file that lacks some, a subset in ``FEATURES`` order). The methods take rows with
    every ``FEATURES`` column (what the twin supplies) or a frame, and use only ``features``;
    the surrogates span all ``FEATURES`` with no terms in the missing ones.
    """

    kind: str
    classes: tuple[str, ...]
    estimators: list
    surrogate: QuadraticLogit
    metadata: dict = field(default_factory=dict)
    scrap_surrogate: QuadraticLogit | None = None
    features: tuple[str, ...] = FEATURES

    def p_by_class_batch(self, X: np.ndarray | pd.DataFrame) -> np.ndarray:
        """Calibrated probability of each class per row, (n, F) -> (n, K), full scikit-learn."""
        X = _as_matrix(X, self.features)
        with threadpool_limits(limits=1):  # OpenMP threads thrash on a shared 2-core machine
            return np.column_stack([est.predict_proba(X)[:, 1] for est in self.estimators])

    def p_scrap_batch(self, X: np.ndarray | pd.DataFrame) -> np.ndarray:
        """Overall scrap probability per row, ``1 - prod(1 - p_k)``."""
        return combine_scrap(self.p_by_class_batch(X))

    def raw_p_by_class_batch(self, X: np.ndarray | pd.DataFrame) -> np.ndarray:
        """Uncalibrated probabilities (the boosted models before calibration)."""
        X = _as_matrix(X, self.features)
        with threadpool_limits(limits=1):
            return np.column_stack([_raw(est).predict_proba(X)[:, 1] for est in self.estimators])

    def in_loop_scorer(self) -> InLoopScorer:
        """The fast per-shot scorer for the casting station.

        A model trained on the overall scrap label only gets its causes by the default mix.
        """
        if self.classes == ("scrap",):  # no per-class labels: causes by the default mix
            return ScrapOnlyScorer(self.surrogate, scrap_form=self.scrap_surrogate,
                                   features=self.features)
        return InLoopScorer(self.surrogate, self.classes, scrap_form=self.scrap_surrogate,
                            features=self.features)


def _raw(estimator: Any) -> Any:
    if isinstance(estimator, CalibratedClassifierCV):
        return estimator.calibrated_classifiers_[0].estimator
    return estimator


def _as_matrix(X: np.ndarray | pd.DataFrame, features: tuple[str, ...]) -> np.ndarray:
    """The model's columns: by name from a frame, by position from full ``FEATURES`` rows."""
    if isinstance(X, pd.DataFrame):
        return X[list(features)].to_numpy(dtype=float)
    X = np.asarray(X, dtype=float)
    if X.shape[-1] == len(FEATURES) and len(features) != len(FEATURES):
        return X[..., [FEATURE_INDEX[name] for name in features]]
    return X


def _hgb(seed: int) -> HistGradientBoostingClassifier:
    # Shallow trees and a fixed number of rounds: the true log-odds are smooth and additive
    # with few interactions; early stopping on ~100 positives stopped too soon in our trials.
    return HistGradientBoostingClassifier(
        learning_rate=0.1, max_iter=150, max_leaf_nodes=4, min_samples_leaf=50,
        l2_regularization=1.0, early_stopping=False, random_state=seed)


def _glm() -> Pipeline:
    return Pipeline([
        ("scale", StandardScaler()),
        ("quadratic", PolynomialFeatures(degree=2, include_bias=False)),
        ("rescale", StandardScaler()),
        ("logistic", LogisticRegression(C=1.0, max_iter=3000)),
    ])


def _fit_class(kind: ModelKind, X_fit: np.ndarray, y_fit: np.ndarray, X_cal: np.ndarray,
               y_cal: np.ndarray, seed: int) -> object:
    if kind == "glm":
        return _glm().fit(np.vstack([X_fit, X_cal]), np.concatenate([y_fit, y_cal]))
    weight = np.where(y_fit == 1, POSITIVE_WEIGHT, 1.0)
    raw = _hgb(seed).fit(X_fit, y_fit, sample_weight=weight)
    return CalibratedClassifierCV(FrozenEstimator(raw), method="sigmoid").fit(X_cal, y_cal)


def train_defect_model(frame: pd.DataFrame, *, kind: ModelKind = "hgb", seed: int = 0,
                       calibration_fraction: float = 0.25, n_threads: int = 1,
                       window: ProcessWindow | None = None) -> DefectModel:
    """Fit one classifier per defect label of ``frame`` and compile the in-loop surrogate.

    Args:
        frame: per-shot data with the labels and ``FEATURES`` (validated here); a frame that
            lacks some features is trained on those it has (``DefectModel.features``).
        kind: ``"hgb"`` (calibrated gradient boosting) or ``"glm"`` (quadratic logistic).
        seed: seeds the calibration split and the boosting's early-stopping split.
        calibration_fraction: share of shots held back to calibrate the boosted models.
        n_threads: OpenMP/BLAS threads while fitting (the machine is shared).
        window: set-points and spreads that standardise the surrogate's features.
    """
    frame = validate_shot_frame(frame, allow_missing_features=True)
    labels, features = label_columns(frame), present_features(frame)
    X, Y = frame[list(features)].to_numpy(float), frame[list(labels)].to_numpy(int)
    X_fit, X_cal, Y_fit, Y_cal = train_test_split(
        X, Y, test_size=calibration_fraction, random_state=seed, stratify=Y.max(axis=1))
    _check_positives(labels, Y_fit, Y_cal)
    with threadpool_limits(limits=n_threads):
        estimators = [_fit_class(kind, X_fit, Y_fit[:, k], X_cal, Y_cal[:, k], seed)
                      for k in range(len(labels))]
    classes = tuple(name.removeprefix("defect_") for name in labels)
    model = DefectModel(kind, classes, estimators, _placeholder_form(len(classes)),
                        features=features)
    window = window or ProcessWindow()
    model.surrogate = distil_surrogate(model, X, window)
    model.scrap_surrogate = fit_scrap_form(model.surrogate, full_rows(X, features, window))
    return model


def full_rows(X: np.ndarray, features: tuple[str, ...], window: ProcessWindow) -> np.ndarray:
    """Rows over all ``FEATURES``: the given columns, the set-point for the others."""
    if len(features) == len(FEATURES):
        return X
    full = np.tile([window.parameter(name).setpoint for name in FEATURES], (X.shape[0], 1))
    full[:, [FEATURE_INDEX[name] for name in features]] = X
    return full


def _check_positives(labels: tuple[str, ...], Y_fit: np.ndarray, Y_cal: np.ndarray) -> None:
    """Each label needs defective shots in both splits, else fitting or calibrating fails."""
    problems = [f"{name}: {int(fit)} defective shots to fit and {int(cal)} to calibrate; "
                f"need at least {MIN_POSITIVES} each (use more shots)"
                for name, fit, cal in zip(labels, Y_fit.sum(0), Y_cal.sum(0), strict=True)
                if min(fit, cal) < MIN_POSITIVES]
    if problems:
        raise ShotDataError(problems, "training data")


def _placeholder_form(n_classes: int) -> QuadraticLogit:
    n_f = len(FEATURES)
    return QuadraticLogit(np.zeros(n_f), np.ones(n_f), np.zeros(n_classes),
                          np.zeros((n_classes, n_f)), np.zeros((n_classes, n_f, n_f)))


def distil_surrogate(model: DefectModel, X: np.ndarray, window: ProcessWindow) -> QuadraticLogit:
    """Fit the quadratic logistic form to the model's calibrated log-odds on the shots ``X``.

    ``X`` holds the model's ``features`` columns. Weighted by ``p (1 - p)``: an error in
    log-odds costs that much in probability. The form is fitted on the model's features and
    then spans all ``FEATURES``, with zero terms in the missing ones.
    """
    params = [window.parameter(name) for name in FEATURES]
    center = np.array([p.setpoint for p in params])
    inv_scale = 1.0 / np.array([p.scale for p in params])
    index = [FEATURE_INDEX[name] for name in model.features]
    p = np.clip(model.p_by_class_batch(X), 1e-6, 1 - 1e-6)
    form = fit_quadratic_logit(X, np.log(p / (1 - p)), p * (1 - p), center[index],
                               inv_scale[index])
    return embed_form(form, index, center, inv_scale)
