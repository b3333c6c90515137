"""Casting defect-probability model: schema, generator, training, evaluation, in-loop scoring.

Knows nothing of SimPy. The casting station uses, per shot::

    scorer = load_default_model().in_loop_scorer()       # or ConstantRateModel(0.05)
    stream = ShotStream(scorer, ProcessWindow(), rng)    # once per cell
    p = stream.next(die_temp_c, shots_since_die_change, cycle_time_s)   # ~1-2 us
    causes = stream.p_by_class()                         # exact, only for scrapped shots

or, step by step (~8 us a shot)::

    x = ShotSampler(ProcessWindow(), rng).draw(die_temp_c, shots_since_die_change, cycle_time_s)
    p, p_k = scorer.p_scrap(x), scorer.p_by_class(x)
"""

from ml._card import FeatureCost, HeldOutScores, ModelCard, Sidecar, missing_cost_sentence
from ml._drift import (
    AUC_DROP,
    CITL_ABS,
    PSI_RETRAIN,
    PSI_WATCH,
    DriftReport,
    check_drift,
    psi,
    reference_bins,
)
from ml._evaluation import (
    DefectScorer,
    calibration_table,
    effect_curve,
    evaluate,
    feature_effects,
    full_matrix,
    process_window_map,
    setpoint_row,
)
from ml._generator import COEFFICIENTS, generate_shots, true_process
from ml._glm import QuadraticLogit
from ml._in_loop import ConstantRateModel, InLoopScorer, ScrapOnlyScorer
from ml._persistence import (
    ALLOWED_TYPES,
    ModelFileError,
    check_features,
    default_model_path,
    load_default_model,
    load_model,
    read_sidecar,
    save_model,
)
from ml._sampler import ShotSampler
from ml._schema import (
    DEFECT_CLASSES,
    FEATURE_SPECS,
    FEATURES,
    KAMP_COLUMN_MAP,
    LABELS,
    FeatureSpec,
    ShotDataError,
    missing_features,
    present_features,
    read_shot_csv,
    validate_shot_frame,
)
from ml._stream import LIVE, ShotStream, scrap_form_for
from ml._training import DefectModel, train_defect_model
from ml._window import GeneratorSettings, ParameterWindow, ProcessWindow
from ml._workflow import (
    MAP_PARAMETERS,
    Progress,
    TrainingResult,
    fit_and_evaluate,
    held_out_scores,
    missing_feature_cost,
    surrogate_error,
)

__all__ = [
    "ALLOWED_TYPES",
    "AUC_DROP",
    "CITL_ABS",
    "COEFFICIENTS",
    "ConstantRateModel",
    "DEFECT_CLASSES",
    "DefectModel",
    "DefectScorer",
    "DriftReport",
    "FEATURES",
    "FEATURE_SPECS",
    "FeatureCost",
    "FeatureSpec",
    "GeneratorSettings",
    "HeldOutScores",
    "InLoopScorer",
    "KAMP_COLUMN_MAP",
    "LABELS",
    "LIVE",
    "MAP_PARAMETERS",
    "ModelCard",
    "ModelFileError",
    "ParameterWindow",
    "PSI_RETRAIN",
    "PSI_WATCH",
    "ProcessWindow",
    "Progress",
    "QuadraticLogit",
    "ScrapOnlyScorer",
    "ShotDataError",
    "ShotSampler",
    "ShotStream",
    "Sidecar",
    "TrainingResult",
    "calibration_table",
    "check_drift",
    "check_features",
    "default_model_path",
    "effect_curve",
    "evaluate",
    "feature_effects",
    "fit_and_evaluate",
    "full_matrix",
    "generate_shots",
    "held_out_scores",
    "load_default_model",
    "load_model",
    "missing_cost_sentence",
    "missing_feature_cost",
    "missing_features",
    "present_features",
    "process_window_map",
    "psi",
    "read_shot_csv",
    "read_sidecar",
    "reference_bins",
    "save_model",
    "scrap_form_for",
    "setpoint_row",
    "surrogate_error",
    "train_defect_model",
    "true_process",
    "validate_shot_frame",
]
