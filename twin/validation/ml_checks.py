"""The shipped defect model against the generator's true probability on fresh shots."""

from __future__ import annotations

from ml import InLoopScorer, evaluate, generate_shots, load_default_model
from twin.validation.checks import Check, bound_check

AREA = "defect model"
HELD_OUT_SEED = 20261129  # not the training seed (0), so the shots are new to the model
HELD_OUT_SHOTS = 60_000


def ml_checks() -> list[Check]:
    """ROC AUC within 0.02 and Brier score within 10 % of the true probability's."""
    shots = generate_shots(HELD_OUT_SHOTS, seed=HELD_OUT_SEED)
    truth = InLoopScorer.from_truth()
    scores = evaluate({"model": load_default_model(), "truth": truth}, shots)
    scrap = scores.query("target == 'scrap'").set_index("scorer")
    ref = f"generator's true probability, {HELD_OUT_SHOTS:,} held-out shots"
    auc_gap = scrap.loc["truth", "roc_auc"] - scrap.loc["model", "roc_auc"]
    brier_ratio = scrap.loc["model", "brier_score"] / scrap.loc["truth", "brier_score"]
    return [
        bound_check(AREA, "scrap ROC AUC: truth - model", ref, 0.02, auc_gap, "AUC"),
        bound_check(AREA, "scrap Brier score: model / truth", ref, 1.10, brier_ratio, "ratio"),
    ]
