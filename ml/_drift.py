"""Drift check: is a trained model still good on newer shots, or should it be retrained?

Three questions, each with a documented threshold (``docs/how-to/check_drift.md``):

* **Discrimination.** ROC AUC on the new shots against the card's held-out AUC. A drop is
  flagged when it exceeds both ``AUC_DROP`` and twice its standard error (Hanley and McNeil
  1982 for each AUC, the two samples independent), so a small file cannot trigger it by noise.
* **Calibration in the large.** Mean predicted minus observed scrap rate. Flagged when its
  size exceeds both ``CITL_ABS`` and twice the binomial standard error of the observed rate.
* **Population stability** of each input (PSI) against the training data's deciles, stored
  in the card: ``PSI = sum_b (a_b - e_b) ln(a_b / e_b)`` over the bins, shares floored at
  ``1e-4``. The usual reading (Siddiqi 2006, *Credit Risk Scorecards*; a rule of thumb, not a
  test): below ``PSI_WATCH`` stable, up to ``PSI_RETRAIN`` a moderate shift worth watching,
  above it a major shift.

Verdict: ``retrain`` if any check is flagged (AUC drop, calibration, a PSI above
``PSI_RETRAIN``), ``watch`` if a PSI is between the two PSI thresholds, else ``keep``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import brier_score_loss, roc_auc_score

AUC_DROP = 0.02
CITL_ABS = 0.01
PSI_WATCH = 0.10
PSI_RETRAIN = 0.25
PSI_BINS = 10
_FLOOR = 1e-4


def reference_bins(frame: pd.DataFrame, features: tuple[str, ...] | list[str],
                   n_bins: int = PSI_BINS) -> dict[str, dict[str, list[float]]]:
    """Per feature: inner decile edges of the training data and the share in each bin."""
    out = {}
    for name in features:
        values = frame[name].to_numpy(float)
        edges = np.unique(np.quantile(values, np.linspace(0, 1, n_bins + 1)[1:-1]))
        out[name] = {"edges": edges.tolist(), "shares": bin_shares(values, edges).tolist()}
    return out


def bin_shares(values: np.ndarray, edges: np.ndarray | list[float]) -> np.ndarray:
    """Share of ``values`` in each bin ``(-inf, e_0], (e_0, e_1], ..., (e_last, inf)``."""
    index = np.searchsorted(np.asarray(edges, float), values, side="left")
    return np.bincount(index, minlength=len(edges) + 1) / max(len(values), 1)


def psi(expected: np.ndarray, actual: np.ndarray) -> float:
    """Population stability index of two bin-share vectors (shares floored at 1e-4)."""
    e, a = np.maximum(expected, _FLOOR), np.maximum(actual, _FLOOR)
    return float(np.sum((a - e) * np.log(a / e)))


def auc_standard_error(auc: float, n_pos: int, n_neg: int) -> float:
    """Hanley-McNeil (1982) standard error of a ROC AUC."""
    q1, q2 = auc / (2 - auc), 2 * auc**2 / (1 + auc)
    var = (auc * (1 - auc) + (n_pos - 1) * (q1 - auc**2) + (n_neg - 1) * (q2 - auc**2))
    return float(np.sqrt(max(var, 0.0) / max(n_pos * n_neg, 1)))


@dataclass(frozen=True)
class DriftReport:
    """Scores on the new shots, PSI per feature, the flags and the verdict."""

    scores: dict[str, float]
    psi: pd.DataFrame
    flags: list[str]
    verdict: str

    def lines(self) -> list[str]:
        """The report as short lines of text (the CLI prints them)."""
        s = self.scores
        out = [f"new shots        {int(s['n_shots'])} ({int(s['n_scrap'])} scrapped)",
               f"ROC AUC          {s['roc_auc']:.4f} (card: {s['roc_auc_card']:.4f}, drop "
               f"{s['roc_auc_drop']:+.4f}, 2 SE {s['roc_auc_drop_2se']:.4f})",
               f"Brier score      {s['brier_score']:.5f} (card: {s['brier_score_card']:.5f})",
               f"calibration      mean p {s['mean_p_scrap']:.4f} - observed "
               f"{s['observed_scrap_rate']:.4f} = {s['calibration_in_the_large']:+.4f} "
               f"(2 SE {s['calibration_2se']:.4f})"]
        for row in self.psi.itertuples():
            out.append(f"PSI {row.feature:<28} {row.psi:7.4f}  {row.reading}")
        out += [f"flag: {flag}" for flag in self.flags]
        out.append(f"verdict: {self.verdict}")
        return out


def check_drift(p_scrap: np.ndarray, scrap: np.ndarray, frame: pd.DataFrame,
                card: dict) -> DriftReport:
    """Score a model's predictions on new shots against its card; say whether to retrain.

    Args:
        p_scrap: the model's scrap probability of each new shot.
        scrap: the observed 0/1 scrap label of each new shot.
        frame: the new shots (the model's features, for the PSI).
        card: the model card (``ModelCard`` as a dict) with ``feature_reference``.
    """
    scores = _scores(np.asarray(p_scrap, float), np.asarray(scrap, int), card)
    table = _psi_table(frame, card.get("feature_reference") or {})
    flags = _flags(scores, table)
    watch = bool((table["psi"] > PSI_WATCH).any()) if len(table) else False
    verdict = "retrain" if flags else ("watch" if watch else "keep")
    return DriftReport(scores, table, flags, verdict)


def _scores(p: np.ndarray, y: np.ndarray, card: dict) -> dict[str, float]:
    n, n_pos = len(y), int(y.sum())
    if not 0 < n_pos < n:
        raise ValueError(f"the new shots need both scrapped and good shots (found {n_pos} "
                         f"scrapped of {n})")
    held = card["held_out"]
    auc, auc_card = float(roc_auc_score(y, p)), float(held["roc_auc"])
    n_card_pos = round(held["observed_scrap_rate"] * held["n_shots"])
    se = np.hypot(auc_standard_error(auc, n_pos, n - n_pos),
                  auc_standard_error(auc_card, n_card_pos, held["n_shots"] - n_card_pos))
    rate = n_pos / n
    return {"n_shots": n, "n_scrap": n_pos, "roc_auc": auc, "roc_auc_card": auc_card,
            "roc_auc_drop": auc_card - auc, "roc_auc_drop_2se": float(2 * se),
            "brier_score": float(brier_score_loss(y, p)),
            "brier_score_card": float(held["brier_score"]),
            "mean_p_scrap": float(p.mean()), "observed_scrap_rate": rate,
            "calibration_in_the_large": float(p.mean() - rate),
            "calibration_2se": float(2 * np.sqrt(rate * (1 - rate) / n))}


def _psi_table(frame: pd.DataFrame, reference: dict) -> pd.DataFrame:
    rows = []
    for name, ref in reference.items():
        actual = bin_shares(frame[name].to_numpy(float), ref["edges"])
        value = psi(np.asarray(ref["shares"], float), actual)
        reading = ("major shift" if value > PSI_RETRAIN else
                   "moderate shift" if value > PSI_WATCH else "stable")
        rows.append({"feature": name, "psi": value, "reading": reading})
    return pd.DataFrame(rows, columns=["feature", "psi", "reading"])


def _flags(s: dict[str, float], table: pd.DataFrame) -> list[str]:
    flags = []
    if s["roc_auc_drop"] > max(AUC_DROP, s["roc_auc_drop_2se"]):
        flags.append(f"ROC AUC fell by {s['roc_auc_drop']:.4f} (> {AUC_DROP} and > 2 SE)")
    citl = abs(s["calibration_in_the_large"])
    if citl > max(CITL_ABS, s["calibration_2se"]):
        flags.append(f"calibration in the large off by {s['calibration_in_the_large']:+.4f} "
                     f"(> {CITL_ABS} and > 2 SE)")
    for row in table[table["psi"] > PSI_RETRAIN].itertuples():
        flags.append(f"{row.feature}: PSI {row.psi:.3f} > {PSI_RETRAIN} (major shift)")
    return flags
