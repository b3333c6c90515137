"""The model card stored in every model's sidecar, and the shape a sidecar must have.

A card says where a model came from and how good it was on shots it never saw: the training
data (its sha256, rows, generator or user file), the date, the features it uses and lacks,
and its held-out ROC AUC, Brier score and calibration in the large (mean predicted minus
observed scrap rate). ``Sidecar`` is what ``load_model`` accepts as the JSON beside a model
file; anything else is refused before the model file is opened.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FORMAT = "gigatwin-defect-model/1"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class HeldOutScores(_Frozen):
    """Overall-scrap scores of a model on held-out shots."""

    n_shots: int = Field(ge=1, description="held-out shots scored")
    roc_auc: float | None = Field(description="ROC AUC of overall scrap (None: one class only)")
    brier_score: float = Field(ge=0, description="mean squared error of the probability")
    mean_p_scrap: float = Field(ge=0, le=1, description="mean predicted scrap probability")
    observed_scrap_rate: float = Field(ge=0, le=1, description="share of scrapped shots")
    calibration_in_the_large: float = Field(
        description="mean predicted minus observed scrap rate [share]; 0 is calibrated")


class FeatureCost(_Frozen):
    """What lacking some features costs, measured on the generator's data (scrap label only)."""

    features_missing: list[str]
    shots_train: int
    shots_test: int
    roc_auc_all_features: float
    roc_auc_available_features: float
    roc_auc_truth: float
    roc_auc_cost: float = Field(description="all features minus available features")


class ModelCard(_Frozen):
    """Provenance and held-out quality of one trained model."""

    data_source: Literal["generator", "user"]
    training_data: str = Field(description="what the model was trained on, in words")
    training_data_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    n_shots_train: int = Field(ge=1)
    trained_at_utc: str = Field(description="ISO 8601 time the training finished")
    kind: str = Field(description="classifier: hgb or glm")
    classes: list[str]
    features_used: list[str]
    features_missing: list[str]
    held_out: HeldOutScores
    missing_features_cost: FeatureCost | None = None
    feature_reference: dict[str, dict[str, list[float]]] = Field(
        default_factory=dict, description="per feature: inner decile edges of the training "
        "data and the share in each bin (the drift check's PSI reference)")

    def lines(self) -> list[str]:
        """The card as short lines of text (``gigatwin model-info``, the Defects page)."""
        h = self.held_out
        auc = "n/a" if h.roc_auc is None else f"{h.roc_auc:.4f}"
        out = [
            f"trained on       {self.training_data} ({self.data_source} data)",
            f"data sha256      {self.training_data_sha256}",
            f"rows             {self.n_shots_train} training, {h.n_shots} held out",
            f"trained at       {self.trained_at_utc}",
            f"classifier       {self.kind}; classes: {', '.join(self.classes)}",
            f"features used    {', '.join(self.features_used)}",
            f"features missing {', '.join(self.features_missing) or 'none'}",
            f"held-out scrap   ROC AUC {auc}, Brier {h.brier_score:.5f}, calibration in the "
            f"large {h.calibration_in_the_large:+.4f} (mean p {h.mean_p_scrap:.4f}, observed "
            f"{h.observed_scrap_rate:.4f})",
        ]
        if self.missing_features_cost is not None:
            out.append(missing_cost_sentence(self.missing_features_cost))
        return out


def missing_cost_sentence(cost: FeatureCost) -> str:
    """One sentence on what the missing features cost in held-out AUC."""
    return (f"lacking {', '.join(cost.features_missing)} costs {cost.roc_auc_cost:.4f} "
            f"held-out scrap ROC AUC on the generator's data ({cost.roc_auc_all_features:.4f} "
            f"with all features, {cost.roc_auc_available_features:.4f} without; best possible "
            f"{cost.roc_auc_truth:.4f}; {cost.shots_train} training shots)")


class Sidecar(BaseModel):
    """The JSON beside a model file: what ``load_model`` checks before opening the model."""

    model_config = ConfigDict(extra="allow", frozen=True)

    format: Literal["gigatwin-defect-model/1"]
    kind: str
    features: list[str] = Field(min_length=1)
    classes: list[str] = Field(min_length=1)
    versions: dict[str, str]
    model_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    card: ModelCard | None = None
